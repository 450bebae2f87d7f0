import { withoutStack } from "../../index.js";

/** The sink's error kinds; each carries the offending row's key. */
export const ERROR_KINDS = ["BatchValidation", "FindingConflict", "OccurrenceConflict", "MissingFinding", "ObservationConflict", "MissingOccurrence"] as const;
export type FindingsErrorKind = (typeof ERROR_KINDS)[number];

export class FindingsSinkError extends Error {
  constructor(
    readonly kind: FindingsErrorKind,
    /** `tenant/id` of the row that failed. */
    readonly key: string,
    detail: string,
  ) {
    super(`${kind} at ${key}: ${detail}`);
    this.name = kind;
  }
}

/**
 * A sink rejection without a stack. A rejection is the sink's ordinary answer to a bad batch, not
 * a crash: its stack would only show harness frames and nothing reads it, yet capturing it was a
 * sixth of a run's time.
 */
export function rejection(kind: FindingsErrorKind, key: string, detail: string): FindingsSinkError {
  return withoutStack(() => new FindingsSinkError(kind, key, detail));
}

/**
 * Whether `error` names a rule and a row as the sink's errors do: a FindingsSinkError, or a
 * user's store's error with the same `kind` and `key` (the contract compares fields, not classes).
 */
export function isSinkError(error: unknown): error is { readonly kind: FindingsErrorKind; readonly key: string; readonly name?: string } {
  if (error === null || typeof error !== "object") return false;
  const { kind, key } = error as { kind?: unknown; key?: unknown };
  return typeof kind === "string" && (ERROR_KINDS as readonly string[]).includes(kind) && typeof key === "string";
}
