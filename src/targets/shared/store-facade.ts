/**
 * The public face every store-core system shares: the fault counters, manual completion and the
 * release controls, delegated to one {@link StoreCore}. A store extends this and supplies only how
 * a payload is applied to its durable state.
 */
import { StoreCore, type CompletionListener, type CompletionOrder, type StoreCoreBugs, type StoreHandle } from "./store-core.js";
import type { StoreControls } from "./store-driver.js";

export abstract class StoreFacade<P> implements StoreControls {
  protected readonly store: StoreCore<P>;

  constructor(bugs: StoreCoreBugs, onComplete: CompletionListener) {
    this.store = new StoreCore<P>({ apply: (p) => this.applyPayload(p), applyPart: (p) => this.applyPart(p) }, bugs, onComplete);
  }

  /** Apply a payload to durable state, or return the error that refuses it (mutating nothing). */
  protected abstract applyPayload(payload: P): Error | null;
  /** Apply part of a payload (for the planted bug that half-commits a failed write). */
  protected abstract applyPart(payload: P): void;

  failNextSubmissions(count: number): void {
    this.store.failNextSubmissions(count);
  }
  failNextCommits(count: number): void {
    this.store.failNextCommits(count);
  }
  delayNextWrites(count: number): void {
    this.store.delayNextWrites(count);
  }
  setAutoComplete(on: boolean): void {
    this.store.setAutoComplete(on);
  }
  pendingCount(): number {
    return this.store.pendingCount();
  }
  releaseNext(order: CompletionOrder): StoreHandle | null {
    return this.store.releaseNext(order);
  }
  releaseSpecific(id: number): StoreHandle {
    return this.store.releaseSpecific(id);
  }
  releaseAll(order: CompletionOrder): StoreHandle[] {
    return this.store.releaseAll(order);
  }
}
