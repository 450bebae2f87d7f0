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

/** The fields a rejection is built with (FindingsSinkError's, writable while it is made). */
interface RejectionFields {
  message: string;
  name: string;
  kind: FindingsErrorKind;
  key: string;
}

/**
 * A sink rejection: a FindingsSinkError (instanceof it and Error, same name, message, kind and
 * key) made without running Error's constructor. A rejection is the sink's ordinary answer to a bad
 * batch, not a crash, and V8's native Error construction is a runtime call of ~300 ns even with no
 * stack captured: a tenth of a findings-sink step where every fourth batch is rejected. Nothing
 * reads a rejection's stack (it would show only harness frames), so it has none.
 */
export function rejection(kind: FindingsErrorKind, key: string, detail: string): FindingsSinkError {
  const error = Object.create(FindingsSinkError.prototype) as RejectionFields;
  error.message = `${kind} at ${key}: ${detail}`;
  error.name = kind;
  error.kind = kind;
  error.key = key;
  return error as unknown as FindingsSinkError;
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
