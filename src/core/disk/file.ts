/**
 * One file of a disk: its records as reads see them (the page cache), and a journal of the
 * operations not yet synced, each able to undo itself exactly and to redo itself.
 *
 * Why a journal and not a second, durable copy of the records: a write then costs O(1) (the record
 * it replaced is kept, not the file), a sync O(operations it covers), and a crash O(unsynced
 * operations): it undoes every unsynced operation, newest first, which restores the durable
 * records exactly, then redoes the ones the crash keeps, oldest first. A truncate keeps the
 * records it cut off, each paid for by the write that made it.
 */
import { HOLE, type Rec } from "./record.js";

/** A record an operation put at `index`, and the one it replaced there (undefined past the old length). */
interface Put {
  readonly index: number;
  readonly rec: Rec;
  readonly old: Rec | undefined;
}

/** One unsynced operation: writes (one put, or two for a misdirected write) or a truncate. */
interface Entry {
  /** Its place among the file's operations (a sync covers those below its mark). */
  readonly seq: number;
  /** The file's length before it. */
  readonly before: number;
  readonly puts: readonly Put[];
  /** A truncate's new length, or -1 for writes. */
  readonly cut: number;
  /** The records a truncate cut off, in index order. */
  readonly removed: readonly Rec[];
}

/** Synced entries dropped from the journal's head are compacted away past this many. */
const COMPACT_MIN = 1024;
const NONE: readonly Rec[] = [];

/** What a crash did to a file's unsynced operations. */
export interface CrashOutcome {
  readonly lost: number;
  readonly kept: number;
}

export class DiskFile {
  /** The records as a read sees them now. */
  readonly recs: Rec[] = [];
  #journal: Entry[] = [];
  /** Entries before `#head` are synced (dropped lazily). */
  #head = 0;
  #seq = 0;

  constructor(
    /** Its number on its disk, in creation order (for trace arguments). */
    readonly id: number,
    readonly name: string,
  ) {}

  get length(): number {
    return this.recs.length;
  }

  /** Operations issued so far: a sync called now covers every one of them. */
  get mark(): number {
    return this.#seq;
  }

  /** Operations not yet durable. */
  get unsynced(): number {
    return this.#journal.length - this.#head;
  }

  /** Put `rec` at `index` (at most the length), and optionally `other` at `otherIndex` (a misdirected write's second record). */
  write(index: number, rec: Rec, otherIndex = -1, other?: Rec): void {
    const before = this.recs.length;
    const first: Put = { index, rec, old: this.recs[index] };
    this.#place(index, rec);
    let puts: Put[] = [first];
    if (other !== undefined) {
      puts = [first, { index: otherIndex, rec: other, old: this.recs[otherIndex] }];
      this.#place(otherIndex, other);
    }
    this.#journal.push({ seq: this.#seq++, before, puts, cut: -1, removed: NONE });
  }

  /** Cut the file to `length` records (at most its length). */
  truncate(length: number): void {
    const before = this.recs.length;
    const removed = this.recs.slice(length);
    this.recs.length = length;
    this.#journal.push({ seq: this.#seq++, before, puts: [], cut: length, removed });
  }

  /** The operations below `mark` are durable (a sync called at that mark completed). */
  synced(mark: number): void {
    const journal = this.#journal;
    while (this.#head < journal.length && journal[this.#head]!.seq < mark) this.#head++;
    if (this.#head === journal.length) {
      this.#journal = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_MIN && this.#head * 2 >= journal.length) {
      this.#journal = journal.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * The last unsynced operation when it is a plain write (an append or overwrite of one record):
   * the one a crash may tear. Undefined when there is none, or it is a truncate or misdirected.
   */
  lastWrite(): { readonly index: number; readonly rec: Rec } | undefined {
    const last = this.#journal[this.#journal.length - 1];
    if (last === undefined || this.unsynced === 0 || last.puts.length !== 1) return undefined;
    return last.puts[0];
  }

  /**
   * A crash: the unsynced operations are undone, then those for which `keep(k)` (k-th unsynced, from
   * 0) is true are redone in order; with `torn`, the last one is redone with that record instead
   * (it was being written when the power went). Everything left is durable from then on.
   */
  crash(keep: (k: number) => boolean, torn: Rec | undefined): CrashOutcome {
    const journal = this.#journal;
    const head = this.#head;
    for (let i = journal.length - 1; i >= head; i--) this.#undo(journal[i]!);
    let kept = 0;
    for (let i = head; i < journal.length; i++) {
      const entry = journal[i]!;
      if (torn !== undefined && i === journal.length - 1) this.#place(entry.puts[0]!.index, torn);
      else if (keep(i - head)) {
        this.#redo(entry);
        kept++;
      }
    }
    const lost = journal.length - head - kept - (torn === undefined ? 0 : 1);
    this.#journal = [];
    this.#head = 0;
    return { lost, kept };
  }

  #undo(entry: Entry): void {
    const recs = this.recs;
    if (entry.cut >= 0) {
      for (const rec of entry.removed) recs.push(rec);
      return;
    }
    for (let i = entry.puts.length - 1; i >= 0; i--) {
      const put = entry.puts[i]!;
      if (put.old !== undefined) recs[put.index] = put.old;
    }
    recs.length = entry.before;
  }

  #redo(entry: Entry): void {
    if (entry.cut >= 0) {
      if (entry.cut < this.recs.length) this.recs.length = entry.cut;
      return;
    }
    for (const put of entry.puts) this.#place(put.index, put.rec);
  }

  /** Set record `index`; past the end, the records in between are holes (only a crash's redo does that). */
  #place(index: number, rec: Rec): void {
    const recs = this.recs;
    while (recs.length < index) recs.push(HOLE);
    recs[index] = rec;
  }
}
