/**
 * A workload planned in rounds: when a round's ops are used up, the next round is planned (from
 * the PRNG, so the same seed plans the same rounds) into a queue. swizzle-clog and the plugged
 * targets' out-of-order rounds are built this way.
 */
export abstract class RoundWorkload<T> {
  readonly #queue: T[] = [];
  #head = 0;

  next(): T {
    if (this.#head >= this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
      this.plan(this.#queue);
    }
    return this.#queue[this.#head++]!;
  }

  /** Push the ops of the next round onto `round`, in order. */
  protected abstract plan(round: T[]): void;
}
