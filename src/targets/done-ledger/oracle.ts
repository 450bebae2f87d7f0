/**
 * The oracle: an independent model of what the ledger must hold.
 *
 * The shared {@link PendingModel} predicts each submission's fate from the store core's rules; this
 * file folds committed writes with its own reading of the merge rules (written from the
 * specification, not shared with the ledger's code, so a bug in one is not hidden by the same bug
 * in the other) and counts pending writes per key, so reads know when a key has uncommitted data.
 */
import { PendingModel } from "../shared/pending-model.js";
import { copyRecord, isScanned, rank, type DoneLedgerRecord, type Status } from "./model.js";

/** One record of a write, with the index of its key. */
export interface KeyedRecord extends DoneLedgerRecord {
  readonly k: number;
}

export type LedgerPayload = readonly KeyedRecord[];

/** How a committed record changed its key, for the histogram. */
export type MergeEffect = "insert" | "status-raised" | "provenance-replaced" | "tie-kept" | "status-kept";

export class LedgerOracle {
  readonly writes = new PendingModel<LedgerPayload>();
  readonly committed: (DoneLedgerRecord | undefined)[];
  /** Pending writes per key index. */
  readonly pendingPerKey: Int32Array;

  constructor(keyCount: number) {
    this.committed = new Array<DoneLedgerRecord | undefined>(keyCount);
    this.pendingPerKey = new Int32Array(keyCount);
  }

  /** Track a payload entering (+1) or leaving (-1) the pending set. */
  pendingChanged(recs: LedgerPayload, delta: 1 | -1): void {
    for (const r of recs) this.pendingPerKey[r.k]! += delta;
  }

  /** Commit the records of a finished write, reporting how each changed its key. */
  commit(recs: LedgerPayload, onMerge: (k: number, effect: MergeEffect) => void): void {
    for (const r of recs) onMerge(r.k, this.#commitOne(r));
  }

  #commitOne(r: KeyedRecord): MergeEffect {
    const cur = this.committed[r.k];
    if (cur === undefined) {
      this.committed[r.k] = copyRecord(r); // without its key index
      return "insert";
    }
    this.committed[r.k] = join(cur, r);
    if (rank(r.status) > rank(cur.status)) return "status-raised";
    if (freshness(r, cur) > 0) return "provenance-replaced";
    return freshness(r, cur) === 0 ? "tie-kept" : "status-kept";
  }
}

/** Compare freshness: positive when `a` is fresher, 0 on a full tie. */
function freshness(a: DoneLedgerRecord, b: DoneLedgerRecord): number {
  return rank(a.status) - rank(b.status) || a.finishedAt - b.finishedAt || a.startedAt - b.startedAt;
}

/**
 * The specification's join of an existing record and an incoming one: `cur` itself when the join
 * leaves every field as it was (the oracle's records are immutable values, so sharing is safe).
 */
function join(cur: DoneLedgerRecord, inc: DoneLedgerRecord): DoneLedgerRecord {
  const status: Status = rank(inc.status) > rank(cur.status) ? inc.status : cur.status;
  const winner = freshness(inc, cur) > 0 ? inc : cur;
  let findingsCount: number;
  if (status === "scanned_clean") findingsCount = 0;
  else if (status === "scanned_with_findings") findingsCount = Math.max(1, withFindings(cur), withFindings(inc));
  else findingsCount = Math.max(cur.findingsCount, inc.findingsCount);
  const bytesScanned = Math.max(cur.bytesScanned, inc.bytesScanned);
  const errorCode = isScanned(status) ? null : winner.errorCode;
  if (winner === cur && status === cur.status && bytesScanned === cur.bytesScanned && findingsCount === cur.findingsCount && errorCode === cur.errorCode) return cur;
  return { status, bytesScanned, findingsCount, startedAt: winner.startedAt, finishedAt: winner.finishedAt, errorCode, runId: winner.runId };
}

function withFindings(r: DoneLedgerRecord): number {
  return r.status === "scanned_with_findings" ? r.findingsCount : 0;
}
