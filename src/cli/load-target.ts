/**
 * Resolve `--target`: a built-in name, or a path to a user's module whose default export is
 * `defineTarget(...)`.
 *
 * The main thread never imports a user's module. A path is loaded in a watched worker thread (a
 * target session, see isolate/session.ts): the module's import, and later every run, shrink
 * candidate, parseOp, shrinkOp and describeOp call, execute there, under the command's
 * `--seed-timeout` and `--worker-heap-mb`. What comes back here is a stand-in {@link Target}
 * holding the module's names and tables. A built-in target is simctl's own code and stays in this
 * thread, unless the command asked for a limit (isolate/limits.ts).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../core/errors.js";
import type { Target } from "../core/target.js";
import { loadBuiltin, unknownTargetMessage } from "./builtins.js";
import { isolationLimits } from "./isolate/limits.js";
import { TargetSession } from "./isolate/session.js";

export function isTargetPath(spec: string): boolean {
  return spec.includes("/") || spec.includes("\\") || /\.(c|m)?(t|j)s$/.test(spec);
}

/** Sessions by working directory and spec: a command that names its target twice loads it once. */
const sessions = new Map<string, Promise<TargetSession>>();

/**
 * `implSpec` (`--impl`) names a module implementing the target's contract: user code, so the
 * target then always runs in a worker, built-in or not.
 */
export async function loadTarget(spec: string, cwd: string, implSpec?: string): Promise<Target<unknown>> {
  const limits = isolationLimits();
  if (!isTargetPath(spec)) {
    const builtin = await loadBuiltin(spec);
    if (builtin === undefined) throw new InputError(unknownTargetMessage(spec));
    if (implSpec === undefined && !limits.isolateBuiltins) return builtin;
    if (implSpec !== undefined && builtin.impl === undefined) throw new InputError(`target '${spec}' takes no --impl (it has no contract a module can implement)`);
  } else if (!existsSync(resolve(cwd, spec))) {
    throw new InputError(`target module '${spec}' not found`);
  }
  if (implSpec !== undefined && !existsSync(resolve(cwd, implSpec))) throw new InputError(`--impl module '${implSpec}' not found`);
  const key = `${cwd}\0${spec}\0${implSpec ?? ""}`;
  let session = sessions.get(key);
  if (session === undefined) {
    session = TargetSession.open(spec, cwd, limits, implSpec);
    sessions.set(key, session);
    session.catch(() => sessions.delete(key));
  }
  return (await session).target;
}
