/**
 * The search's memo of explored (linearized set, model state) pairs. Pairs are stored in one
 * growing Uint32Array (state id + bitset words per entry) and indexed by a numeric hash, so a
 * search that explores hundreds of thousands of pairs allocates a handful of arrays, not one per
 * pair (per-pair arrays and string keys were three quarters of the checker's time).
 */
import type { Bitset } from "./bitset.js";

export class Memo {
  readonly #width: number;
  #arena: Uint32Array;
  #used = 0;
  readonly #index = new Map<number, number[]>();
  readonly #stateIds = new Map<string | number, number>();

  constructor(words: number) {
    this.#width = words + 1;
    // Most searches are small (a segment, a partition): start small and double.
    this.#arena = new Uint32Array(this.#width * 16);
  }

  /** Add (bits, state); false when the pair was already there. */
  add(bits: Bitset, stateKey: string | number): boolean {
    const stateId = this.#intern(stateKey);
    const hash = (Math.imul(bits.hash(), 0x9e3779b1) ^ stateId) | 0;
    const bucket = this.#index.get(hash);
    if (bucket !== undefined) {
      for (const offset of bucket) if (this.#matches(offset, stateId, bits)) return false;
    }
    const offset = this.#store(stateId, bits);
    if (bucket === undefined) this.#index.set(hash, [offset]);
    else bucket.push(offset);
    return true;
  }

  #intern(key: string | number): number {
    let id = this.#stateIds.get(key);
    if (id === undefined) {
      id = this.#stateIds.size;
      this.#stateIds.set(key, id);
    }
    return id;
  }

  #matches(offset: number, stateId: number, bits: Bitset): boolean {
    const a = this.#arena;
    if (a[offset] !== stateId) return false;
    const w = bits.words;
    for (let i = 0; i < w.length; i++) if (a[offset + 1 + i] !== w[i]) return false;
    return true;
  }

  #store(stateId: number, bits: Bitset): number {
    if (this.#used + this.#width > this.#arena.length) {
      const grown = new Uint32Array(this.#arena.length * 2);
      grown.set(this.#arena);
      this.#arena = grown;
    }
    const offset = this.#used;
    this.#arena[offset] = stateId;
    this.#arena.set(bits.words, offset + 1);
    this.#used += this.#width;
    return offset;
  }
}
