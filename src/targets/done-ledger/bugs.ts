/**
 * Planted bugs: realistic implementation mistakes, each switched on by `--bug NAME`. Together
 * they break every invariant I1-I10; the test suite shows a sweep catches each one.
 */
import type { LedgerBugs } from "./ledger.js";

export const BUGS = {
  "lww-status": "I1: status is last-writer-wins instead of the higher rank",
  "overwrite-bytes": "I2: bytesScanned is overwritten by the incoming record instead of maxed",
  "findings-count-max": "I3: findingsCount is a plain max, so a clean scan keeps an earlier count",
  "sticky-error-code": "I4: the first errorCode sticks, even after a successful scan",
  "provenance-lww": "I5: provenance (startedAt, finishedAt, runId) is last-writer-wins",
  "skip-lower-rank": "I6: a record ranked below the stored one is skipped whole, losing its bytesScanned",
  "failed-submit-enqueues": "I7: an injected submission failure still enqueues the write",
  "partial-commit": "I8: a write failing at commit applies the first half of its batch",
  "double-apply": "I9: releaseAll applies its last write twice (an off-by-one in the drain loop)",
  "newest-first-drains-oldest": "I9: releaseNext(newestFirst) releases the oldest write",
  "dirty-read": "I10: batchGet returns pending writes merged over durable rows",
  "unsorted-snapshot": "I10: snapshot returns rows in insertion order",
} as const;

export type BugName = keyof typeof BUGS;

/** The ledger's bug switches for a run. */
export function ledgerBugs(bug: string | null): LedgerBugs {
  switch (bug as BugName | null) {
    case "lww-status":
      return { lwwStatus: true };
    case "overwrite-bytes":
      return { overwriteBytes: true };
    case "findings-count-max":
      return { findingsCountMax: true };
    case "sticky-error-code":
      return { stickyErrorCode: true };
    case "provenance-lww":
      return { provenanceLww: true };
    case "skip-lower-rank":
      return { skipLowerRank: true };
    case "failed-submit-enqueues":
      return { submitFailureEnqueues: true };
    case "partial-commit":
      return { commitFailureAppliesPart: true };
    case "double-apply":
      return { releaseAllAppliesLastTwice: true };
    case "newest-first-drains-oldest":
      return { newestFirstDrainsOldest: true };
    case "dirty-read":
      return { dirtyRead: true };
    case "unsorted-snapshot":
      return { unsortedSnapshot: true };
    default:
      return {};
  }
}
