/**
 * Weighted choice tables: how a workload picks its next op kind.
 *
 * Keys are kept in declaration order (string keys of an object literal keep insertion order in
 * every JS engine), so a table picks the same key for the same draw on every host.
 */
import type { Rng } from "./rng.js";

/** A weight per op kind; 0 disables a kind. */
export type Weights<K extends string = string> = Readonly<Record<K, number>>;

export class WeightedChoice<K extends string> {
  readonly #keys: K[] = [];
  readonly #cumulative: number[] = [];
  readonly #total: number;

  constructor(weights: Weights<K>) {
    let total = 0;
    for (const key of Object.keys(weights) as K[]) {
      const w = weights[key];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`weight of '${key}' must be a finite number >= 0`);
      if (w === 0) continue;
      total += w;
      this.#keys.push(key);
      this.#cumulative.push(total);
    }
    if (total === 0) throw new Error("a weight table needs at least one positive weight");
    this.#total = total;
  }

  /** The enabled keys, in declaration order. */
  keys(): readonly K[] {
    return this.#keys;
  }

  /** Draw one key with probability proportional to its weight. */
  pick(rng: Rng): K {
    return this.#keys[this.pickIndex(rng)] as K;
  }

  /** Draw as {@link pick} does, returning the key's position in {@link keys}. */
  pickIndex(rng: Rng): number {
    const x = rng.float() * this.#total;
    const cumulative = this.#cumulative;
    // Tables are short (a dozen kinds), so a linear scan beats a binary search.
    for (let i = 0; i < cumulative.length; i++) {
      if (x < (cumulative[i] as number)) return i;
    }
    return cumulative.length - 1;
  }
}
