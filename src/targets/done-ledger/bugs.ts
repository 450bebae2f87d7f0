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
  "dirty-read": "I10, H1: batchGet returns pending writes merged over durable rows",
  "unsorted-snapshot": "I10: snapshot returns rows in insertion order",
} as const;

export type BugName = keyof typeof BUGS;

const SWITCHES: Readonly<Record<BugName, LedgerBugs>> = {
  "lww-status": { lwwStatus: true },
  "overwrite-bytes": { overwriteBytes: true },
  "findings-count-max": { findingsCountMax: true },
  "sticky-error-code": { stickyErrorCode: true },
  "provenance-lww": { provenanceLww: true },
  "skip-lower-rank": { skipLowerRank: true },
  "failed-submit-enqueues": { submitFailureEnqueues: true },
  "partial-commit": { commitFailureAppliesPart: true },
  "double-apply": { releaseAllAppliesLastTwice: true },
  "newest-first-drains-oldest": { newestFirstDrainsOldest: true },
  "dirty-read": { dirtyRead: true },
  "unsorted-snapshot": { unsortedSnapshot: true },
};

/** The ledger's bug switches for a run (none for no bug). */
export function ledgerBugs(bug: string | null): LedgerBugs {
  return bug !== null && Object.hasOwn(SWITCHES, bug) ? SWITCHES[bug as BugName] : {};
}
