/**
 * The simulated disk: the contract every storage target (a Raft log store, a failover backend)
 * builds on. Types only; the model lives beside this file.
 *
 * The shape follows TigerBeetle's `testing/storage.zig`, on records instead of sectors:
 *
 * - A disk holds named files; a file is a sequence of records (strings, encoded by the caller),
 *   indexed from 0. A record is written whole: appended, overwritten by index, or cut off by a
 *   truncate. That is the granularity a log store thinks in (append entries, truncate a suffix,
 *   rewrite a hard-state record), so its users never do offset arithmetic.
 * - Every record carries a 32-bit checksum of (index, contents), and a read verifies it: a torn,
 *   misdirected, lost or rotted record is *reported* (a {@link DiskCorruption} rejection), never
 *   returned as data.
 * - A write reaches the file (the page cache) when it is issued; its promise settles after the
 *   write latency. It becomes durable only when a later `sync` of its file (or `syncAll`)
 *   completes. A crash keeps what is durable and loses the rest (see `DiskOptions.partial` and
 *   `DiskOptions.torn` for the faults that make that loss partial or tear the last write).
 * - Every random choice (a latency, a tear, a partial loss, a latent read fault, a misdirected
 *   write) is a recorded fault decision drawn through `ctx.faults.draw`, owned by the step that
 *   caused the disk operation (or the crash): a replay reproduces it and the shrinker can delete
 *   it. During the liveness phase no fault is drawn: every operation takes its minimum latency
 *   and a crash loses exactly the unsynced writes.
 * - Completions are kernel events of the kinds `disk.write`, `disk.truncate`, `disk.sync`,
 *   `disk.read`. A node's disk schedules them through its host, so they wait out a pause and a
 *   crashed node's pending operations never settle.
 */

/**
 * The disk's fault options. Every fault's probability is zero in `DISK_QUIET`; latencies are
 * simulated ms (a minimum plus an exponentially distributed part of the given mean). Overrides
 * are checked: probabilities in [0, 1], latencies integers >= 0; a thrown Error names the field.
 */
export interface DiskOptions {
  /** Smallest latency of a read (one record or a range), ms. */
  readonly readMinMs: number;
  /** Mean of the exponential latency added to a read's minimum, ms (0: always the minimum). */
  readonly readMeanMs: number;
  /** Smallest latency of a write (append, overwrite) or truncate, ms. */
  readonly writeMinMs: number;
  /** Mean of the exponential latency added to a write's minimum, ms. */
  readonly writeMeanMs: number;
  /** Smallest latency of a sync (`sync` or `syncAll`), ms. */
  readonly syncMinMs: number;
  /** Mean of the exponential latency added to a sync's minimum, ms. */
  readonly syncMeanMs: number;
  /**
   * Probability, per file with unsynced writes at a crash, that its last unsynced write (an append
   * or overwrite) is torn: the record is on disk with only a prefix of its contents, or a prefix
   * followed by garbage, under the checksum of the whole. It reads as a `"torn"` corruption.
   */
  readonly torn: number;
  /**
   * Probability, per file with unsynced writes at a crash, that the loss is partial: each unsynced
   * write (append, overwrite, truncate) is then independently kept or lost, with even odds, as a
   * page cache that flushed some pages and not others. A kept append past a lost one leaves a hole:
   * the lost record reads as a `"lost"` corruption. Without it a crash loses every unsynced write.
   */
  readonly partial: number;
  /**
   * Probability, per record read, that the record turns out unreadable (a latent sector error): the
   * read, and every later read of that record, reports a `"latent"` corruption until the record
   * is rewritten (overwriting it repairs it). A record already known bad draws nothing.
   */
  readonly readFault: number;
  /**
   * Probability, per append or overwrite, that the write lands on another record of the same file:
   * the record it hit holds contents checksummed for another index, and the record it missed keeps
   * its old contents under the new checksum (the disk keeps a record's expected checksum apart from
   * its contents, as ZFS keeps a block's in its parent), so both read as `"misdirected"`
   * corruptions. Drawn only when the file has another record to hit.
   */
  readonly misdirect: number;
}

/** Why a record failed its checksum (what the simulator knows; a real disk only says "bad checksum"). */
export type CorruptionReason = "torn" | "lost" | "misdirected" | "latent";

/**
 * A node's disk (`host.disk`) or a standalone one (`new Disk(ctx)`). File names are non-empty
 * strings; a file exists once an operation other than `length` names it. Argument mistakes (a bad name, an index out of range, data
 * that is not a string) throw at the call; a corrupt record rejects the read's promise with a
 * {@link DiskCorruption}. Operations take effect when issued, in issue order; their promises settle
 * after the latency (in any order: latencies are drawn per operation).
 */
export interface DiskApi {
  /** The node this disk belongs to (a standalone disk's is given at construction, default 0). */
  readonly node: number;
  /** The options in force for this run (after the level, swarm redraw and overrides). */
  readonly options: DiskOptions;
  /** Files ever opened, in creation order (a truncate to 0 keeps the file). */
  files(): readonly string[];
  /** Records in `file` now, synced or not (what a read sees); 0 for a file never opened. */
  length(file: string): number;
  /** Append `data` as the file's next record; resolves to its index. */
  append(file: string, data: string): Promise<number>;
  /** Overwrite record `index` (or append when `index` is the length; beyond it throws). Rewriting a bad record repairs it. */
  write(file: string, index: number, data: string): Promise<void>;
  /** Cut the file to its first `length` records (at most its length, else it throws). */
  truncate(file: string, length: number): Promise<void>;
  /** Record `index` (below the length, else it throws), or a {@link DiskCorruption} rejection. */
  read(file: string, index: number): Promise<string>;
  /** Records `[start, stop)` (`stop` at most the length; empty when equal), or a {@link DiskCorruption} rejection naming the first bad one. */
  readRange(file: string, start: number, stop: number): Promise<string[]>;
  /** Make every write to `file` issued before this call durable; resolves once they are. */
  sync(file: string): Promise<void>;
  /** `sync` of every file at once (one latency). */
  syncAll(): Promise<void>;
}
