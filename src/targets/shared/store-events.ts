/**
 * The store driver's events in words, for "last events" and `--trace` lines: what the two numbers
 * of each kind mean (see store-driver.ts, where they are emitted). A target's `describeEvent`
 * asks here first for the kinds every store target shares.
 */

/** A store kind's arguments as a phrase; undefined for a kind that is not the store driver's. */
export function describeStoreEvent(kind: string, a: number, b: number): string | undefined {
  switch (kind) {
    case "op.release-next":
      return `${a === 0 ? "oldest first" : "newest first"}, ${b} pending`;
    case "op.release-specific":
      return `pick ${a}`;
    case "op.release-all":
    case "swizzle.clog":
      return `${a} pending`;
    case "op.fail-submissions":
    case "op.fail-commits":
    case "op.delay-writes":
      return `next ${a}`;
    case "op.auto-complete":
      return a === 1 ? "on" : "off";
    case "write.applied":
    case "write.pending":
    case "write.commit-failed":
    case "write.released":
    case "release.out-of-order":
    case "swizzle.out-of-order":
    case "swizzle.released-then-failed":
      return `write ${a}`;
    case "timer.release-stale":
      return `write ${a}, already released`;
    case "write.rejected":
      return `batch of ${a}`;
    case "fault.delay":
      return `held ${a} ms`;
    case "swizzle.full-drain":
      return `${a} were pending at most`;
    case "release.empty":
    case "drain.converged":
    case "fault.submit-fail":
    case "fault.commit-fail":
    case "timer.release":
      return "";
    default:
      return undefined;
  }
}
