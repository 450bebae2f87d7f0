/**
 * The done-ledger invariant checker, I1-I10.
 *
 * Checks are incremental: each looks at what a step touched (the keys of a finished write, the
 * keys a read returned, the write a release finished). Full comparisons (I6) run only at drain
 * points, where a step empties the pending queue, and at the end of the run.
 */
import type { RunContext, Violation } from "../../index.js";
import type { StoreHandle } from "../shared/store-core.js";
import { InjectedCommitFailure } from "../shared/store-core.js";
import type { InMemoryDoneLedger, LedgerRow } from "./ledger.js";
import { KEYS, indexOfKey, isScanned, rank, sameRecord, showKey, showRecord, type DoneLedgerRecord } from "./model.js";
import type { LedgerOracle, OracleWrite } from "./oracle.js";

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
} as const;

export type InvariantId = keyof typeof INVARIANTS;

const NONE: readonly Violation[] = [];

export class LedgerChecker {
  readonly #found: Violation[] = [];
  /** Last durable rank and bytes seen per key index (-1: absent). */
  readonly #lastRank = new Int32Array(KEYS.length).fill(-1);
  readonly #lastBytes = new Float64Array(KEYS.length).fill(-1);
  /** Completions per write id; ids are dense from 1, so a growable byte array is enough. */
  #completions = new Uint8Array(1024);
  #lastAcceptedId = 0;
  /** Per key, the stamp of the last write whose keys were checked (dedupes keys within a batch). */
  readonly #checkedAt = new Int32Array(KEYS.length);
  #stamp = 0;

  constructor(
    readonly ctx: RunContext,
    readonly ledger: InMemoryDoneLedger,
    readonly oracle: LedgerOracle,
  ) {}

  fail(id: InvariantId, message: string, details?: Record<string, unknown>): void {
    this.#found.push(this.ctx.violation(id, message, details));
  }

  /** Violations found since the last call. */
  take(): readonly Violation[] {
    if (this.#found.length === 0) return NONE;
    return this.#found.splice(0);
  }

  /** I9: ids strictly increase. */
  accepted(handle: StoreHandle, predictedId: number): void {
    if (handle.id <= this.#lastAcceptedId) this.fail("I9", `write id ${handle.id} does not increase (previous ${this.#lastAcceptedId})`);
    else if (handle.id !== predictedId) this.fail("I9", `write got id ${handle.id}, expected ${predictedId}`);
    this.#lastAcceptedId = handle.id;
  }

  /** I7: after a rejected submission nothing changed, neither the queue nor the batch's rows. */
  rejected(keys: readonly number[]): void {
    const queued = this.ledger.pendingCount();
    if (queued !== this.oracle.pending.size) {
      this.fail("I7", `injected submission failure changed the pending queue: ${queued} pending, expected ${this.oracle.pending.size}`);
      return;
    }
    for (const k of keys) if (!this.#matchesOracle(k)) return this.fail("I7", `injected submission failure changed ${this.#diff(k)}`);
  }

  /** I8 and I9 for one finished write; I1-I5 on its keys when it committed. */
  completed(handle: StoreHandle, expectedId: number | undefined, write: OracleWrite | undefined): void {
    const seen = this.#countCompletion(handle.id);
    if (seen > 0) return this.fail("I9", `write ${handle.id} completed ${seen + 1} times`);
    if (expectedId === undefined) return this.fail("I9", `write ${handle.id} completed although no release asked for it`);
    if (handle.id !== expectedId) return this.fail("I9", `the release finished write ${handle.id}, expected write ${expectedId}`);
    if (write === undefined) return this.fail("I9", `write ${handle.id} completed but was never accepted`);
    if (write.failCommit) this.#failedAtCommit(handle, write);
    else if (handle.state !== "applied") this.fail("I8", `write ${handle.id} reported ${handle.state} (${handle.error?.message ?? "no error"}) but no failure was injected`);
    else this.#checkKeysOf(write);
  }

  /** I1-I5 once per distinct key of a committed write (a batch may write a key twice). */
  #checkKeysOf(write: OracleWrite): void {
    const stamp = ++this.#stamp;
    for (const r of write.recs) {
      if (this.#checkedAt[r.k] === stamp) continue;
      this.#checkedAt[r.k] = stamp;
      this.#checkKey(r.k);
    }
  }

  /** Count one completion of `id`; returns how many there were before. */
  #countCompletion(id: number): number {
    if (id >= this.#completions.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.#completions.length * 2));
      grown.set(this.#completions);
      this.#completions = grown;
    }
    const seen = this.#completions[id]!;
    this.#completions[id] = Math.min(255, seen + 1);
    return seen;
  }

  #failedAtCommit(handle: StoreHandle, write: OracleWrite): void {
    if (handle.state !== "failed" || !(handle.error instanceof InjectedCommitFailure)) {
      return this.fail("I8", `write ${handle.id} should fail at commit but its handle reports ${handle.state}`);
    }
    for (const r of write.recs) {
      if (!this.#matchesOracle(r.k)) return this.fail("I8", `write ${handle.id} failed at commit but changed ${this.#diff(r.k)}`);
    }
  }

  /** I1-I5 on one key after a commit touched it. */
  #checkKey(k: number): void {
    const row = this.ledger.inspect(KEYS[k]!.id);
    const key = showKey(KEYS[k]!);
    if (row === undefined) return this.fail("I6", `${key} has no durable row after a committed write`);
    const r = rank(row.status);
    if (r < this.#lastRank[k]!) this.fail("I1", `${key} status fell to ${row.status} (rank ${r} < ${this.#lastRank[k]})`);
    if (row.bytesScanned < this.#lastBytes[k]!) this.fail("I2", `${key} bytesScanned fell from ${this.#lastBytes[k]} to ${row.bytesScanned}`);
    if ((row.status === "scanned_clean" && row.findingsCount !== 0) || (row.status === "scanned_with_findings" && row.findingsCount < 1)) {
      this.fail("I3", `${key} is ${row.status} with findingsCount ${row.findingsCount}`);
    }
    if (isScanned(row.status) && row.errorCode !== null) this.fail("I4", `${key} is ${row.status} but carries errorCode ${row.errorCode}`);
    const want = this.oracle.committed[k];
    if (want !== undefined && !sameProvenance(row, want)) {
      this.fail("I5", `${key} provenance is ${row.runId} t=${row.startedAt}..${row.finishedAt}, the freshest committed write is ${want.runId} t=${want.startedAt}..${want.finishedAt}`);
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
    const committed = this.oracle.committed.filter((r) => r !== undefined).length;
    if (rows.length !== committed) return this.fail("I10", `snapshot has ${rows.length} rows, committed state has ${committed}`);
    for (const row of rows) {
      const k = indexOfKey(row.key.id);
      const want = this.oracle.committed[k];
      if (want === undefined || !sameRecord(row.record, want)) {
        return this.fail("I10", `snapshot row ${showKey(row.key)} is ${showRecord(row.record)}, committed state is ${showRecord(want)}`);
      }
    }
  }

  /** I6: full comparison once nothing is pending. Returns true when it holds. */
  converged(where: string): boolean {
    const pending = this.ledger.pendingCount();
    if (pending !== this.oracle.pending.size) {
      this.fail("I9", `${where}: the ledger holds ${pending} pending writes, expected ${this.oracle.pending.size}`);
      return false;
    }
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

  /** I9 at the end: every accepted write completed exactly once. */
  allCompleted(): void {
    for (let id = 1; id < this.oracle.nextId; id++) {
      if ((this.#completions[id] ?? 0) === 0) return this.fail("I9", `write ${id} never completed`);
    }
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
