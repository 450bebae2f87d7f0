/**
 * One run of the done-ledger: drives the ledger with ops through the shared store driver (faults,
 * releases, write lifecycle), keeps the oracle in lockstep and feeds the checker what each step
 * touched.
 */
import type { RunContext } from "../../index.js";
import { LedgerHistory } from "./history.js";
import type { StoreHandle } from "../shared/store-core.js";
import type { PendingWrite } from "../shared/pending-model.js";
import { StoreDriver, idTable } from "../shared/store-driver.js";
import { StoreSim } from "../shared/store-sim.js";
import { STORE_EVENT_KINDS, STORE_FAULT_KINDS, SWIZZLE_KINDS } from "../shared/store-kinds.js";
import { describeStoreEvent } from "../shared/store-events.js";
import { ledgerBugs } from "./bugs.js";
import { LedgerChecker } from "./invariants.js";
import { InMemoryDoneLedger, type UpsertEntry } from "./ledger.js";
import { KEYS, OVIDS, POLICIES, TENANTS, keyIndex, showKey, type DoneLedgerRecord } from "./model.js";
import { digestRecords, type LedgerDataOp } from "./ops.js";
import { LedgerOracle, type LedgerPayload, type MergeEffect } from "./oracle.js";
import { RecordSource } from "./records.js";
import { ledgerWorkload, type LedgerWorkload } from "./workload.js";

/** The ledger's own kinds; the store driver's kinds follow them. */
export const LEDGER_KINDS = [
  "op.upsert",
  "op.get",
  "op.get-record",
  "op.snapshot",
  "merge.insert",
  "merge.status-raised",
  "merge.provenance-replaced",
  "merge.tie-kept",
  "merge.status-kept",
  "read.hit",
  "read.miss",
  "read.pending-hidden",
] as const;

export const EVENT_KINDS = [...LEDGER_KINDS, ...STORE_EVENT_KINDS, ...SWIZZLE_KINDS];
export const FAULT_KINDS = STORE_FAULT_KINDS;
export { SWIZZLE_KINDS };

type KindName = (typeof LEDGER_KINDS)[number];

/** The ids of the ledger's own kinds in a run. */
export function ledgerKinds(ctx: RunContext): Readonly<Record<KindName, number>> {
  return idTable(LEDGER_KINDS, (name) => ctx.kind(name));
}

/** Emits how a committed record changed its key (the oracle's merge effect). */
export function mergeEmitter(ctx: RunContext, k: Readonly<Record<KindName, number>>): (key: number, effect: MergeEffect) => void {
  const mergeKinds: Readonly<Record<MergeEffect, number>> = {
    insert: k["merge.insert"],
    "status-raised": k["merge.status-raised"],
    "provenance-replaced": k["merge.provenance-replaced"],
    "tie-kept": k["merge.tie-kept"],
    "status-kept": k["merge.status-kept"],
  };
  return (key, effect) => ctx.emit(mergeKinds[effect], key);
}

/** The ledger's events in words (the numbers each kind carries are emitted below). */
export function describeLedgerEvent(kind: string, a: number, b: number): string | undefined {
  const key = (k: number): string => (KEYS[k] !== undefined ? showKey(KEYS[k]) : `key ${k}`);
  switch (kind) {
    case "op.upsert":
      return `${a} record(s)`;
    case "op.get":
      return `${TENANTS[Math.floor(a / POLICIES.length)] ?? a}/${POLICIES[a % POLICIES.length] ?? ""}, ${b} ovid(s)`;
    case "op.get-record":
    case "merge.insert":
    case "merge.status-raised":
    case "merge.provenance-replaced":
    case "merge.tie-kept":
    case "merge.status-kept":
    case "read.hit":
    case "read.miss":
    case "read.pending-hidden":
      return key(a);
    case "op.snapshot":
      return "";
    default:
      return describeStoreEvent(kind, a, b);
  }
}

export class LedgerSim extends StoreSim<LedgerDataOp, LedgerPayload> {
  readonly ledger: InMemoryDoneLedger;
  readonly oracle = new LedgerOracle(KEYS.length);
  readonly checker: LedgerChecker;
  readonly driver: StoreDriver<LedgerPayload>;
  protected readonly log: LedgerChecker;
  protected readonly workload: LedgerWorkload;
  readonly #k: Readonly<Record<KindName, number>>;
  readonly #onMerge: (k: number, effect: MergeEffect) => void;
  readonly history: LedgerHistory;

  constructor(readonly ctx: RunContext) {
    super();
    this.#k = ledgerKinds(ctx);
    this.#onMerge = mergeEmitter(ctx, this.#k);
    this.history = new LedgerHistory();
    this.driver = new StoreDriver(ctx, this.oracle.writes, this, { submit: "I7", commit: "I8", ids: "I9" }, (id, msg) => this.checker.fail(id, msg));
    this.ledger = new InMemoryDoneLedger(ledgerBugs(ctx.bug), this.driver.listener);
    this.driver.controls = this.ledger;
    this.checker = this.log = new LedgerChecker(ctx, this.ledger, this.oracle);
    this.workload = ledgerWorkload(ctx.workload, new RecordSource(ctx.ops, () => ctx.nowMs()), (d) => ctx.weights(d));
  }

  // StoreTargetHooks: what the shared driver leaves to the ledger.

  accepted(write: PendingWrite<LedgerPayload>): void {
    this.history.accepted(write.id);
  }

  commit(write: PendingWrite<LedgerPayload>): void {
    this.oracle.commit(write.payload, this.#onMerge);
    this.history.committed(write.id, write.payload, this.oracle.committed);
  }

  checkCompleted(handle: StoreHandle, write: PendingWrite<LedgerPayload>): void {
    if (handle.state !== "applied") return this.checker.fail("I8", `write ${handle.id} reported ${handle.state} (${handle.error?.message ?? "no error"}) but no failure was injected`);
    this.checker.committed(write.payload);
  }

  checkCommitFailed(handle: StoreHandle, write: PendingWrite<LedgerPayload>): void {
    this.history.failed(write.id);
    this.checker.failedAtCommit(handle.id, write.payload);
  }

  checkRejected(payload: LedgerPayload): void {
    this.checker.rejected(payload);
  }

  converged(where: string): boolean {
    if (!this.checker.converged(where)) return false;
    const history = this.history.cut(this.ctx, this.oracle.committed);
    for (const v of history) this.checker.push(v);
    return history.length === 0;
  }

  pendingChanged(payload: LedgerPayload, delta: 1 | -1): void {
    this.oracle.pendingChanged(payload, delta);
  }

  protected applyData(op: LedgerDataOp): void {
    const { ctx, ledger } = this;
    const k = this.#k;
    switch (op.t) {
      case "upsert": {
        ctx.emit(k["op.upsert"], op.recs.length, digestRecords(op.recs));
        return this.driver.submit(op.recs, op.recs.length, this.#overlaps(op.recs), this.#send);
      }
      case "get":
        return this.#batchGet(op.tenant, op.policy, op.ovids);
      case "getRecord":
        ctx.emit(k["op.get-record"], op.k);
        return this.#read(op.k, ledger.getRecord(KEYS[op.k]!), "getRecord");
      case "snapshot":
        ctx.emit(k["op.snapshot"]);
        return this.checker.snapshot(ledger.snapshot());
    }
  }

  /** The ledger's call for a write: each record under its key. */
  readonly #send = (recs: LedgerPayload): StoreHandle => {
    // Sized up front: growing by push allocated a 17-slot store for a batch of 1-8.
    const entries = new Array<UpsertEntry>(recs.length);
    for (let i = 0; i < recs.length; i++) entries[i] = { key: KEYS[recs[i]!.k]!, record: recs[i]! };
    return this.ledger.batchUpsert(entries);
  };

  /** The write touches a key other pending writes touch. */
  #overlaps(recs: LedgerPayload): boolean {
    for (const r of recs) if (this.oracle.pendingPerKey[r.k]! > 0) return true;
    return false;
  }

  #batchGet(tenant: number, policy: number, ovids: readonly number[]): void {
    this.ctx.emit(this.#k["op.get"], tenant * POLICIES.length + policy, ovids.length);
    const names = new Array<string>(ovids.length);
    for (let i = 0; i < ovids.length; i++) names[i] = OVIDS[ovids[i]!]!;
    const got = this.ledger.batchGet(TENANTS[tenant]!, POLICIES[policy]!, names);
    if (got.length !== ovids.length) return this.checker.fail("I10", `batchGet of ${ovids.length} ovids returned ${got.length} results`);
    for (let i = 0; i < ovids.length; i++) this.#read(keyIndex(tenant, policy, ovids[i]!), got[i] ?? null, "batchGet");
  }

  #read(k: number, got: DoneLedgerRecord | null, via: string): void {
    this.ctx.emit(this.#k[got === null ? "read.miss" : "read.hit"], k);
    if (this.oracle.pendingPerKey[k]! > 0) this.ctx.emit(this.#k["read.pending-hidden"], k);
    this.history.read(k, got);
    this.checker.read(k, got, via);
  }
}
