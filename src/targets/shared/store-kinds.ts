/** Histogram kinds and fault kinds of every target built on the store core. */

/** Op, write-lifecycle, release, fault and timer kinds the store driver emits. */
export const STORE_EVENT_KINDS = [
  "op.release-next",
  "op.release-specific",
  "op.release-all",
  "op.fail-submissions",
  "op.fail-commits",
  "op.delay-writes",
  "op.auto-complete",
  "write.applied",
  "write.pending",
  "write.rejected",
  "write.commit-failed",
  "write.released",
  "release.empty",
  "release.out-of-order",
  "drain.converged",
  "fault.submit-fail",
  "fault.commit-fail",
  "fault.delay",
  "timer.release",
  "timer.release-stale",
] as const;

/** Kinds only the swizzle-clog workload emits (scope them with `workloadKinds`). */
export const SWIZZLE_KINDS = ["swizzle.clog", "swizzle.out-of-order", "swizzle.released-then-failed", "swizzle.full-drain"] as const;

/** Background fault kinds the store driver asks the fault source for. */
export const STORE_FAULT_KINDS = ["submit-fail", "commit-fail", "delay"] as const;

export type StoreKind = (typeof STORE_EVENT_KINDS)[number] | (typeof SWIZZLE_KINDS)[number];
