/**
 * Drives a store built on the store core from a simulation, for any target: background faults,
 * submissions, releases (with the exact ids each must finish), timers that release delayed
 * writes, and the write-lifecycle checks (an injected submission failure changes nothing; a write
 * failing at commit reports it; every id completes exactly once, when released, ids increase).
 * The target supplies what is domain-specific through {@link StoreTargetHooks}.
 */
import type { RunContext } from "../../index.js";
import type { PendingModel, PendingWrite } from "./pending-model.js";
import { InjectedCommitFailure, InjectedSubmissionFailure, UnknownOperation, type CompletionOrder, type StoreHandle } from "./store-core.js";
import { STORE_EVENT_KINDS, STORE_FAULT_KINDS, SWIZZLE_KINDS, type StoreKind } from "./store-kinds.js";
import type { StoreControlOp } from "./store-ops.js";

/** The store's control surface, as the system under test exposes it. */
export interface StoreControls {
  failNextSubmissions(count: number): void;
  failNextCommits(count: number): void;
  delayNextWrites(count: number): void;
  setAutoComplete(on: boolean): void;
  pendingCount(): number;
  releaseNext(order: CompletionOrder): StoreHandle | null;
  releaseSpecific(id: number): StoreHandle;
  releaseAll(order: CompletionOrder): StoreHandle[];
}

/** What the target decides and checks itself. */
export interface StoreTargetHooks<P> {
  /** A write finished without an injected commit failure: fold it into the oracle's model. */
  commit(write: PendingWrite<P>): void;
  /** Judge a finished write (verdict, touched rows) once its lifecycle checks passed. */
  checkCompleted(handle: StoreHandle, write: PendingWrite<P>): void;
  /** A write failed at commit as injected: check that it changed nothing. */
  checkCommitFailed(handle: StoreHandle, write: PendingWrite<P>): void;
  /** A submission was rejected as injected: check that nothing changed. */
  checkRejected(payload: P): void;
  /** The full comparison once nothing is pending; false when it failed. */
  converged(where: string): boolean;
  /** A write was accepted (before the store may apply it): id and payload. */
  accepted?(write: PendingWrite<P>): void;
  /** The model's pending set gained (+1) or lost (-1) this payload. */
  pendingChanged?(payload: P, delta: 1 | -1): void;
}

/** Which invariant each lifecycle check reports. */
export interface LifecycleInvariants {
  readonly submit: string;
  readonly commit: string;
  readonly ids: string;
}

const NONE: readonly number[] = [];

/** Name -> id, as a plain object (built once per run; a loop is cheaper than fromEntries). */
export function idTable<N extends string>(names: readonly N[], id: (name: N) => number): Readonly<Record<N, number>> {
  const out = {} as Record<N, number>;
  for (const name of names) out[name] = id(name);
  return out;
}

export class StoreDriver<P> {
  readonly #k: Readonly<Record<StoreKind, number>>;
  readonly #f: Readonly<Record<(typeof STORE_FAULT_KINDS)[number], number>>;
  readonly #swizzle: boolean;
  /** Ids the current release (or immediate write) must finish, in order. */
  #expected: readonly number[] = NONE;
  #expectedHead = 0;
  /** The buffer {@link #expectOne} fills: a write or a single release expects one id, per step. */
  readonly #one: number[] = [0];
  #immediateId = 0;
  #lastAcceptedId = 0;
  /** Completions per write id (a plain array: it grows with the ids, and stays on V8's heap). */
  readonly #completions: number[] = [0];
  #pendingAtLastCheck = 0;
  #deepestSinceDrain = 0;

  constructor(
    readonly ctx: RunContext,
    readonly model: PendingModel<P>,
    readonly hooks: StoreTargetHooks<P>,
    readonly invariants: LifecycleInvariants,
    readonly fail: (invariant: string, message: string) => void,
  ) {
    this.#swizzle = ctx.workload === "swizzle-clog";
    const kinds: readonly StoreKind[] = this.#swizzle ? [...STORE_EVENT_KINDS, ...SWIZZLE_KINDS] : STORE_EVENT_KINDS;
    this.#k = idTable(kinds, (name) => ctx.kind(name));
    this.#f = idTable(STORE_FAULT_KINDS, (name) => ctx.faultKind(name));
  }

  /** Set once the store exists (the store needs {@link listener} first). */
  controls!: StoreControls;

  /** The store's completion listener: runs synchronously as each write finishes. */
  readonly listener = (handle: StoreHandle): void => this.#completed(handle);

  /** Apply a release or fault-counter op to the store and the model. */
  control(op: StoreControlOp): void {
    const { ctx, controls, model } = this;
    const k = this.#k;
    switch (op.t) {
      case "releaseNext":
        return this.#releaseNext(op.order);
      case "releaseSpecific":
        return this.#releaseSpecific(op.pick);
      case "releaseAll":
        ctx.emit(k["op.release-all"], model.pending.size);
        return this.#release(model.ids(op.order), () => controls.releaseAll(op.order));
      case "failSubmissions":
        ctx.emit(k["op.fail-submissions"], op.n);
        controls.failNextSubmissions(op.n);
        return model.failNextSubmissions(op.n);
      case "failCommits":
        ctx.emit(k["op.fail-commits"], op.n);
        controls.failNextCommits(op.n);
        return model.failNextCommits(op.n);
      case "delayWrites":
        ctx.emit(k["op.delay-writes"], op.n);
        controls.delayNextWrites(op.n);
        return model.delayNextWrites(op.n);
      case "autoComplete":
        ctx.emit(k["op.auto-complete"], op.on ? 1 : 0);
        controls.setAutoComplete(op.on);
        return model.setAutoComplete(op.on);
    }
  }

  /**
   * Submit `payload` through `send` with the fault level's background faults, checking what the
   * store does against the model's prediction. `overlaps`: it touches keys other pending writes touch.
   */
  submit(payload: P, size: number, overlaps: boolean, send: (payload: P) => StoreHandle): void {
    const { ctx, model, hooks } = this;
    const delayMs = this.#backgroundFaults();
    if (this.#swizzle && overlaps) ctx.emit(this.#k["swizzle.clog"], model.pending.size);
    const write = model.submit(payload);
    if (write !== null) {
      hooks.pendingChanged?.(payload, 1);
      hooks.accepted?.(write);
    }
    this.#immediateId = write !== null && !write.delayed ? write.id : 0;
    this.#expectOne(this.#immediateId);
    let handle: StoreHandle;
    try {
      handle = send(payload);
    } catch (err) {
      if (!(err instanceof InjectedSubmissionFailure)) throw err;
      this.#endExpect();
      if (write !== null) return this.fail(this.invariants.submit, "the submission was rejected although no failure was injected");
      ctx.emit(this.#k["write.rejected"], size);
      if (this.controls.pendingCount() !== model.pending.size) {
        return this.fail(this.invariants.submit, `injected submission failure changed the pending queue: ${this.controls.pendingCount()} pending, expected ${model.pending.size}`);
      }
      return hooks.checkRejected(payload);
    }
    this.#endExpect();
    if (write === null) return this.fail(this.invariants.submit, `an injected submission failure was ignored: the write was accepted as id ${handle.id}`);
    this.#accepted(handle, write.id);
    if (write.delayed) {
      ctx.emit(this.#k["write.pending"], handle.id);
      this.#deepestSinceDrain = Math.max(this.#deepestSinceDrain, model.pending.size);
      if (delayMs !== null) ctx.schedule(delayMs, this.#k["timer.release"], () => this.#timerRelease(handle.id));
    }
  }

  /** Per-step drain detection: a step that empties the queue triggers the full comparison. */
  afterStep(): void {
    const pending = this.model.pending.size;
    if (this.#pendingAtLastCheck > 0 && pending === 0) {
      if (this.converged("drain") && this.#swizzle && this.#deepestSinceDrain >= 2) this.ctx.emit(this.#k["swizzle.full-drain"], this.#deepestSinceDrain);
      this.#deepestSinceDrain = 0;
    }
    this.#pendingAtLastCheck = pending;
  }

  /** End of run: release everything oldest first, compare in full, and account for every id. */
  finish(): void {
    this.#release(this.model.ids("oldestFirst"), () => this.controls.releaseAll("oldestFirst"));
    this.converged("end of run");
    for (let id = 1; id < this.model.nextId; id++) {
      if ((this.#completions[id] ?? 0) === 0) return this.fail(this.invariants.ids, `write ${id} never completed`);
    }
  }

  /** The store's and the model's queues agree, and the target's full comparison holds. */
  converged(where: string): boolean {
    const pending = this.controls.pendingCount();
    if (pending !== this.model.pending.size) {
      this.fail(this.invariants.ids, `${where}: the store holds ${pending} pending writes, expected ${this.model.pending.size}`);
      return false;
    }
    if (!this.hooks.converged(where)) return false;
    this.ctx.emit(this.#k["drain.converged"]);
    return true;
  }

  #backgroundFaults(): number | null {
    const { ctx, controls, model } = this;
    const p = ctx.profile;
    if (ctx.faults.draw(this.#f["submit-fail"], p.submitFail) !== null) {
      ctx.emit(this.#k["fault.submit-fail"]);
      controls.failNextSubmissions(1);
      model.failNextSubmissions(1);
    }
    if (ctx.faults.draw(this.#f["commit-fail"], p.commitFail) !== null) {
      ctx.emit(this.#k["fault.commit-fail"]);
      controls.failNextCommits(1);
      model.failNextCommits(1);
    }
    const delayMs = ctx.faults.draw(this.#f.delay, p.delay, p.delayMsMin, p.delayMsMax);
    if (delayMs !== null) {
      ctx.emit(this.#k["fault.delay"], delayMs);
      controls.delayNextWrites(1);
      model.delayNextWrites(1);
    }
    return delayMs;
  }

  #timerRelease(id: number): void {
    if (!this.model.pending.has(id)) return this.ctx.emit(this.#k["timer.release-stale"], id);
    this.#releaseOne(id, () => this.controls.releaseSpecific(id));
  }

  #releaseNext(order: CompletionOrder): void {
    const { ctx, model } = this;
    ctx.emit(this.#k["op.release-next"], order === "oldestFirst" ? 0 : 1, model.pending.size);
    const id = order === "oldestFirst" ? model.oldest() : model.newest();
    if (id === undefined) ctx.emit(this.#k["release.empty"]);
    else if (id !== model.oldest()) ctx.emit(this.#k["release.out-of-order"], id);
    this.#releaseOne(id ?? 0, () => this.controls.releaseNext(order));
  }

  #releaseSpecific(pick: number): void {
    const { ctx, model } = this;
    ctx.emit(this.#k["op.release-specific"], pick);
    const id = model.pendingAt(pick);
    if (id === undefined) return ctx.emit(this.#k["release.empty"]);
    if (id !== model.oldest()) ctx.emit(this.#k["release.out-of-order"], id);
    this.#releaseOne(id, () => this.controls.releaseSpecific(id));
  }

  /** Run a release that must finish exactly write `id` (none when 0). */
  #releaseOne(id: number, action: () => unknown): void {
    this.#expectOne(id);
    this.#run(action);
  }

  /** Run a release that must finish exactly `ids`, in order. */
  #release(ids: readonly number[], action: () => unknown): void {
    this.#expect(ids);
    this.#run(action);
  }

  #run(action: () => unknown): void {
    try {
      action();
    } catch (err) {
      if (!(err instanceof UnknownOperation)) throw err;
      this.fail(this.invariants.ids, `the store lost pending write ${err.id}`);
    }
    this.#endExpect();
  }

  #expect(ids: readonly number[]): void {
    this.#expected = ids;
    this.#expectedHead = 0;
  }

  /** Expect exactly write `id` to finish (nothing when 0). */
  #expectOne(id: number): void {
    if (id === 0) return this.#expect(NONE);
    this.#one[0] = id;
    this.#expect(this.#one);
  }

  #endExpect(): void {
    const missing = this.#expected[this.#expectedHead];
    if (missing !== undefined) this.fail(this.invariants.ids, `write ${missing} was due to complete but did not`);
    this.#expected = NONE;
    this.#expectedHead = 0;
  }

  #accepted(handle: StoreHandle, predictedId: number): void {
    if (handle.id <= this.#lastAcceptedId) this.fail(this.invariants.ids, `write id ${handle.id} does not increase (previous ${this.#lastAcceptedId})`);
    else if (handle.id !== predictedId) this.fail(this.invariants.ids, `write got id ${handle.id}, expected ${predictedId}`);
    this.#lastAcceptedId = handle.id;
  }

  #completed(handle: StoreHandle): void {
    const { ctx, model, hooks } = this;
    const k = this.#k;
    const expectedId = this.#expected[this.#expectedHead++];
    const released = handle.id !== this.#immediateId;
    if (this.#swizzle && released && handle.id !== model.oldest()) ctx.emit(k["swizzle.out-of-order"], handle.id);
    const write = model.take(handle.id);
    if (write !== undefined) {
      hooks.pendingChanged?.(write.payload, -1);
      if (!write.failCommit) hooks.commit(write);
    }
    const failed = write?.failCommit === true;
    ctx.emit(k[failed ? "write.commit-failed" : "write.applied"], handle.id);
    if (released) ctx.emit(k["write.released"], handle.id);
    if (this.#swizzle && released && failed) ctx.emit(k["swizzle.released-then-failed"], handle.id);
    if (!this.#lifecycleHolds(handle, expectedId, write)) return;
    if (!write.failCommit) return hooks.checkCompleted(handle, write);
    if (handle.state !== "failed" || !(handle.error instanceof InjectedCommitFailure)) {
      return this.fail(this.invariants.commit, `write ${handle.id} should fail at commit but its handle reports ${handle.state}`);
    }
    hooks.checkCommitFailed(handle, write);
  }

  /** Exactly once, when released, and known to the model. */
  #lifecycleHolds(handle: StoreHandle, expectedId: number | undefined, write: PendingWrite<P> | undefined): write is PendingWrite<P> {
    const seen = this.#countCompletion(handle.id);
    const ids = this.invariants.ids;
    if (seen > 0) this.fail(ids, `write ${handle.id} completed ${seen + 1} times`);
    else if (expectedId === undefined) this.fail(ids, `write ${handle.id} completed although no release asked for it`);
    else if (handle.id !== expectedId) this.fail(ids, `the release finished write ${handle.id}, expected write ${expectedId}`);
    else if (write === undefined) this.fail(ids, `write ${handle.id} completed but was never accepted`);
    else return true;
    return false;
  }

  #countCompletion(id: number): number {
    const completions = this.#completions;
    while (completions.length <= id) completions.push(0);
    const seen = completions[id]!;
    completions[id] = Math.min(255, seen + 1);
    return seen;
  }
}
