/**
 * The oracle's model of the store core: it mirrors the fault counters and auto-completion to
 * predict, for every submission, whether it is rejected, held pending or applied at once, the
 * PendingWriteId it gets, and whether it will fail at commit. Written from the store core's
 * specification, not shared with its code.
 */

export interface PendingWrite<P> {
  readonly id: number;
  readonly payload: P;
  /** An injected commit failure was armed for this write at submission. */
  readonly failCommit: boolean;
  /** Held pending (a delay or manual completion) rather than applied at once. */
  readonly delayed: boolean;
}

export class PendingModel<P> {
  /** Accepted writes not finished yet, in id order (ids only grow, so Map order is id order). */
  readonly pending = new Map<number, PendingWrite<P>>();
  nextId = 1;
  #failSubmit = 0;
  #failCommit = 0;
  #delayNext = 0;
  #autoComplete = true;

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

  /**
   * Predict what submitting `payload` does: null when it is rejected, else the write it becomes
   * (registered as pending; `delayed` tells whether it is held or applied at once).
   */
  submit(payload: P): PendingWrite<P> | null {
    if (this.#failSubmit > 0) {
      this.#failSubmit--;
      return null;
    }
    const failCommit = this.#failCommit > 0;
    if (failCommit) this.#failCommit--;
    const delayed = this.#delayNext > 0 || !this.#autoComplete;
    if (this.#delayNext > 0) this.#delayNext--;
    const write: PendingWrite<P> = { id: this.nextId++, payload, failCommit, delayed };
    this.pending.set(write.id, write);
    return write;
  }

  /** Remove and return pending write `id` (undefined when it is not pending). */
  take(id: number): PendingWrite<P> | undefined {
    const write = this.pending.get(id);
    if (write !== undefined) this.pending.delete(id);
    return write;
  }

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

  /** Pending ids in release order. */
  ids(order: "oldestFirst" | "newestFirst"): number[] {
    const ids = [...this.pending.keys()];
    return order === "newestFirst" ? ids.reverse() : ids;
  }
}
