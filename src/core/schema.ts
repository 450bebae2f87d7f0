/**
 * Checking parsed JSON against a zod schema with a one-line error: the first problem, where it
 * is, and what is wrong. Used for replay files, scenarios and targets' ops.
 */
import type { z } from "zod";

/** Parse `json` with `schema`; on failure throw `makeError("<what> at <path>: <message>")`. */
export function parseWith<S extends z.ZodType>(schema: S, json: unknown, what: string, makeError: (message: string) => Error = (m) => new Error(m)): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue !== undefined && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw makeError(`${what}${where}: ${issue?.message ?? "invalid"}`);
}
