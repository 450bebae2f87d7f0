/**
 * One run of the plugged done-ledger: drives a user's store through its contract (the plugged
 * store driver holds, delivers and duplicates batches on the wire), keeps the oracle in lockstep
 * and checks, after every write, the rows it touched as the store reads them back, and, whenever
 * nothing is in flight, the whole store through its snapshot. Reads are checked against the
 * committed state as in the built-in target.
 */
import type { RunContext } from "../../index.js";
import { PluggedSim } from "../shared/plugged-sim.js";
import { PluggedStoreDriver } from "../shared/plugged-driver.js";
import { StoreMisfit, storeCall } from "../shared/store-call.js";
import { LEDGER_METHODS, type DoneLedgerStore, type DoneLedgerStoreFactory, type LedgerKey } from "./contract.js";
import { LedgerChecker } from "./invariants.js";
import type { LedgerRow } from "./ledger.js";
import { KEYS, OVIDS, POLICIES, TENANTS, copyRecord, keyIndex, showKey, showRecord, type DoneLedgerRecord } from "./model.js";
import { digestRecords } from "./ops.js";
import { LedgerOracle, type LedgerPayload, type MergeEffect } from "./oracle.js";
import type { PluggedLedgerDataOp, PluggedLedgerOp } from "./plugged-ops.js";
import { pluggedLedgerWorkload } from "./plugged-workload.js";
import { ProbedRows } from "./probed-rows.js";
import { RecordSource } from "./records.js";
import { ledgerKey } from "./reference-store.js";
import { same } from "./segment-values.js";
import { ledgerKinds, mergeEmitter } from "./sim.js";

/** A key as the contract passes it: the three fields, a fresh object per call. */
function contractKey(k: number): LedgerKey {
  const key = KEYS[k]!;
  return { tenantId: key.tenantId, policyHash: key.policyHash, ovidHash: key.ovidHash };
}

/** The distinct key indices of a batch, in first-seen order. */
function distinctKeys(recs: LedgerPayload): number[] {
  return [...new Set(recs.map((r) => r.k))];
}

export class LedgerStoreSim extends PluggedSim<PluggedLedgerDataOp, LedgerPayload, DoneLedgerStore> {
  readonly oracle = new LedgerOracle(KEYS.length);
  readonly rows = new ProbedRows();
  readonly checker: LedgerChecker;
  protected readonly log: LedgerChecker;
  protected readonly driver: PluggedStoreDriver<LedgerPayload>;
  protected readonly workload: { next(): PluggedLedgerOp };
  readonly #k: ReturnType<typeof ledgerKinds>;
  readonly #replay: number;
  readonly #onMerge: (k: number, effect: MergeEffect) => void;

  constructor(
    readonly ctx: RunContext,
    factory: DoneLedgerStoreFactory,
  ) {
    super(factory, LEDGER_METHODS);
    this.#k = ledgerKinds(ctx);
    this.#replay = ctx.kind("op.replay");
    this.#onMerge = mergeEmitter(ctx, this.#k);
    this.checker = this.log = new LedgerChecker(ctx, this.rows, this.oracle);
    this.driver = new PluggedStoreDriver(ctx, this, (id, msg) => this.checker.fail(id, msg));
    this.workload = pluggedLedgerWorkload(ctx.workload, new RecordSource(ctx.ops, () => ctx.nowMs()), (d) => ctx.weights(d));
  }

  protected applyData(op: PluggedLedgerDataOp): Promise<void> {
    const { ctx, driver } = this;
    const k = this.#k;
    switch (op.t) {
      case "upsert":
        ctx.emit(op.replay === true ? this.#replay : k["op.upsert"], op.recs.length, digestRecords(op.recs));
        return driver.submit(op.recs, op.hold === true);
      case "get":
        ctx.emit(k["op.get"], op.tenant * POLICIES.length + op.policy, op.ovids.length);
        return driver.serial(() => this.#batchGet(op.tenant, op.policy, op.ovids));
      case "getRecord":
        ctx.emit(k["op.get-record"], op.k);
        return driver.serial(async () => this.#read(op.k, await this.#getRecord(op.k), "getRecord"));
      case "snapshot":
        ctx.emit(k["op.snapshot"]);
        return driver.serial(async () => this.checker.snapshot(await this.#snapshot()));
    }
  }

  // PluggedStoreHooks: what the plugged driver leaves to the ledger.

  async write(recs: LedgerPayload): Promise<void> {
    const store = await this.store();
    const keys = distinctKeys(recs);
    const before = keys.map((k) => this.oracle.committed[k]);
    await storeCall("batchUpsert", () => store.batchUpsert(recs.map((r) => ({ key: contractKey(r.k), record: copyRecord(r) }))));
    this.oracle.commit(recs, this.#onMerge);
    for (const k of keys) this.rows.set(KEYS[k]!.id, await this.#getRecord(k));
    this.checker.committed(recs);
    keys.forEach((k, i) => {
      const got = this.rows.inspect(KEYS[k]!.id);
      const want = this.oracle.committed[k];
      if (same(got, want)) return;
      const key = showKey(KEYS[k]!);
      if (same(before[i], want)) this.checker.fail("I11", `a batch that changes nothing (a replay, a duplicate, a staler record) changed ${key} from ${showRecord(want)} to ${showRecord(got)}`);
      else this.checker.fail("I6", `after a batch, getRecord ${key} returned ${showRecord(got)}, the committed state is ${showRecord(want)}`);
    });
  }

  async converge(where: string): Promise<boolean> {
    const rows = await this.#snapshot();
    this.rows.fill(rows);
    if (!this.checker.converged(where)) return false;
    this.checker.snapshot(rows);
    return true;
  }

  inFlightChanged(recs: LedgerPayload, delta: 1 | -1): void {
    this.oracle.pendingChanged(recs, delta);
  }

  async #getRecord(k: number): Promise<DoneLedgerRecord | null> {
    const store = await this.store();
    return (await storeCall("getRecord", () => store.getRecord(contractKey(k)))) ?? null;
  }

  /** The store's snapshot, its keys with their canonical encoding (as the checker compares them). */
  async #snapshot(): Promise<LedgerRow[]> {
    const store = await this.store();
    const rows = await storeCall("snapshot", () => store.snapshot());
    if (!Array.isArray(rows)) throw new StoreMisfit(`the store's snapshot returned ${typeof rows}, not an array of { key, record }`);
    return rows.map((row: { key: LedgerKey; record: DoneLedgerRecord }) => ({ key: ledgerKey(row.key), record: row.record }));
  }

  async #batchGet(tenant: number, policy: number, ovids: readonly number[]): Promise<void> {
    const store = await this.store();
    const got = await storeCall("batchGet", () => store.batchGet(TENANTS[tenant]!, POLICIES[policy]!, ovids.map((o) => OVIDS[o]!)));
    if (!Array.isArray(got) || got.length !== ovids.length) return this.checker.fail("I10", `batchGet of ${ovids.length} ovids returned ${Array.isArray(got) ? `${got.length} results` : typeof got}`);
    ovids.forEach((o, i) => this.#read(keyIndex(tenant, policy, o), (got[i] as DoneLedgerRecord | null | undefined) ?? null, "batchGet"));
  }

  #read(k: number, got: DoneLedgerRecord | null, via: string): void {
    this.ctx.emit(this.#k[got === null ? "read.miss" : "read.hit"], k);
    if (this.oracle.pendingPerKey[k]! > 0) this.ctx.emit(this.#k["read.pending-hidden"], k);
    this.checker.read(k, got, via);
  }
}
