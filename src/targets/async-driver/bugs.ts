/**
 * Planted bugs: realistic mistakes in the built-in driver, each naming the invariants it breaks.
 */
import type { BugSpec } from "../../index.js";

export const BUGS = {
  "retry-past-max": { breaks: ["D3"], description: "the retry loop counts retries, not attempts (attempt <= maxAttempts retries after the first), so a request is sent maxAttempts + 1 times" },
  "no-jitter": { breaks: ["D4"], description: "retries wait exactly the exponential backoff, without the declared jitter, so clients failed together retry together" },
  "unbounded-queue": { breaks: ["D2"], description: "requests beyond maxInFlight always wait in the queue: it grows without bound instead of refusing with backpressure" },
  "new-idempotency-key-per-attempt": { breaks: ["D5"], description: "each attempt of a write gets a fresh idempotency key, so a retry after a lost answer applies the write twice" },
  "resume-skips-checkpoint": { breaks: ["D7"], description: "after a stream session reset the consumer resumes after its checkpointed offset instead of at it, skipping a record" },
  "ok-after-timeout": { breaks: ["D6"], description: "a write whose last attempt timed out is reported ok (\"it probably went through\"), though the service may never have applied it" },
  "uncounted-timeout": { breaks: ["D8"], description: "an attempt that times out is retried but not counted in the timeout metric" },
} as const satisfies Record<string, BugSpec>;

export interface DriverBugs {
  readonly retryPastMax: boolean;
  readonly noJitter: boolean;
  readonly unboundedQueue: boolean;
  readonly keyPerAttempt: boolean;
  readonly resumeSkips: boolean;
  readonly uncountedTimeout: boolean;
  readonly okAfterTimeout: boolean;
}

export function driverBugs(bug: string | null): DriverBugs {
  return {
    retryPastMax: bug === "retry-past-max",
    noJitter: bug === "no-jitter",
    unboundedQueue: bug === "unbounded-queue",
    keyPerAttempt: bug === "new-idempotency-key-per-attempt",
    resumeSkips: bug === "resume-skips-checkpoint",
    uncountedTimeout: bug === "uncounted-timeout",
    okAfterTimeout: bug === "ok-after-timeout",
  };
}
