/**
 * A disk's contents and faults: its files, what a write, read, sync or crash does to them, and
 * which fault decisions each draws. It survives a node's crashes and restarts (each incarnation
 * gets a new handle on it, see handle.ts).
 *
 * Decisions, in the order each operation draws them (a kind whose probability is 0 is not drawn
 * at all, and in the liveness phase nothing is):
 * - a write: `disk.misdirect` (value: which other record it hits), then `disk.latency`;
 * - a read: `disk.read-fault` for each good record it reads, up to the first bad one, then
 *   `disk.latency`;
 * - a truncate or sync: `disk.latency`;
 * - a crash, for each file with unsynced operations, in creation order: `disk.partial` (value:
 *   the seed of which operations survive), then `disk.torn` (value: how the last write tears) when
 *   the last unsynced operation is a plain write.
 * Latencies are minimum + exponential (mean per kind) from a uniform integer `u`, as the network's
 * delays are. Everything is decided when the operation is issued; its completion event only
 * delivers the outcome, so a crash before it leaves the operation's effect (in the page cache,
 * subject to the crash) but never settles its promise.
 */
import type { Timer } from "../events.js";
import { exponentialMs, U_MAX } from "../net/exponential.js";
import type { RunContext } from "../target.js";
import { withoutStack } from "../errors.js";
import { DiskCorruption } from "./corruption.js";
import { DiskFile } from "./file.js";
import type { DiskIds } from "./ids.js";
import { DISK_FILES_MAX } from "./kinds.js";
import { mix, Rec, tear } from "./record.js";
import type { CorruptionReason, DiskOptions } from "./types.js";

/** Where a disk's completions are scheduled: the kernel (standalone), or a node's host (they die with its incarnation and wait out its pauses). */
export interface DiskClock {
  readonly alive: boolean;
  schedule(delayMs: number, kind: number, fire: () => void, a?: number, b?: number): Timer;
}

/** The trace argument of a `syncAll`: every file. */
const ALL_FILES = DISK_FILES_MAX - 1;

export class DiskStore {
  readonly #ctx: RunContext;
  readonly options: DiskOptions;
  readonly #ids: DiskIds;
  readonly node: number;
  readonly #files = new Map<string, DiskFile>();
  /** Completions not yet delivered: a crash cancels them all. */
  readonly #pending = new Set<Timer>();

  constructor(ctx: RunContext, options: DiskOptions, ids: DiskIds, node: number) {
    this.#ctx = ctx;
    this.options = options;
    this.#ids = ids;
    this.node = node;
  }

  /** File `name`, created when `create` (else undefined if it was never written). */
  file(name: string, create: boolean): DiskFile | undefined {
    let file = this.#files.get(name);
    if (file === undefined && create) {
      if (this.#files.size >= ALL_FILES) throw new RangeError(`disk of node ${this.node} holds ${ALL_FILES} files already; '${name}' would be one too many`);
      file = new DiskFile(this.#files.size, name);
      this.#files.set(name, file);
    }
    return file;
  }

  files(): readonly string[] {
    return [...this.#files.keys()];
  }

  /** Put `data` at `index` (at most the file's length); resolves to `value`. */
  write<T>(clock: DiskClock, file: DiskFile, index: number, data: string, value: T): Promise<T> {
    const o = this.options;
    const rec = Rec.of(index, data);
    const others = Math.max(file.length, index + 1) - 1;
    const v = o.misdirect > 0 && others > 0 ? this.#ctx.faults.draw(this.#ids.faults.misdirect, o.misdirect, 0, U_MAX) : null;
    if (v === null) file.write(index, rec);
    else {
      const hit = (index + 1 + (v % others)) % (others + 1);
      const old = file.recs[index];
      const missed = old !== undefined && old.data === data && old.check(index) === undefined ? old : Rec.spoilt(index, old?.data ?? "", rec.sum, "misdirected");
      file.write(index, missed, hit, Rec.spoilt(hit, data, rec.sum, "misdirected"));
      this.#ctx.emit(this.#ids.events.misdirected, this.#arg(file), hit);
    }
    return this.#complete(clock, this.#ids.events.write, this.#latency(o.writeMinMs, o.writeMeanMs), this.#arg(file), index, () => value);
  }

  truncate(clock: DiskClock, file: DiskFile, length: number): Promise<void> {
    file.truncate(length);
    return this.#complete(clock, this.#ids.events.truncate, this.#latency(this.options.writeMinMs, this.options.writeMeanMs), this.#arg(file), length, () => undefined);
  }

  /** Records `[start, stop)` of `file` (within its length), or the corruption of the first bad one. */
  read(clock: DiskClock, file: DiskFile, start: number, stop: number): Promise<string[]> {
    const out: string[] = [];
    let bad: DiskCorruption | undefined;
    for (let i = start; i < stop; i++) {
      const reason = this.#inspect(file, i);
      if (reason !== undefined) {
        // No stack: it would show only the simulated disk's frames, and capturing one per
        // corrupt read was a visible share of a stormy raft-storage sweep.
        bad = withoutStack(() => new DiskCorruption(this.node, file.name, i, reason));
        break;
      }
      out.push(file.recs[i]!.data);
    }
    const a = this.#arg(file);
    return this.#complete(clock, this.#ids.events.read, this.#latency(this.options.readMinMs, this.options.readMeanMs), a, start, () => {
      if (bad === undefined) return out;
      this.#ctx.emit(this.#ids.events.corruptRead, a, bad.index);
      throw bad;
    });
  }

  /** Make the operations on `files` issued so far durable when the sync completes (`file` undefined: every file). */
  sync(clock: DiskClock, file: DiskFile | undefined): Promise<void> {
    const files = file === undefined ? [...this.#files.values()] : [file];
    const marks = files.map((f) => f.mark);
    const a = file === undefined ? this.node * DISK_FILES_MAX + ALL_FILES : this.#arg(file);
    return this.#complete(clock, this.#ids.events.sync, this.#latency(this.options.syncMinMs, this.options.syncMeanMs), a, 0, () => {
      files.forEach((f, i) => f.synced(marks[i]!));
    });
  }

  /**
   * The crash: pending completions are cancelled (their promises never settle), and each file keeps
   * its durable records, plus, when the crash's loss is partial, a random half of its unsynced
   * operations, and the last write torn when it tears (see `DiskOptions`).
   */
  crash(): void {
    for (const timer of this.#pending) timer.cancel();
    this.#pending.clear();
    const { faults } = this.#ctx;
    const o = this.options;
    const ids = this.#ids;
    for (const file of this.#files.values()) {
      if (file.unsynced === 0) continue;
      const seed = o.partial > 0 ? faults.draw(ids.faults.partial, o.partial, 0, U_MAX) : null;
      const last = file.lastWrite();
      const v = o.torn > 0 && last !== undefined ? faults.draw(ids.faults.torn, o.torn, 0, U_MAX) : null;
      const torn = v === null || last === undefined ? undefined : tear(last.index, last.rec, v);
      const outcome = file.crash((k) => seed !== null && (mix(seed, k) & 1) === 1, torn);
      const a = this.#arg(file);
      if (outcome.lost > 0) this.#ctx.emit(ids.events.crashLost, a, outcome.lost);
      if (outcome.kept > 0) this.#ctx.emit(ids.events.crashKept, a, outcome.kept);
      if (torn !== undefined && last !== undefined) this.#ctx.emit(ids.events.torn, a, last.index);
    }
  }

  /** Why record `index` of `file` is unreadable, or undefined; a good record may turn out bad now (a latent fault). */
  #inspect(file: DiskFile, index: number): CorruptionReason | undefined {
    const rec = file.recs[index]!;
    const reason = rec.check(index);
    if (reason !== undefined || this.options.readFault === 0) return reason;
    if (this.#ctx.faults.draw(this.#ids.faults.readFault, this.options.readFault) === null) return undefined;
    rec.bad = true;
    this.#ctx.emit(this.#ids.events.latent, this.#arg(file), index);
    return "latent";
  }

  #latency(minMs: number, meanMs: number): number {
    const u = meanMs > 0 ? this.#ctx.faults.draw(this.#ids.faults.latency, 1, 0, U_MAX) : null;
    return minMs + (u === null ? 0 : exponentialMs(meanMs, u));
  }

  /** Deliver `outcome()` (a value, or a thrown corruption) after `delayMs`, as an event of `kind`. */
  #complete<T>(clock: DiskClock, kind: number, delayMs: number, a: number, b: number, outcome: () => T): Promise<T> {
    // A kernel-settled promise: code after `await disk.append(...)` runs right after this event.
    const done = this.#ctx.deferred<T>();
    const timer = clock.schedule(
      delayMs,
      kind,
      () => {
        this.#pending.delete(timer);
        try {
          done.resolve(outcome());
        } catch (err) {
          done.reject(err);
        }
      },
      a,
      b,
    );
    this.#pending.add(timer);
    return done.promise;
  }

  #arg(file: DiskFile): number {
    return this.node * DISK_FILES_MAX + file.id;
  }
}
