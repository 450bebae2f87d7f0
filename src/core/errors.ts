/**
 * Typed errors that carry their exit code. Library code throws these; only `bin/` turns the code
 * into the process exit status.
 */

/** Exit codes, as documented in the README. */
export const EXIT = {
  ok: 0,
  violation: 1,
  badInput: 2,
  nondeterminism: 3,
  /** A checker ran out of budget (an inconclusive seed or history) and nothing failed. */
  inconclusive: 4,
  interrupted: 130,
} as const;

/** Bad input from the user: unknown target, bad seed, malformed file, ... Exit 2, one line. */
export class InputError extends Error {
  readonly exitCode = EXIT.badInput;
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
