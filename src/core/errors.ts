/**
 * Typed errors that carry their exit code. Library code throws these; only `bin/` turns the code
 * into the process exit status.
 */

/**
 * Exit codes, as documented in the README (its table lists exactly these). No other code is
 * returned: `bin/` maps anything unexpected (an uncaught error, a command that never settles) to
 * `internal`.
 */
export const EXIT = {
  ok: 0,
  violation: 1,
  badInput: 2,
  nondeterminism: 3,
  /** A checker ran out of budget (an inconclusive seed or history) and nothing failed. */
  inconclusive: 4,
  /** A bug in simctl itself: never the user's input, never the system under test. */
  internal: 70,
  /** Interrupted by SIGINT (Ctrl-C): 128 + 2. */
  interrupted: 130,
  /** Terminated by SIGTERM (what CI runners and Kubernetes send on cancel): 128 + 15. */
  terminated: 143,
} as const;

/** Every code the CLI can return. */
export const EXIT_CODES: readonly number[] = Object.values(EXIT);

/** Bad input from the user: unknown target, bad seed, malformed file, ... Exit 2, one line. */
export class InputError extends Error {
  readonly exitCode = EXIT.badInput;
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
