/**
 * Seeded pseudo-random streams.
 *
 * Every random choice of a run comes from one of these. A run owns one root stream per seed and
 * forks named sub-streams from it (`ops`, `faults`, `time`, ...), so that changing how many draws
 * one component makes does not reshuffle the others: shrinking and replay stay stable.
 */

/** The largest seed simctl accepts: seeds are integers 0..2^53-1, printed in decimal. */
export const SEED_MAX = Number.MAX_SAFE_INTEGER;

/** True when `seed` is a valid simctl seed. */
export function isValidSeed(seed: number): boolean {
  return Number.isSafeInteger(seed) && seed >= 0;
}

/**
 * A deterministic stream of random numbers: Baagoe's Alea generator, draw for draw the stream
 * seedrandom's `alea(key)` gives (a test compares them). Written out here because a draw is on
 * every step's hot path: fields on the instance and `#next` as a method let V8 inline it, where
 * seedrandom's closure per stream could not be, and a fork allocates one object, not five.
 * The state lives in a Float64Array: as object fields, the carry (an int32, often outside V8's
 * small-integer range) and the doubles were boxed on every draw, a heap number each.
 */
export class Rng {
  /** s0, s1, s2 and the carry c. 32 bytes, so V8 keeps it on its heap. */
  readonly #s = new Float64Array(4);

  /** Use {@link Rng.forSeed} or {@link Rng.fork}; `key` fully determines the stream. */
  constructor(readonly key: string) {
    const mash = new Mash();
    const s0 = mash.hash(" ");
    const s1 = mash.hash(" ");
    const s2 = mash.hash(" ");
    const s = this.#s;
    s[0] = wrap(s0 - mash.hash(key));
    s[1] = wrap(s1 - mash.hash(key));
    s[2] = wrap(s2 - mash.hash(key));
    s[3] = 1;
  }

  /**
   * Advance the generator; the draw is left in `#s[2]`. It returns nothing on purpose: a double
   * returned from a call V8 does not inline is boxed (a heap number per draw), while the callers
   * read it from the typed array unboxed.
   */
  #step(): void {
    const s = this.#s;
    const t = 2091639 * s[0]! + s[3]! * 2.3283064365386963e-10; // 2^-32
    const c = t | 0;
    s[0] = s[1]!;
    s[1] = s[2]!;
    s[3] = c;
    s[2] = t - c;
  }

  #next(): number {
    this.#step();
    return this.#s[2]!;
  }

  /** The root stream of a run. */
  static forSeed(seed: number): Rng {
    return new Rng(`simctl/${seed}`);
  }

  /** An independent stream named `label`, derived from this one's key and not its position. */
  fork(label: string): Rng {
    return new Rng(`${this.key}/${label}`);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** An integer in [0, n). `n` must be a positive integer below 2^32. */
  int(n: number): number {
    this.#step();
    return Math.floor(this.#s[2]! * n);
  }

  /** An integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    this.#step();
    return lo + Math.floor(this.#s[2]! * (hi - lo + 1));
  }

  /** True with probability `p`. Draws nothing when `p` is 0 or 1, so disabled faults cost nothing. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    this.#step();
    return this.#s[2]! < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    this.#step();
    return items[Math.floor(this.#s[2]! * items.length)] as T;
  }

  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.#next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Alea's seeding hash: state carried across calls, as Baagoe wrote it. */
class Mash {
  #n = 0xefc8249d;

  hash(data: string): number {
    let n = this.#n;
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    this.#n = n;
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  }
}

function wrap(s: number): number {
  return s < 0 ? s + 1 : s;
}
