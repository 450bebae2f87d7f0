/**
 * A workload planned in rounds: when a round's ops are used up, the next round is planned (from
 * the PRNG, so the same seed plans the same rounds) into a queue, with a weighted table of the
 * actions a round mixes in. swizzle-clog and the plugged targets' out-of-order rounds are built
 * this way.
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";

export abstract class RoundWorkload<T, Action extends string> {
  readonly #queue: T[] = [];
  #head = 0;
  readonly #choice: WeightedChoice<Action>;

  constructor(
    readonly rng: Rng,
    weights: Weights<Action>,
  ) {
    this.#choice = new WeightedChoice(weights);
  }

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

  /** An action drawn from the weighted table. */
  protected pickAction(): Action {
    return this.#choice.pick(this.rng);
  }
}
