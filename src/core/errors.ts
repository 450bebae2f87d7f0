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

/**
 * An error built without capturing a stack. For errors that are routine control flow in a
 * simulation (an injected fault, a timeout that fired, a store rejecting a bad batch): thousands
 * per sweep, and a stack would show only harness frames, while capturing it cost a fifth of a
 * store target's step time and a tenth of a failover run.
 */
export function withoutStack<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
