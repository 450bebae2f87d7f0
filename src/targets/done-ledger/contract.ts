/**
 * The done-ledger store contract: what a durable backend of the done-ledger (gossip-contracts'
 * `DoneLedger` trait, as the seed's in-memory reference implements it) offers its clients, in
 * TypeScript. Each clause is stated once, here, where its method is declared; the plugged
 * done-ledger target (`simctl ... --target done-ledger --impl ./my-store.ts`) and its named clause
 * checks (`simctl conformance done-ledger --impl ./my-store.ts`) check these statements.
 *
 * Async, so a database driver fits: every method returns a promise, and the harness awaits each
 * call before it makes the next (one call at a time; a store need not support overlapping calls).
 * A promise resolving is the store's acknowledgement. A store that awaits only its own work
 * (an in-memory one) runs deterministically; one that waits on a real database runs its checks
 * the same way, with whatever timing the database has.
 *
 * No fault controls: a backend has no pending-write queue, release or failure knobs, so the
 * contract has none. What a backend meets instead (a batch delayed in flight and delivered after
 * later ones, a batch sent twice after a lost acknowledgement) the harness does on its side.
 */
export type { DoneLedgerRecord, Status } from "./model.js";
import type { DoneLedgerRecord } from "./model.js";

/** A ledger key. Keys are equal when all three fields are. */
export interface LedgerKey {
  readonly tenantId: string;
  readonly policyHash: string;
  readonly ovidHash: string;
}

/** One record under its key: what a batch writes, and what a snapshot lists. */
export interface LedgerEntry {
  readonly key: LedgerKey;
  readonly record: DoneLedgerRecord;
}

/**
 * A done-ledger backend. Records arrive valid (findingsCount 0 for `scanned_clean`, >= 1 for
 * `scanned_with_findings`; no errorCode on a scanned status).
 */
export interface DoneLedgerStore {
  /**
   * Write each entry into its key's row, in order: insert the record when the key has no row,
   * else merge it into the row (a monotonic lattice, so the same writes in any order, or written
   * again, end in the same row):
   * 1. status: the higher rank (`failed_retryable < failed_permanent < skipped < scanned_clean <
   *    scanned_with_findings`);
   * 2. bytesScanned: the max; findingsCount: 0 when the merged status is `scanned_clean`, the
   *    largest count among the `scanned_with_findings` records (at least 1) when it is
   *    `scanned_with_findings`, else the max;
   * 3. provenance (startedAt, finishedAt, runId) from the fresher record: the higher status rank,
   *    then the later finishedAt, then the later startedAt; on a full tie the row keeps its own;
   * 4. errorCode: null when the merged status is scanned, else the provenance winner's.
   * Entries of one batch may share a key: they merge in order, as if written one after the other.
   * When the promise resolves, every entry is durable and visible to every read; it rejects only
   * when the backend fails (the harness reports that as a failure: no valid batch is refused).
   */
  batchUpsert(entries: readonly LedgerEntry[]): Promise<void>;
  /**
   * The rows of keys (tenantId, policyHash, ovid) for each ovid asked: one result per ovid, in
   * the order asked, null where the key has no row. Only acknowledged writes are visible.
   */
  batchGet(tenantId: string, policyHash: string, ovidHashes: readonly string[]): Promise<readonly (DoneLedgerRecord | null)[]>;
  /** The row of one key, or null. */
  getRecord(key: LedgerKey): Promise<DoneLedgerRecord | null>;
  /**
   * Every row, once, sorted by tenantId, then policyHash, then ovidHash (in code-unit order, as
   * JavaScript's `<` compares strings).
   */
  snapshot(): Promise<readonly LedgerEntry[]>;
  /** Optional: release what the store holds (a connection); called once at the end of a run. */
  close?(): Promise<void>;
}

/**
 * What a `--impl` module default-exports: a function that makes a fresh, empty store. The harness
 * calls it once per seed and once per clause check (a database-backed factory creates a new
 * schema or table, or empties its tables, each time).
 */
export type DoneLedgerStoreFactory = () => DoneLedgerStore | Promise<DoneLedgerStore>;

/** The contract in one line (shown by `simctl list`). */
export const LEDGER_CONTRACT = "a DoneLedgerStoreFactory () => DoneLedgerStore { batchUpsert(entries); batchGet(tenantId, policyHash, ovids); getRecord(key); snapshot(); close?() }, every method async";

export const LEDGER_METHODS = ["batchUpsert", "batchGet", "getRecord", "snapshot"] as const;
