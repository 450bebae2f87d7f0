/**
 * The done-ledger invariant checker: I1-I6 and I10, and the row-level halves of I7 and I8 (the
 * write-lifecycle halves and I9 are the shared store driver's).
 *
 * Checks are incremental: each looks at what a step touched (the keys of a finished write, the
 * keys a read returned). The full comparison (I6) runs only at drain points, where a step empties
 * the pending queue, and at the end of the run.
 */
import type { RunContext } from "../../index.js";
import { ViolationLog } from "../shared/violation-log.js";
import type { LedgerRow } from "./ledger.js";
import { KEYS, indexOfKey, isScanned, rank, sameRecord, showKey, showRecord, type DoneLedgerRecord } from "./model.js";
import type { LedgerOracle, LedgerPayload } from "./oracle.js";

export const INVARIANTS = {
  I1: "a key's durable status rank never decreases",
  I2: "a key's bytesScanned never decreases",
  I3: "findingsCount agrees with status (0 for scanned_clean, >= 1 for scanned_with_findings)",
  I4: "scanned statuses carry no errorCode",
  I5: "durable provenance is the freshest among the committed writes to that key",
  I6: "once nothing is pending, durable state equals the oracle's committed model",
  I7: "an injected submission failure leaves durable state and the pending queue unchanged",
  I8: "an op failing at commit changes no durable row and its handle reports the failure",
  I9: "every PendingWriteId completes exactly once, when released; ids strictly increase; none is lost",
  I10: "reads return exactly the committed state, never pending writes; snapshots are sorted",
  H1: "the clients' history (committed upserts, batchGet/getRecord reads) is linearizable, a register per key",
} as const;

export type InvariantId = keyof typeof INVARIANTS;

/**
 * The durable rows the checker compares, bypassing the read path: the in-memory ledger itself,
 * or (for a user's store) the rows its reads returned just before the check.
 */
export interface LedgerProbe {
  /** The durable record under a key id (its canonical encoding), or undefined. */
  inspect(keyId: string): DoneLedgerRecord | undefined;
  /** The number of durable rows. */
  durableCount(): number;
}

export class LedgerChecker extends ViolationLog {
  /** Last durable rank and bytes seen per key index (-1: absent). */
  // Plain arrays: typed arrays this size live off V8's heap, a cost paid per seed.
  readonly #lastRank: number[] = new Array<number>(KEYS.length).fill(-1);
  readonly #lastBytes: number[] = new Array<number>(KEYS.length).fill(-1);
  /** Per key, the stamp of the last write whose keys were checked (dedupes keys within a batch). */
  readonly #checkedAt: number[] = new Array<number>(KEYS.length).fill(0);
  #stamp = 0;

  constructor(
    ctx: RunContext,
    readonly ledger: LedgerProbe,
    readonly oracle: LedgerOracle,
  ) {
    super(ctx);
  }

  /** I7: a rejected batch changed none of its rows. */
  rejected(recs: LedgerPayload): void {
    for (const r of recs) if (!this.#matchesOracle(r.k)) return this.fail("I7", `injected submission failure changed ${this.#diff(r.k)}`);
  }

  /** I8: a write that failed at commit changed none of its rows. */
  failedAtCommit(id: number, recs: LedgerPayload): void {
    for (const r of recs) if (!this.#matchesOracle(r.k)) return this.fail("I8", `write ${id} failed at commit but changed ${this.#diff(r.k)}`);
  }

  /** I1-I5 once per distinct key of a committed write (a batch may write a key twice). */
  committed(recs: LedgerPayload): void {
    const stamp = ++this.#stamp;
    for (const r of recs) {
      if (this.#checkedAt[r.k] === stamp) continue;
      this.#checkedAt[r.k] = stamp;
      this.#checkKey(r.k);
    }
  }

  /** I1-I5 on one key after a commit touched it (the key's name is built only for a message). */
  #checkKey(k: number): void {
    const row = this.ledger.inspect(KEYS[k]!.id);
    if (row === undefined) return this.fail("I6", `${keyName(k)} has no durable row after a committed write`);
    const r = rank(row.status);
    if (r < this.#lastRank[k]!) this.fail("I1", `${keyName(k)} status fell to ${row.status} (rank ${r} < ${this.#lastRank[k]})`);
    if (row.bytesScanned < this.#lastBytes[k]!) this.fail("I2", `${keyName(k)} bytesScanned fell from ${this.#lastBytes[k]} to ${row.bytesScanned}`);
    if ((row.status === "scanned_clean" && row.findingsCount !== 0) || (row.status === "scanned_with_findings" && row.findingsCount < 1)) {
      this.fail("I3", `${keyName(k)} is ${row.status} with findingsCount ${row.findingsCount}`);
    }
    if (isScanned(row.status) && row.errorCode !== null) this.fail("I4", `${keyName(k)} is ${row.status} but carries errorCode ${row.errorCode}`);
    const want = this.oracle.committed[k];
    if (want !== undefined && !sameProvenance(row, want)) {
      this.fail("I5", `${keyName(k)} provenance is ${row.runId} t=${row.startedAt}..${row.finishedAt}, the freshest committed write is ${want.runId} t=${want.startedAt}..${want.finishedAt}`);
    }
    this.#lastRank[k] = r;
    this.#lastBytes[k] = row.bytesScanned;
  }

  /** I10 for one read result. */
  read(k: number, got: DoneLedgerRecord | null, via: string): void {
    const want = this.oracle.committed[k] ?? null;
    if (want === null ? got !== null : got === null || !sameRecord(got, want)) {
      const pending = this.oracle.pendingPerKey[k]! > 0 ? " (the key has pending writes)" : "";
      this.fail("I10", `${via} ${showKey(KEYS[k]!)} returned ${showRecord(got)}, committed state is ${showRecord(want)}${pending}`);
    }
  }

  /** I10 for a snapshot: sorted, and exactly the committed rows. */
  snapshot(rows: readonly LedgerRow[]): void {
    for (let i = 1; i < rows.length; i++) {
      if (compareKeys(rows[i - 1]!, rows[i]!) >= 0) {
        return this.fail("I10", `snapshot is not sorted: ${showKey(rows[i - 1]!.key)} before ${showKey(rows[i]!.key)}`);
      }
    }
    let committed = 0;
    for (const r of this.oracle.committed) if (r !== undefined) committed++;
    if (rows.length !== committed) return this.fail("I10", `snapshot has ${rows.length} rows, committed state has ${committed}`);
    for (const row of rows) {
      const want = this.oracle.committed[indexOfKey(row.key.id)];
      if (want === undefined || !sameRecord(row.record, want)) {
        return this.fail("I10", `snapshot row ${showKey(row.key)} is ${showRecord(row.record)}, committed state is ${showRecord(want)}`);
      }
    }
  }

  /** I6: full comparison once nothing is pending. Returns true when it holds. */
  converged(where: string): boolean {
    let rows = 0;
    for (let k = 0; k < KEYS.length; k++) {
      if (this.oracle.committed[k] !== undefined) rows++;
      if (!this.#matchesOracle(k)) {
        this.fail("I6", `${where}: ${this.#diff(k)}`);
        return false;
      }
    }
    if (this.ledger.durableCount() !== rows) {
      this.fail("I6", `${where}: the ledger has ${this.ledger.durableCount()} durable rows, expected ${rows}`);
      return false;
    }
    return true;
  }

  #matchesOracle(k: number): boolean {
    const got = this.ledger.inspect(KEYS[k]!.id);
    const want = this.oracle.committed[k];
    return got === undefined ? want === undefined : want !== undefined && sameRecord(got, want);
  }

  #diff(k: number): string {
    return `${showKey(KEYS[k]!)}: durable ${showRecord(this.ledger.inspect(KEYS[k]!.id))}, expected ${showRecord(this.oracle.committed[k])}`;
  }
}

function keyName(k: number): string {
  return showKey(KEYS[k]!);
}

function sameProvenance(a: DoneLedgerRecord, b: DoneLedgerRecord): boolean {
  return a.startedAt === b.startedAt && a.finishedAt === b.finishedAt && a.runId === b.runId;
}

function compareKeys(a: LedgerRow, b: LedgerRow): number {
  return cmp(a.key.tenantId, b.key.tenantId) || cmp(a.key.policyHash, b.key.policyHash) || cmp(a.key.ovidHash, b.key.ovidHash);
}

/** Code-unit order: the same on every host, unlike localeCompare. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
