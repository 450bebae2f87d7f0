/**
 * The in-memory store core shared by the done-ledger and the findings-sink.
 *
 * Generic over a backend that applies a payload to durable state. It owns what both stores have
 * in common: pending writes by monotonically increasing `PendingWriteId`, the delayed-op FIFO,
 * auto-completion, the three fault counters and the release controls. A submission checks, in
 * order: (1) an injected submission failure (no state change, no handle); (2) delay or manual
 * completion (enqueue); (3) an injected commit failure, decided here and surfacing when the op is
 * applied (it then mutates nothing). Handles settle exactly once, when their op finishes.
 */

import { withoutStack } from "../../index.js";
import { StoreQueue } from "./store-queue.js";

export type CompletionOrder = "oldestFirst" | "newestFirst";

/** Thrown by `submit` when a submission failure was injected. */
export class InjectedSubmissionFailure extends Error {
  constructor() {
    super("injected submission failure");
    this.name = "InjectedSubmissionFailure";
  }
}

/** Carried by a handle whose op failed at commit because a commit failure was injected. */
export class InjectedCommitFailure extends Error {
  constructor() {
    super("injected commit failure");
    this.name = "InjectedCommitFailure";
  }
}

// Injected-fault errors are built once each without a stack (withoutStack) and reused: they are
// routine control flow, and carry nothing particular to a store or a write (the handle has the id).
let submissionFailure: InjectedSubmissionFailure | undefined;
let commitFailure: InjectedCommitFailure | undefined;

/** Thrown when a release names a write that is not pending. */
export class UnknownOperation extends Error {
  constructor(readonly id: number) {
    super(`no pending write ${id}`);
    this.name = "UnknownOperation";
  }
}

/** Domain behaviour: apply a payload to durable state, or refuse it without mutating anything. */
export interface StoreBackend<P> {
  /** Apply `payload`; return an error (and mutate nothing) when it is invalid. */
  apply(payload: P): Error | null;
  /** Apply only part of `payload` (used by the planted bug that half-commits a failed write). */
  applyPart(payload: P): void;
}

/** Planted bugs of the store core itself, shared by every store built on it. */
export interface StoreCoreBugs {
  /** An injected submission failure still enqueues the write. */
  readonly submitFailureEnqueues?: boolean;
  /** A write failing at commit applies the first half of its payload before failing. */
  readonly commitFailureAppliesPart?: boolean;
  /** `releaseAll` applies its last write a second time (an off-by-one in the drain loop). */
  readonly releaseAllAppliesLastTwice?: boolean;
  /** `releaseNext("newestFirst")` takes the oldest write instead. */
  readonly newestFirstDrainsOldest?: boolean;
}

export type HandleState = "pending" | "applied" | "failed";

/** The caller's view of a submitted write. */
export class StoreHandle {
  state: HandleState = "pending";
  error: Error | null = null;
  constructor(readonly id: number) {}
}

interface PendingOp<P> {
  readonly handle: StoreHandle;
  readonly payload: P;
  readonly failCommit: boolean;
}

/** Called once per finished write, synchronously, right after it was applied or failed. */
export type CompletionListener = (handle: StoreHandle) => void;

export class StoreCore<P> {
  #nextId = 1;
  readonly #pending = new StoreQueue<PendingOp<P>>();
  #autoComplete = true;
  #delayNext = 0;
  #failSubmitRemaining = 0;
  #failCommitRemaining = 0;

  constructor(
    readonly backend: StoreBackend<P>,
    readonly bugs: StoreCoreBugs,
    readonly onComplete: CompletionListener,
  ) {}

  failNextSubmissions(count: number): void {
    this.#failSubmitRemaining += count;
  }

  failNextCommits(count: number): void {
    this.#failCommitRemaining += count;
  }

  delayNextWrites(count: number): void {
    this.#delayNext += count;
  }

  setAutoComplete(on: boolean): void {
    this.#autoComplete = on;
  }

  pendingCount(): number {
    return this.#pending.size;
  }

  /** Pending ids, oldest first. */
  pendingIds(): number[] {
    return this.#pending.ids();
  }

  /** Payloads of the pending writes, oldest first. */
  pendingPayloads(): P[] {
    return this.#pending.items().map((op) => op.payload);
  }

  /** Submit a write. Throws {@link InjectedSubmissionFailure} when one was injected. */
  submit(payload: P): StoreHandle {
    if (this.#failSubmitRemaining > 0) {
      this.#failSubmitRemaining--;
      if (this.bugs.submitFailureEnqueues) this.#enqueue(payload, false);
      throw (submissionFailure ??= withoutStack(() => new InjectedSubmissionFailure()));
    }
    const failCommit = this.#failCommitRemaining > 0;
    if (failCommit) this.#failCommitRemaining--;
    if (this.#delayNext > 0 || !this.#autoComplete) {
      if (this.#delayNext > 0) this.#delayNext--;
      return this.#enqueue(payload, failCommit).handle;
    }
    const handle = new StoreHandle(this.#nextId++);
    this.#finish(handle, payload, failCommit);
    return handle;
  }

  /** Finish the oldest or newest pending write; null when nothing is pending. */
  releaseNext(order: CompletionOrder): StoreHandle | null {
    const newest = order === "newestFirst" && !this.bugs.newestFirstDrainsOldest;
    const id = newest ? this.#pending.newestId() : this.#pending.oldestId();
    if (id === undefined) return null;
    return this.releaseSpecific(id);
  }

  /** Finish one pending write out of order. */
  releaseSpecific(id: number): StoreHandle {
    const op = this.#pending.get(id);
    if (op === undefined) throw new UnknownOperation(id);
    this.#pending.delete(id);
    this.#finish(op.handle, op.payload, op.failCommit);
    return op.handle;
  }

  /** Finish every write pending now, in `order`. */
  releaseAll(order: CompletionOrder): StoreHandle[] {
    const ids = this.pendingIds();
    if (order === "newestFirst") ids.reverse();
    const released: StoreHandle[] = [];
    let last: PendingOp<P> | undefined;
    for (const id of ids) {
      last = this.#pending.get(id);
      released.push(this.releaseSpecific(id));
    }
    if (this.bugs.releaseAllAppliesLastTwice && last !== undefined) this.#finish(last.handle, last.payload, last.failCommit);
    return released;
  }

  #enqueue(payload: P, failCommit: boolean): PendingOp<P> {
    const op: PendingOp<P> = { handle: new StoreHandle(this.#nextId++), payload, failCommit };
    this.#pending.put(op.handle.id, op);
    return op;
  }

  #finish(handle: StoreHandle, payload: P, failCommit: boolean): void {
    if (failCommit) {
      if (this.bugs.commitFailureAppliesPart) this.backend.applyPart(payload);
      handle.state = "failed";
      handle.error = commitFailure ??= withoutStack(() => new InjectedCommitFailure());
    } else {
      const error = this.backend.apply(payload);
      handle.state = error === null ? "applied" : "failed";
      handle.error = error;
    }
    this.onComplete(handle);
  }
}
