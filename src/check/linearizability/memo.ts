/**
 * The search's memo of explored (linearized set, model state) pairs. Pairs live in one growing
 * Uint32Array (state id + bitset words per entry) behind an open-addressing hash table of entry
 * numbers, so a search that explores millions of pairs allocates a handful of arrays and no
 * object per pair (per-pair arrays, string keys and a Map of buckets were most of the checker's
 * time). `reset` empties it for the next search without freeing the arrays.
 */
import type { Bitset } from "./bitset.js";

export class Memo {
  #width = 1;
  #arena = new Uint32Array(64);
  #hashes = new Int32Array(64);
  /** Entry number + 1 per slot; 0 is empty. Size is a power of two, at most half full. */
  #slots = new Int32Array(64);
  #count = 0;

  /** Empty the memo for bitsets of `words` words. */
  reset(words: number): void {
    this.#width = words + 1;
    if (this.#count > 0) this.#slots.fill(0);
    this.#count = 0;
  }

  get size(): number {
    return this.#count;
  }

  /** Add (bits, state id); false when the pair was already there. */
  add(bits: Bitset, stateId: number): boolean {
    const hash = mix(bits.hash() ^ Math.imul(stateId + 1, 0x9e3779b1));
    const slots = this.#slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) break;
      if (this.#hashes[entry - 1] === hash && this.#matches((entry - 1) * this.#width, stateId, bits)) return false;
      slot = (slot + 1) & mask;
    }
    const e = this.#store(stateId, bits, hash);
    slots[slot] = e + 1;
    if (this.#count * 2 > slots.length) this.#rehash();
    return true;
  }

  #matches(offset: number, stateId: number, bits: Bitset): boolean {
    const a = this.#arena;
    if (a[offset] !== stateId) return false;
    const w = bits.words;
    for (let i = 0; i < w.length; i++) if (a[offset + 1 + i] !== w[i]) return false;
    return true;
  }

  #store(stateId: number, bits: Bitset, hash: number): number {
    const e = this.#count++;
    const offset = e * this.#width;
    if (offset + this.#width > this.#arena.length) this.#arena = grown(this.#arena, Math.max(this.#arena.length * 2, offset + this.#width));
    if (e >= this.#hashes.length) this.#hashes = grown(this.#hashes, this.#hashes.length * 2);
    const arena = this.#arena;
    const words = bits.words;
    arena[offset] = stateId;
    // A loop beats TypedArray.set for the few words a bitset has.
    for (let i = 0; i < words.length; i++) arena[offset + 1 + i] = words[i]!;
    this.#hashes[e] = hash;
    return e;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.#count; e++) {
      let slot = this.#hashes[e]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.#slots = slots;
  }
}

function grown<T extends Uint32Array | Int32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** A murmur3 finaliser: spreads the bits so that linear probing sees few clusters. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
