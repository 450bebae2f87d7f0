/**
 * Planted bugs: realistic implementation mistakes, each switched on by `--bug NAME`. Together
 * they break every invariant I1-I10; the test suite shows a sweep catches each one.
 */
import type { LedgerBugs } from "./ledger.js";

export const BUGS = {
  "lww-status": { breaks: ["I1"], description: "status is last-writer-wins instead of the higher rank" },
  "overwrite-bytes": { breaks: ["I2"], description: "bytesScanned is overwritten by the incoming record instead of maxed" },
  "findings-count-max": { breaks: ["I3"], description: "findingsCount is a plain max, so a clean scan keeps an earlier count" },
  "sticky-error-code": { breaks: ["I4"], description: "the first errorCode sticks, even after a successful scan" },
  "provenance-lww": { breaks: ["I5"], description: "provenance (startedAt, finishedAt, runId) is last-writer-wins" },
  "skip-lower-rank": { breaks: ["I6"], description: "a record ranked below the stored one is skipped whole, losing its bytesScanned" },
  "failed-submit-enqueues": { breaks: ["I7"], description: "an injected submission failure still enqueues the write" },
  "partial-commit": { breaks: ["I8"], description: "a write failing at commit applies the first half of its batch" },
  "double-apply": { breaks: ["I9"], description: "releaseAll applies its last write twice (an off-by-one in the drain loop)" },
  "newest-first-drains-oldest": { breaks: ["I9"], description: "releaseNext(newestFirst) releases the oldest write" },
  "dirty-read": { breaks: ["I10", "H1"], description: "batchGet returns pending writes merged over durable rows" },
  "unsorted-snapshot": { breaks: ["I10"], description: "snapshot returns rows in insertion order" },
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
