/**
 * A fixed-size bitset of linearized operations. Its hash is a Zobrist hash (the XOR of a fixed
 * random-looking word per member), updated in O(1) on every set and clear, since the search
 * hashes the set once per step.
 */
export class Bitset {
  readonly words: Uint32Array;
  #hash = 0;

  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32) || 1);
  }

  set(i: number): void {
    const bit = 1 << (i & 31);
    const w = i >>> 5;
    if ((this.words[w]! & bit) === 0) this.#hash ^= member(i);
    this.words[w]! |= bit;
  }

  clear(i: number): void {
    const bit = 1 << (i & 31);
    const w = i >>> 5;
    if ((this.words[w]! & bit) !== 0) this.#hash ^= member(i);
    this.words[w]! &= ~bit;
  }

  hash(): number {
    return this.#hash;
  }
}

/** The Zobrist word of member i (a murmur3 finaliser of i). */
function member(i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
