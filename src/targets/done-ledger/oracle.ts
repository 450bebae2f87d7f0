/**
 * The oracle: an independent model of what the ledger must hold.
 *
 * It mirrors the store's counters to predict, for every submission, whether it is rejected,
 * held pending or applied, its PendingWriteId, and whether it fails at commit; and it folds
 * committed writes with its own reading of the merge rules (written from the specification, not
 * shared with the ledger's code, so a bug in one is not hidden by the same bug in the other).
 */
import { isScanned, rank, type DoneLedgerRecord, type Status } from "./model.js";

/** One record of a write, with the index of its key. */
export interface KeyedRecord extends DoneLedgerRecord {
  readonly k: number;
}

export interface OracleWrite {
  readonly id: number;
  readonly recs: readonly KeyedRecord[];
  readonly failCommit: boolean;
}

export type Prediction =
  | { readonly kind: "rejected" }
  | { readonly kind: "pending"; readonly write: OracleWrite }
  | { readonly kind: "immediate"; readonly write: OracleWrite };

/** How a committed record changed its key, for the histogram. */
export type MergeEffect = "insert" | "status-raised" | "provenance-replaced" | "tie-kept" | "status-kept";

export class LedgerOracle {
  readonly committed: (DoneLedgerRecord | undefined)[];
  readonly pending = new Map<number, OracleWrite>();
  /** Pending writes per key index, so reads know when a key has uncommitted data. */
  readonly pendingPerKey: Int32Array;
  nextId = 1;
  #failSubmit = 0;
  #failCommit = 0;
  #delayNext = 0;
  #autoComplete = true;

  constructor(keyCount: number) {
    this.committed = new Array<DoneLedgerRecord | undefined>(keyCount);
    this.pendingPerKey = new Int32Array(keyCount);
  }

  failNextSubmissions(n: number): void {
    this.#failSubmit += n;
  }
  failNextCommits(n: number): void {
    this.#failCommit += n;
  }
  delayNextWrites(n: number): void {
    this.#delayNext += n;
  }
  setAutoComplete(on: boolean): void {
    this.#autoComplete = on;
  }

  /** Predict what a submission of `recs` does, and register it. */
  submit(recs: readonly KeyedRecord[]): Prediction {
    if (this.#failSubmit > 0) {
      this.#failSubmit--;
      return { kind: "rejected" };
    }
    const failCommit = this.#failCommit > 0;
    if (failCommit) this.#failCommit--;
    const write: OracleWrite = { id: this.nextId++, recs, failCommit };
    const delayed = this.#delayNext > 0 || !this.#autoComplete;
    if (this.#delayNext > 0) this.#delayNext--;
    this.pending.set(write.id, write);
    for (const r of recs) this.pendingPerKey[r.k]! += 1;
    return delayed ? { kind: "pending", write } : { kind: "immediate", write };
  }

  /** Oldest and newest pending ids (pending ids are in submission order). */
  oldest(): number | undefined {
    for (const id of this.pending.keys()) return id;
    return undefined;
  }
  newest(): number | undefined {
    let last: number | undefined;
    for (const id of this.pending.keys()) last = id;
    return last;
  }

  /** The pending id at position `pick` modulo the number pending, oldest first. */
  pendingAt(pick: number): number | undefined {
    const n = this.pending.size;
    if (n === 0) return undefined;
    let i = pick % n;
    for (const id of this.pending.keys()) if (i-- === 0) return id;
    return undefined;
  }

  /** Finish write `id`: commit its records unless it fails at commit. Returns the write. */
  complete(id: number, onMerge: (k: number, effect: MergeEffect) => void): OracleWrite | undefined {
    const write = this.pending.get(id);
    if (write === undefined) return undefined;
    this.pending.delete(id);
    for (const r of write.recs) this.pendingPerKey[r.k]! -= 1;
    if (!write.failCommit) for (const r of write.recs) onMerge(r.k, this.#commit(r));
    return write;
  }

  #commit(r: KeyedRecord): MergeEffect {
    const cur = this.committed[r.k];
    if (cur === undefined) {
      this.committed[r.k] = strip(r);
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

/** The specification's join of an existing record and an incoming one. */
function join(cur: DoneLedgerRecord, inc: DoneLedgerRecord): DoneLedgerRecord {
  const status: Status = rank(inc.status) > rank(cur.status) ? inc.status : cur.status;
  const winner = freshness(inc, cur) > 0 ? inc : cur;
  let findingsCount: number;
  if (status === "scanned_clean") findingsCount = 0;
  else if (status === "scanned_with_findings") findingsCount = Math.max(1, withFindings(cur), withFindings(inc));
  else findingsCount = Math.max(cur.findingsCount, inc.findingsCount);
  return {
    status,
    bytesScanned: Math.max(cur.bytesScanned, inc.bytesScanned),
    findingsCount,
    startedAt: winner.startedAt,
    finishedAt: winner.finishedAt,
    runId: winner.runId,
    errorCode: isScanned(status) ? null : winner.errorCode,
  };
}

function withFindings(r: DoneLedgerRecord): number {
  return r.status === "scanned_with_findings" ? r.findingsCount : 0;
}

function strip(r: KeyedRecord): DoneLedgerRecord {
  const { k: _k, ...record } = r;
  return record;
}
