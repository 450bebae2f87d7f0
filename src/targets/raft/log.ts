/**
 * A node's log as it holds it in memory (the store holds the same): a snapshot base (the index and
 * term of the last entry a snapshot covers; 0 and 0 without one) and the entries after it. Indices
 * start at 1; the base stands for every entry through its index, which are compacted away (§7), so
 * only its term is still known, and that is all Raft asks of them (the consistency check of the
 * entry before an AppendEntries, and the up-to-date check of an empty log after a snapshot).
 */
import type { Entry } from "../raft-storage/contract.js";
import type { LogView } from "./observer.js";

export class RaftLog implements LogView {
  #baseIndex: number;
  #baseTerm: number;
  /** `entries[k]` is the entry at index `baseIndex + 1 + k`. */
  readonly #entries: Entry[];

  constructor(baseIndex = 0, baseTerm = 0, entries: readonly Entry[] = []) {
    this.#baseIndex = baseIndex;
    this.#baseTerm = baseTerm;
    this.#entries = [...entries];
    for (let k = 0; k < this.#entries.length; k++) {
      if (this.#entries[k]!.index !== baseIndex + 1 + k) throw new Error(`log entry ${this.#entries[k]!.index} is not at index ${baseIndex + 1 + k}`);
    }
  }

  get baseIndex(): number {
    return this.#baseIndex;
  }

  get baseTerm(): number {
    return this.#baseTerm;
  }

  /** The first index an entry is held for (one past the base). */
  get firstIndex(): number {
    return this.#baseIndex + 1;
  }

  get lastIndex(): number {
    return this.#baseIndex + this.#entries.length;
  }

  /** The term at `index`: the base's at the base, -1 where unknown (compacted away, or past the last). */
  termAt(index: number): number {
    if (index === this.#baseIndex) return this.#baseTerm;
    return this.entry(index)?.term ?? -1;
  }

  /** The entry at `index`, if held (not at or below the base, not past the last). */
  entry(index: number): Entry | undefined {
    return index > this.#baseIndex ? this.#entries[index - this.#baseIndex - 1] : undefined;
  }

  /** The entries of [from, to), `from` past the base (AppendEntries). */
  slice(from: number, to: number): Entry[] {
    const k = Math.max(0, from - this.#baseIndex - 1);
    return this.#entries.slice(k, Math.max(k, to - this.#baseIndex - 1));
  }

  push(entry: Entry): void {
    if (entry.index !== this.lastIndex + 1) throw new Error(`log entry ${entry.index} pushed after ${this.lastIndex}`);
    this.#entries.push(entry);
  }

  /** Delete the entries from `index` on (a conflicting suffix; never the base). */
  truncateFrom(index: number): void {
    if (index <= this.#baseIndex) throw new Error(`cannot truncate from ${index}, at or below the snapshot base ${this.#baseIndex}`);
    this.#entries.length = Math.min(this.#entries.length, index - this.#baseIndex - 1);
  }

  /**
   * A snapshot through (index, term) becomes the base: the entries after it are kept when
   * `keepSuffix` (the log holds the snapshot's last entry, so they follow it), else all go.
   */
  rebase(index: number, term: number, keepSuffix: boolean): void {
    const kept = keepSuffix ? this.#entries.filter((e) => e.index > index) : [];
    this.#baseIndex = index;
    this.#baseTerm = term;
    this.#entries.length = 0;
    this.#entries.push(...kept);
  }
}
