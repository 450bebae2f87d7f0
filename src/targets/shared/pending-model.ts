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
  /** Accepted writes not finished yet, in id order. */
  readonly pending = new PendingWrites<P>();
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
    this.pending.add(write);
    return write;
  }

  /** Remove and return pending write `id` (undefined when it is not pending). */
  take(id: number): PendingWrite<P> | undefined {
    return this.pending.take(id);
  }

  oldest(): number | undefined {
    return this.pending.idAt(0);
  }

  newest(): number | undefined {
    return this.pending.idAt(this.pending.size - 1);
  }

  /** The pending id at position `pick` modulo the number pending, oldest first. */
  pendingAt(pick: number): number | undefined {
    const n = this.pending.size;
    return n === 0 ? undefined : this.pending.idAt(pick % n);
  }

  /** Pending ids in release order. */
  ids(order: "oldestFirst" | "newestFirst"): number[] {
    const ids = this.pending.ids();
    return order === "newestFirst" ? ids.reverse() : ids;
  }
}

/**
 * Pending writes in id order, as two parallel arrays searched by bisection (ids only grow, so a
 * new write goes at the end). Not a Map: a Map whose entries come and go on every write is
 * rehashed again and again, and each retired table links to its successor, so garbage that
 * reached the old generation kept young writes (and their records) alive through collections.
 */
export class PendingWrites<P> {
  readonly #ids: number[] = [];
  readonly #writes: PendingWrite<P>[] = [];

  get size(): number {
    return this.#ids.length;
  }

  has(id: number): boolean {
    return this.#find(id) >= 0;
  }

  get(id: number): PendingWrite<P> | undefined {
    const i = this.#find(id);
    return i < 0 ? undefined : this.#writes[i];
  }

  /** The id at position `i`, oldest first (undefined outside 0..size-1). */
  idAt(i: number): number | undefined {
    return this.#ids[i];
  }

  /** The pending writes, oldest first (a view: valid until the next add or take). */
  values(): readonly PendingWrite<P>[] {
    return this.#writes;
  }

  /** The pending ids, oldest first (a copy). */
  ids(): number[] {
    return this.#ids.slice();
  }

  /** Add a write; its id must be above every pending one. */
  add(write: PendingWrite<P>): void {
    const last = this.#ids[this.#ids.length - 1];
    if (last !== undefined && write.id <= last) throw new Error(`pending write ${write.id} added after ${last}: ids must grow`);
    this.#ids.push(write.id);
    this.#writes.push(write);
  }

  /** Remove and return write `id`, or undefined when it is not pending. */
  take(id: number): PendingWrite<P> | undefined {
    const at = this.#find(id);
    if (at < 0) return undefined;
    const ids = this.#ids;
    const writes = this.#writes;
    const write = writes[at];
    for (let i = at + 1; i < ids.length; i++) {
      ids[i - 1] = ids[i]!;
      writes[i - 1] = writes[i]!;
    }
    ids.pop();
    writes.pop();
    return write;
  }

  #find(id: number): number {
    const ids = this.#ids;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = ids[mid]!;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
