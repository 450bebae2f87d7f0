/**
 * A record as the disk holds it, its checksum, and the ways a fault spoils one.
 *
 * A record stores its contents and the checksum its writer computed for (index, contents). A read
 * recomputes the checksum for the index it reads and compares: a record written for another index
 * (misdirected), cut short or filled with garbage (torn), or missing (a hole) fails, and so is
 * reported, never returned. Putting the index under the checksum is what makes a misdirected write
 * detectable where it lands. A record made by a fault is checked to fail (a 32-bit checksum could
 * collide once in four billion; the simulation must not let a fault pass silently).
 */
import type { CorruptionReason } from "./types.js";

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, over the index's four low bytes and then each UTF-16 code unit (two bytes). */
export function checksum(index: number, data: string): number {
  let h = FNV_OFFSET;
  for (let shift = 0; shift < 32; shift += 8) h = Math.imul(h ^ ((index >>> shift) & 0xff), FNV_PRIME);
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), FNV_PRIME);
    h = Math.imul(h ^ (c >>> 8), FNV_PRIME);
  }
  return h >>> 0;
}

export class Rec {
  /**
   * Set when a read found the record unreadable (a latent fault): it stays bad, for every read, until
   * it is rewritten (a rewrite is a new `Rec`). Kept on the record itself, so a crash that rolls a
   * rewrite back brings the bad copy back with it.
   */
  bad = false;

  constructor(
    readonly data: string,
    readonly sum: number,
    /** Set on the records a fault made (they fail their checksum); undefined on good ones. */
    readonly fault: CorruptionReason | undefined,
  ) {}

  /** A record as written, good. */
  static of(index: number, data: string): Rec {
    return new Rec(data, checksum(index, data), undefined);
  }

  /** Contents `data` under checksum `sum` at `index`, made by a fault: guaranteed to fail there. */
  static spoilt(index: number, data: string, sum: number, fault: CorruptionReason): Rec {
    return new Rec(data, checksum(index, data) === sum ? (sum ^ 1) >>> 0 : sum, fault);
  }

  /** Why the record at `index` fails its check, or undefined when it is good. */
  check(index: number): CorruptionReason | undefined {
    if (this.bad) return "latent";
    if (checksum(index, this.data) === this.sum) return undefined;
    return this.fault ?? "latent";
  }
}

/** What a lost write leaves below a kept one further on: no contents, no valid checksum. */
export const HOLE: Rec = Object.freeze(new Rec("", -1, "lost")) as Rec;

/** Half of the range of a tear's decision: below it the tear is a bare prefix, above a prefix and garbage. */
const TEAR_SPLIT = 500_000;

/**
 * The record a crash leaves of `rec` (written at `index`), from the tear's decision `v` in
 * [0, 2 x TEAR_SPLIT): a strict prefix of its contents, then (for the upper half of `v`) garbage up
 * to its length, under the checksum of the whole.
 */
export function tear(index: number, rec: Rec, v: number): Rec {
  const data = rec.data;
  const kept = Math.floor((data.length * (v % TEAR_SPLIT)) / TEAR_SPLIT);
  let torn = data.slice(0, kept);
  if (v >= TEAR_SPLIT || data.length === 0) torn += garbage(Math.max(1, data.length - kept), v);
  return Rec.spoilt(index, torn, rec.sum, "torn");
}

/** `n` characters derived from `v` (what a half-written sector holds: not the data). */
function garbage(n: number, v: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += String.fromCharCode(mix(v, i) & 0xff);
  return out;
}

/** A well-mixed 32-bit hash of two integers (murmur3's finaliser over a combination). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
