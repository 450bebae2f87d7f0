/**
 * One run of the done-ledger: drives the ledger with ops and background faults, keeps the oracle
 * in lockstep and feeds the checker what each step touched.
 */
import type { Instance, RunContext, Violation } from "../../index.js";
import { InjectedSubmissionFailure, UnknownOperation, type CompletionOrder, type StoreHandle } from "../shared/store-core.js";
import { ledgerBugs } from "./bugs.js";
import { LedgerChecker } from "./invariants.js";
import { InMemoryDoneLedger } from "./ledger.js";
import { KEYS, OVIDS, POLICIES, TENANTS, keyIndex } from "./model.js";
import type { LedgerOp } from "./ops.js";
import { LedgerOracle, type KeyedRecord, type MergeEffect } from "./oracle.js";
import { RecordSource } from "./records.js";
import { SWIZZLE_WEIGHTS, SwizzleClogWorkload } from "./swizzle-clog.js";
import { DEFAULT_WEIGHTS, DefaultWorkload, type LedgerWorkload } from "./workload.js";

export const EVENT_KINDS = [
  "op.upsert",
  "op.get",
  "op.get-record",
  "op.snapshot",
  "op.release-next",
  "op.release-specific",
  "op.release-all",
  "op.fail-submissions",
  "op.fail-commits",
  "op.delay-writes",
  "op.auto-complete",
  "write.applied",
  "write.pending",
  "write.rejected",
  "write.commit-failed",
  "write.released",
  "release.empty",
  "release.out-of-order",
  "merge.insert",
  "merge.status-raised",
  "merge.provenance-replaced",
  "merge.tie-kept",
  "merge.status-kept",
  "read.hit",
  "read.miss",
  "read.pending-hidden",
  "drain.converged",
  "fault.submit-fail",
  "fault.commit-fail",
  "fault.delay",
  "timer.release",
  "timer.release-stale",
  "swizzle.clog",
  "swizzle.out-of-order",
  "swizzle.released-then-failed",
  "swizzle.full-drain",
] as const;

/** Kinds only the swizzle-clog workload emits. */
export const SWIZZLE_KINDS = ["swizzle.clog", "swizzle.out-of-order", "swizzle.released-then-failed", "swizzle.full-drain"] as const;

export const FAULT_KINDS = ["submit-fail", "commit-fail", "delay"] as const;

type KindName = (typeof EVENT_KINDS)[number];

export class LedgerSim implements Instance<LedgerOp> {
  readonly ledger: InMemoryDoneLedger;
  readonly oracle = new LedgerOracle(KEYS.length);
  readonly checker: LedgerChecker;
  readonly #k: Readonly<Record<KindName, number>>;
  readonly #faults: Readonly<Record<(typeof FAULT_KINDS)[number], number>>;
  readonly #workload: LedgerWorkload;
  readonly #onMerge: (k: number, effect: MergeEffect) => void;
  /** Ids the current release (or immediate write) is expected to finish, in order. */
  #expected: number[] = [];
  #expectedHead = 0;
  #pendingAtLastCheck = 0;
  /** The id of the write being applied at submission, 0 when none. */
  #immediateId = 0;
  /** Whether this run's workload is swizzle-clog, which emits the `swizzle.*` kinds. */
  readonly #swizzle: boolean;
  /** The deepest the pending queue got since the last drain. */
  #deepestSinceDrain = 0;

  constructor(readonly ctx: RunContext) {
    this.#k = Object.fromEntries(EVENT_KINDS.map((name) => [name, ctx.kind(name)])) as Record<KindName, number>;
    this.#faults = Object.fromEntries(FAULT_KINDS.map((name) => [name, ctx.faultKind(name)])) as Record<(typeof FAULT_KINDS)[number], number>;
    this.ledger = new InMemoryDoneLedger(ledgerBugs(ctx.bug), (handle) => this.#completed(handle));
    this.checker = new LedgerChecker(ctx, this.ledger, this.oracle);
    const records = new RecordSource(ctx.ops, () => ctx.nowMs());
    this.#swizzle = ctx.workload === "swizzle-clog";
    this.#workload = this.#swizzle ? new SwizzleClogWorkload(records, ctx.weights(SWIZZLE_WEIGHTS)) : new DefaultWorkload(records, ctx.weights(DEFAULT_WEIGHTS));
    const mergeKinds: Readonly<Record<MergeEffect, number>> = {
      insert: this.#k["merge.insert"],
      "status-raised": this.#k["merge.status-raised"],
      "provenance-replaced": this.#k["merge.provenance-replaced"],
      "tie-kept": this.#k["merge.tie-kept"],
      "status-kept": this.#k["merge.status-kept"],
    };
    this.#onMerge = (k, effect) => ctx.emit(mergeKinds[effect], k);
  }

  nextOp(): LedgerOp {
    return this.#workload.next();
  }

  apply(op: LedgerOp): void {
    const { ctx, ledger, oracle } = this;
    const k = this.#k;
    switch (op.t) {
      case "upsert":
        return this.#upsert(op.recs);
      case "get":
        return this.#batchGet(op.tenant, op.policy, op.ovids);
      case "getRecord": {
        ctx.emit(k["op.get-record"], op.k);
        return this.#read(op.k, ledger.getRecord(KEYS[op.k]!), "getRecord");
      }
      case "snapshot":
        ctx.emit(k["op.snapshot"]);
        return this.checker.snapshot(ledger.snapshot());
      case "releaseNext":
        return this.#releaseNext(op.order);
      case "releaseSpecific":
        return this.#releaseSpecific(op.pick);
      case "releaseAll": {
        ctx.emit(k["op.release-all"], oracle.pending.size);
        const ids = [...oracle.pending.keys()];
        if (op.order === "newestFirst") ids.reverse();
        return this.#release(ids, () => ledger.releaseAll(op.order));
      }
      case "failSubmissions":
        ctx.emit(k["op.fail-submissions"], op.n);
        ledger.failNextSubmissions(op.n);
        return oracle.failNextSubmissions(op.n);
      case "failCommits":
        ctx.emit(k["op.fail-commits"], op.n);
        ledger.failNextCommits(op.n);
        return oracle.failNextCommits(op.n);
      case "delayWrites":
        ctx.emit(k["op.delay-writes"], op.n);
        ledger.delayNextWrites(op.n);
        return oracle.delayNextWrites(op.n);
      case "autoComplete":
        ctx.emit(k["op.auto-complete"], op.on ? 1 : 0);
        ledger.setAutoComplete(op.on);
        return oracle.setAutoComplete(op.on);
    }
  }

  check(): readonly Violation[] {
    const pending = this.oracle.pending.size;
    if (this.#pendingAtLastCheck > 0 && pending === 0) {
      if (this.#converged("drain") && this.#swizzle && this.#deepestSinceDrain >= 2) this.ctx.emit(this.#k["swizzle.full-drain"], this.#deepestSinceDrain);
      this.#deepestSinceDrain = 0;
    }
    this.#pendingAtLastCheck = pending;
    return this.checker.take();
  }

  finish(): readonly Violation[] {
    this.#release([...this.oracle.pending.keys()], () => this.ledger.releaseAll("oldestFirst"));
    this.#converged("end of run");
    this.checker.allCompleted();
    return this.checker.take();
  }

  #converged(where: string): boolean {
    if (!this.checker.converged(where)) return false;
    this.ctx.emit(this.#k["drain.converged"], this.oracle.committed.length);
    return true;
  }

  /** Background faults for one write, as the fault level asks for them. */
  #backgroundFaults(): number | null {
    const { ctx, ledger, oracle } = this;
    const p = ctx.profile;
    if (ctx.faults.draw(this.#faults["submit-fail"], p.submitFail) !== null) {
      ctx.emit(this.#k["fault.submit-fail"]);
      ledger.failNextSubmissions(1);
      oracle.failNextSubmissions(1);
    }
    if (ctx.faults.draw(this.#faults["commit-fail"], p.commitFail) !== null) {
      ctx.emit(this.#k["fault.commit-fail"]);
      ledger.failNextCommits(1);
      oracle.failNextCommits(1);
    }
    const delayMs = ctx.faults.draw(this.#faults.delay, p.delay, p.delayMsMin, p.delayMsMax);
    if (delayMs !== null) {
      ctx.emit(this.#k["fault.delay"], delayMs);
      ledger.delayNextWrites(1);
      oracle.delayNextWrites(1);
    }
    return delayMs;
  }

  #upsert(recs: readonly KeyedRecord[]): void {
    const { ctx, oracle, checker } = this;
    ctx.emit(this.#k["op.upsert"], recs.length, recs[0]?.k ?? 0);
    const delayMs = this.#backgroundFaults();
    if (this.#swizzle && recs.some((r) => oracle.pendingPerKey[r.k]! > 0)) ctx.emit(this.#k["swizzle.clog"], oracle.pending.size);
    const prediction = oracle.submit(recs);
    const entries = recs.map((r) => ({ key: KEYS[r.k]!, record: r }));
    let handle: StoreHandle;
    this.#immediateId = prediction.kind === "immediate" ? prediction.write.id : 0;
    this.#expect(this.#immediateId > 0 ? [this.#immediateId] : []);
    try {
      handle = this.ledger.batchUpsert(entries);
    } catch (err) {
      if (!(err instanceof InjectedSubmissionFailure)) throw err;
      this.#endExpect();
      if (prediction.kind !== "rejected") return checker.fail("I7", "the submission was rejected although no failure was injected");
      ctx.emit(this.#k["write.rejected"], recs.length);
      return checker.rejected(recs.map((r) => r.k));
    }
    this.#endExpect();
    if (prediction.kind === "rejected") return checker.fail("I7", `an injected submission failure was ignored: the write was accepted as id ${handle.id}`);
    checker.accepted(handle, prediction.write.id);
    if (prediction.kind === "pending") {
      ctx.emit(this.#k["write.pending"], handle.id);
      this.#deepestSinceDrain = Math.max(this.#deepestSinceDrain, oracle.pending.size);
      if (delayMs !== null) ctx.schedule(delayMs, this.#k["timer.release"], () => this.#timerRelease(handle.id));
    }
  }

  #timerRelease(id: number): void {
    if (!this.oracle.pending.has(id)) return this.ctx.emit(this.#k["timer.release-stale"], id);
    this.#release([id], () => this.ledger.releaseSpecific(id));
  }

  #releaseNext(order: CompletionOrder): void {
    const { ctx, oracle } = this;
    ctx.emit(this.#k["op.release-next"], order === "oldestFirst" ? 0 : 1, oracle.pending.size);
    const id = order === "oldestFirst" ? oracle.oldest() : oracle.newest();
    if (id === undefined) ctx.emit(this.#k["release.empty"]);
    else if (id !== oracle.oldest()) ctx.emit(this.#k["release.out-of-order"], id);
    this.#release(id === undefined ? [] : [id], () => this.ledger.releaseNext(order));
  }

  #releaseSpecific(pick: number): void {
    const { ctx, oracle } = this;
    ctx.emit(this.#k["op.release-specific"], pick);
    const id = oracle.pendingAt(pick);
    if (id === undefined) return ctx.emit(this.#k["release.empty"]);
    if (id !== oracle.oldest()) ctx.emit(this.#k["release.out-of-order"], id);
    this.#release([id], () => this.ledger.releaseSpecific(id));
  }

  /** Run a release that must finish exactly `ids`, in order. */
  #release(ids: number[], action: () => unknown): void {
    this.#expect(ids);
    try {
      action();
    } catch (err) {
      if (!(err instanceof UnknownOperation)) throw err;
      this.checker.fail("I9", `the ledger lost pending write ${err.id}`);
    }
    this.#endExpect();
  }

  #expect(ids: number[]): void {
    this.#expected = ids;
    this.#expectedHead = 0;
  }

  #endExpect(): void {
    const missing = this.#expected[this.#expectedHead];
    if (missing !== undefined) this.checker.fail("I9", `write ${missing} was due to complete but did not`);
    this.#expected = [];
    this.#expectedHead = 0;
  }

  /** The store's completion listener: runs synchronously as each write finishes. */
  #completed(handle: StoreHandle): void {
    const expectedId = this.#expected[this.#expectedHead++];
    const released = handle.id !== this.#immediateId;
    if (this.#swizzle && released && handle.id !== this.oracle.oldest()) this.ctx.emit(this.#k["swizzle.out-of-order"], handle.id);
    const write = this.oracle.complete(handle.id, this.#onMerge);
    const failed = write?.failCommit === true;
    this.ctx.emit(this.#k[failed ? "write.commit-failed" : "write.applied"], handle.id);
    if (released) this.ctx.emit(this.#k["write.released"], handle.id);
    if (this.#swizzle && released && failed) this.ctx.emit(this.#k["swizzle.released-then-failed"], handle.id);
    this.checker.completed(handle, expectedId, write);
  }

  #batchGet(tenant: number, policy: number, ovids: readonly number[]): void {
    this.ctx.emit(this.#k["op.get"], tenant * POLICIES.length + policy, ovids.length);
    const got = this.ledger.batchGet(TENANTS[tenant]!, POLICIES[policy]!, ovids.map((o) => OVIDS[o]!));
    if (got.length !== ovids.length) return this.checker.fail("I10", `batchGet of ${ovids.length} ovids returned ${got.length} results`);
    ovids.forEach((o, i) => this.#read(keyIndex(tenant, policy, o), got[i] ?? null, "batchGet"));
  }

  #read(k: number, got: Parameters<LedgerChecker["read"]>[1], via: string): void {
    this.ctx.emit(this.#k[got === null ? "read.miss" : "read.hit"], k);
    if (this.oracle.pendingPerKey[k]! > 0) this.ctx.emit(this.#k["read.pending-hidden"], k);
    this.checker.read(k, got, via);
  }
}
