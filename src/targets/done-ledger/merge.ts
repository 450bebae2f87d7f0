/**
 * The ledger's merge of an incoming record into an existing one: a monotonic lattice, so writes
 * that arrive in any order converge.
 *
 * 1. status: the higher rank;
 * 2. bytesScanned: max; findingsCount: 0 for scanned_clean, for scanned_with_findings the largest
 *    count among the with-findings records (at least 1), else max. Counting only with-findings
 *    records keeps the merge associative: a failed attempt's count cannot resurface after a clean
 *    scan zeroed it;
 * 3. provenance (startedAt, finishedAt, runId) from the fresher record: higher status rank, then
 *    later finishedAt, then later startedAt, else keep the existing one;
 * 4. errorCode: null once the merged status is scanned, else the provenance winner's.
 *
 * The planted bugs that live in the merge are switched by {@link MergeBugs}.
 */
import { isScanned, rank, type DoneLedgerRecord, type Status } from "./model.js";

export interface MergeBugs {
  /** Status is last-writer-wins instead of the higher rank. */
  readonly lwwStatus?: boolean;
  /** bytesScanned is overwritten instead of maxed. */
  readonly overwriteBytes?: boolean;
  /** findingsCount is a plain max, even for scanned_clean. */
  readonly findingsCountMax?: boolean;
  /** The first error code sticks, even after a successful scan. */
  readonly stickyErrorCode?: boolean;
  /** Provenance is last-writer-wins. */
  readonly provenanceLww?: boolean;
}

const NO_BUGS: MergeBugs = {};

/** True when `a` is strictly fresher than `b`. */
export function isFresher(a: DoneLedgerRecord, b: DoneLedgerRecord): boolean {
  const ra = rank(a.status);
  const rb = rank(b.status);
  if (ra !== rb) return ra > rb;
  if (a.finishedAt !== b.finishedAt) return a.finishedAt > b.finishedAt;
  return a.startedAt > b.startedAt;
}

/**
 * The merged record: `existing` itself when the merge changes nothing (records are immutable, so
 * sharing it is safe; most merges into a settled row change nothing), else a new record.
 */
export function mergeRecords(existing: DoneLedgerRecord, incoming: DoneLedgerRecord, bugs: MergeBugs = NO_BUGS): DoneLedgerRecord {
  const status = bugs.lwwStatus || rank(incoming.status) > rank(existing.status) ? incoming.status : existing.status;
  const provenance = bugs.provenanceLww || isFresher(incoming, existing) ? incoming : existing;
  const bytesScanned = bugs.overwriteBytes ? incoming.bytesScanned : Math.max(existing.bytesScanned, incoming.bytesScanned);
  const findingsCount = bugs.findingsCountMax ? Math.max(existing.findingsCount, incoming.findingsCount) : mergedFindings(status, existing, incoming);
  const errorCode = mergedErrorCode(status, provenance, existing, bugs);
  const { startedAt, finishedAt, runId } = provenance;
  if (
    status === existing.status &&
    bytesScanned === existing.bytesScanned &&
    findingsCount === existing.findingsCount &&
    startedAt === existing.startedAt &&
    finishedAt === existing.finishedAt &&
    errorCode === existing.errorCode &&
    runId === existing.runId
  ) {
    return existing;
  }
  // Fields in the order every record is built in (copyRecord's): one object shape for V8.
  return { status, bytesScanned, findingsCount, startedAt, finishedAt, errorCode, runId };
}

function mergedFindings(status: Status, a: DoneLedgerRecord, b: DoneLedgerRecord): number {
  if (status === "scanned_clean") return 0;
  if (status !== "scanned_with_findings") return Math.max(a.findingsCount, b.findingsCount);
  const fa = a.status === "scanned_with_findings" ? a.findingsCount : 0;
  const fb = b.status === "scanned_with_findings" ? b.findingsCount : 0;
  return Math.max(1, fa, fb);
}

function mergedErrorCode(status: Status, provenance: DoneLedgerRecord, existing: DoneLedgerRecord, bugs: MergeBugs): string | null {
  if (bugs.stickyErrorCode && existing.errorCode !== null) return existing.errorCode;
  return isScanned(status) ? null : provenance.errorCode;
}
