/**
 * MemStore's log: one file per generation (`log.<gen>`), record k holding the entry at index
 * `base + k`, and the same entries in memory from the first live one (`first`, at or above `base`
 * once a prefix is purged). A new generation starts at each snapshot (compaction or installation),
 * written whole before the snapshot that names it is sealed; within a generation the log only
 * grows at its end or is cut back, so a record is never overwritten in place and a crash can only
 * hurt the unsynced tail.
 *
 * Recovery reads the file up to the first record a crash tore or lost and cuts the file there:
 * everything from that record on was written after the last sync, so was never acknowledged.
 */
import { DiskCorruption, type DiskApi } from "../../../index.js";
import type { Entry } from "../contract.js";
import { sameEntry } from "../entries.js";

export function logFile(gen: number): string {
  return `log.${gen}`;
}

export interface LogBugs {
  /** `getLogEntries` includes `stop`. */
  readonly inclusiveStop?: boolean;
  /** Deletions stop one entry short. */
  readonly stopsEarly?: boolean;
  /** `place` appends every entry at the end, whatever its index. */
  readonly appends?: boolean;
  /** Recovery skips a corrupt record and reads on. */
  readonly skipCorrupt?: boolean;
}

export class LogFile {
  readonly name: string;

  private constructor(
    readonly disk: DiskApi,
    readonly gen: number,
    /** The index of record 0. */
    readonly base: number,
    /** The index of entries[0] (of the next entry when the log is empty). */
    private first: number,
    private readonly entries: Entry[],
    private readonly bugs: LogBugs,
  ) {
    this.name = logFile(gen);
  }

  /** Generation `gen` from its file: the entries from `start` up to the first bad record. */
  static async recover(disk: DiskApi, gen: number, base: number, start: number, bugs: LogBugs): Promise<LogFile> {
    const name = logFile(gen);
    const length = disk.length(name);
    const records = bugs.skipCorrupt === true ? await readSkipping(disk, name, length) : await readUntilBad(disk, name, length);
    const entries: Entry[] = [];
    let good = 0;
    for (const record of records) {
      const entry = JSON.parse(record) as Entry;
      if (bugs.skipCorrupt !== true && entry.index !== base + good) break;
      good++;
      if (entry.index >= start) entries.push(entry);
    }
    const log = new LogFile(disk, gen, base, Math.max(start, base), entries, bugs);
    if (bugs.skipCorrupt !== true && good < length) void disk.truncate(name, good);
    return log;
  }

  /** A new generation holding `entries` (contiguous, at least one), durable when this resolves. */
  static async create(disk: DiskApi, gen: number, entries: readonly Entry[], bugs: LogBugs): Promise<LogFile> {
    const name = logFile(gen);
    const base = entries[0]!.index;
    // A file of this number can only be a leftover of a crashed attempt: start it afresh.
    if (disk.length(name) > 0) void disk.truncate(name, 0);
    for (const e of entries) void disk.append(name, JSON.stringify(e));
    await disk.sync(name);
    return new LogFile(disk, gen, base, base, [...entries], bugs);
  }

  get firstIndex(): number {
    return this.first;
  }

  /** The last entry's index (first - 1 when empty). */
  get lastIndex(): number {
    return this.first + this.entries.length - 1;
  }

  get length(): number {
    return this.entries.length;
  }

  at(index: number): Entry | undefined {
    return this.entries[index - this.first];
  }

  last(): Entry | undefined {
    return this.entries[this.entries.length - 1];
  }

  /** Entries of [start, stop). */
  slice(start: number, stop: number): Entry[] {
    const end = this.bugs.inclusiveStop === true ? stop + 1 : stop;
    return this.entries.slice(Math.max(0, start - this.first), Math.max(0, end - this.first));
  }

  /** Entries from `after` + 1 to the end. */
  after(index: number): Entry[] {
    return this.entries.slice(Math.max(0, index + 1 - this.first));
  }

  /** Put each entry at its index (skipping one already there), durable when this resolves. */
  async place(entries: readonly Entry[]): Promise<void> {
    let wrote = false;
    for (const e of entries) {
      if (this.bugs.appends === true) {
        this.#append(e);
        wrote = true;
        continue;
      }
      if (e.index < this.first) throw new Error(`entry ${e.index} is below the log's first entry ${this.first}`);
      if (e.index > this.lastIndex + 1) throw new Error(`entry ${e.index} would leave a hole after the last entry ${this.lastIndex}`);
      const held = this.at(e.index);
      if (held !== undefined && sameEntry(held, e)) continue;
      // A different entry at this index: cut the log there rather than overwrite a record in
      // place (a torn overwrite would destroy the acknowledged entry it replaces).
      if (held !== undefined) this.#cut(e.index);
      this.#append(e);
      wrote = true;
    }
    if (wrote) await this.disk.sync(this.name);
  }

  /** Delete the entries from `index` on, durable when this resolves. */
  async truncateFrom(index: number): Promise<void> {
    this.#cut(this.bugs.stopsEarly === true ? index + 1 : index);
    await this.disk.sync(this.name);
  }

  /** Forget the entries below `index` (the manifest records the purge). */
  purgeTo(index: number): void {
    const end = this.bugs.stopsEarly === true ? index - 1 : index;
    const n = Math.min(this.entries.length, Math.max(0, end - this.first));
    this.entries.splice(0, n);
    this.first += n;
  }

  #append(e: Entry): void {
    this.entries.push(e);
    void this.disk.append(this.name, JSON.stringify(e));
  }

  #cut(index: number): void {
    const keep = Math.max(0, index - this.first);
    if (keep >= this.entries.length) return;
    this.entries.length = keep;
    void this.disk.truncate(this.name, this.first + keep - this.base);
  }
}

/** The records before the first bad one. */
async function readUntilBad(disk: DiskApi, name: string, length: number): Promise<string[]> {
  try {
    return await disk.readRange(name, 0, length);
  } catch (err) {
    if (!(err instanceof DiskCorruption)) throw err;
    return disk.readRange(name, 0, err.index);
  }
}

/** The planted bug: every good record, bad ones skipped. */
async function readSkipping(disk: DiskApi, name: string, length: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    try {
      out.push(await disk.read(name, i));
    } catch (err) {
      if (!(err instanceof DiskCorruption)) throw err;
    }
  }
  return out;
}
