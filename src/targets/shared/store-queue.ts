/**
 * The store core's pending writes: a window of slots indexed by write id (`id - base`), holes
 * where a write finished or never waited (an immediate write takes an id but no slot). Oldest and
 * newest are found by skipping holes from either end; the window slides forward as the oldest
 * writes finish. Not a Map: a Map whose entries come and go on every write is rehashed over and
 * over, and each retired table links to its successor, so tables that reached the old generation
 * kept young writes alive through collections.
 */
export class StoreQueue<T> {
  /** Slot i holds the write with id `#base + i`, or undefined. */
  #slots: (T | undefined)[] = [];
  #base = 1;
  /** Slots before this one are all holes (the oldest held write is at `#head`). */
  #head = 0;
  #count = 0;

  get size(): number {
    return this.#count;
  }

  get(id: number): T | undefined {
    return this.#slots[id - this.#base];
  }

  /** Hold write `id`; ids of held writes only grow. */
  put(id: number, item: T): void {
    if (this.#count === 0) {
      this.#slots = [];
      this.#base = id;
      this.#head = 0;
    }
    this.#slots[id - this.#base] = item;
    this.#count++;
  }

  /** Remove write `id`; false when it is not held. */
  delete(id: number): boolean {
    const i = id - this.#base;
    if (i < this.#head || this.#slots[i] === undefined) return false;
    this.#slots[i] = undefined;
    this.#count--;
    this.#trim();
    return true;
  }

  oldestId(): number | undefined {
    return this.#count === 0 ? undefined : this.#base + this.#head;
  }

  newestId(): number | undefined {
    return this.#count === 0 ? undefined : this.#base + this.#slots.length - 1;
  }

  /** Held ids, oldest first. */
  ids(): number[] {
    const out: number[] = [];
    for (let i = this.#head; i < this.#slots.length; i++) if (this.#slots[i] !== undefined) out.push(this.#base + i);
    return out;
  }

  /** Held writes, oldest first. */
  items(): T[] {
    const out: T[] = [];
    for (let i = this.#head; i < this.#slots.length; i++) {
      const item = this.#slots[i];
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /** Skip holes at both ends, so `#head` and the last slot always hold a write (when any is held). */
  #trim(): void {
    const slots = this.#slots;
    while (slots.length > this.#head && slots[slots.length - 1] === undefined) slots.pop();
    while (this.#head < slots.length && slots[this.#head] === undefined) this.#head++;
    // Slide the window once the holes in front are most of it (amortised: each slot is copied
    // at most once per slide, and a slide halves the window).
    if (this.#head > 64 && this.#head * 2 > slots.length) {
      this.#slots = slots.slice(this.#head);
      this.#base += this.#head;
      this.#head = 0;
    }
  }
}
