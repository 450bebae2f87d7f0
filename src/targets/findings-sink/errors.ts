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
