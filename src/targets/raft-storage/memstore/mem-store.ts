/**
 * MemStore: the reference RaftStorage, on the simulated disk (async-raft's memstore, made
 * durable). In memory it holds the log, the state machine and the current snapshot's metadata;
 * on the disk:
 *
 * - `manifest`: node id, hard state, purged prefix (two slots, see manifest.ts);
 * - `log.<n>`: the log of generation n (log-file.ts);
 * - `sm.<n>`: the applications since snapshot n (sm-journal.ts);
 * - `snap.<n>`: snapshot n, sealed once current (snapshot-files.ts).
 *
 * What the contract says is durable is synced before the call resolves: hard state, log writes,
 * deletions, and the seal of a compaction or installation (its log generation and contents synced
 * before it). `MemStore.open` rebuilds all of it after a crash. The planted bugs are switches here
 * and in log-file.ts; off, the store keeps every clause of contract.ts.
 */
import type { DiskApi } from "../../../index.js";
import {
  initialMembership,
  type CurrentSnapshot,
  type Entry,
  type HardState,
  type IndexedCommand,
  type InitialState,
  type KvCommand,
  type KvResponse,
  type MembershipConfig,
  type RaftStorage,
  type RaftStorageFactory,
  type SnapshotHandle,
} from "../contract.js";
import { applyKv, decodeSnapshot, encodeSnapshot, snapshotKv } from "../kv.js";
import { LogFile, type LogBugs } from "./log-file.js";
import { Manifest } from "./manifest.js";
import { SmJournal } from "./sm-journal.js";
import { createSnapshotFile, deleteGenerations, sealedSnapshots, sealSnapshot, SnapshotFile, type Seal } from "./snapshot-files.js";

/** MemStore's planted bugs (bugs.ts maps `--bug` names to them). */
export interface MemStoreBugs extends LogBugs {
  /** `saveHardState` resolves before the manifest is synced. */
  readonly hardStateUnsynced?: boolean;
  /** The membership search passes over snapshot pointers. */
  readonly membershipIgnoresPointer?: boolean;
  /** Compaction covers the log up to its last entry, applied or not. */
  readonly compactPastApplied?: boolean;
  /** Older snapshots are never deleted, and recovery takes the first sealed one it finds. */
  readonly keepOldSnapshots?: boolean;
  /** Recovery replays the journal but reports the snapshot's index as the last applied. */
  readonly applyTwiceAfterRestart?: boolean;
}

/** MemStore as a factory, with `bugs` switched on. */
export function memStore(bugs: MemStoreBugs = {}): RaftStorageFactory {
  return (disk, nodeId) => MemStore.open(disk, nodeId, bugs);
}

export class MemStore implements RaftStorage {
  #log: LogFile;
  #journal: SmJournal;
  #current: Seal | null;
  #kv: Map<string, string>;
  #lastApplied: number;

  private constructor(
    readonly disk: DiskApi,
    readonly manifest: Manifest,
    readonly bugs: MemStoreBugs,
    state: { log: LogFile; journal: SmJournal; current: Seal | null; kv: Map<string, string>; lastApplied: number },
  ) {
    this.#log = state.log;
    this.#journal = state.journal;
    this.#current = state.current;
    this.#kv = state.kv;
    this.#lastApplied = state.lastApplied;
  }

  /** The store `disk` holds (a fresh one on a pristine disk), its torn tails cut and leftovers deleted. */
  static async open(disk: DiskApi, nodeId: number, bugs: MemStoreBugs = {}): Promise<MemStore> {
    const manifest = await Manifest.load(disk, nodeId);
    const keepOld = bugs.keepOldSnapshots === true;
    const seals = await sealedSnapshots(disk, keepOld);
    const current = seals.reduce<Seal | null>((best, s) => (best === null || s.seq > best.seq ? s : best), null);
    const gen = current?.n ?? 0;
    const base = current?.logBase ?? 1;
    const purge = manifest.state.purge;
    const log = await LogFile.recover(disk, gen, base, purge !== null && purge.gen === gen ? purge.start : base, bugs);
    const kv = current === null ? new Map<string, string>() : snapshotKv(decodeSnapshot(await new SnapshotFile(disk, current.n, current.id, true).read()));
    const journal = new SmJournal(disk, gen);
    const lastApplied = await journal.replay(kv, current?.index ?? 0, bugs.applyTwiceAfterRestart === true);
    // The node id is persisted on first use, so that a restart keeps it.
    if (manifest.pristine) void manifest.save(disk, manifest.state, false);
    // What recovery read may still be only in the page cache (a process restart keeps unsynced
    // writes): Raft will take it as stored, so make it durable, with the cuts of torn tails. Only
    // then may the other generations go: the seal that supersedes them may be one of those writes.
    await disk.syncAll();
    if (!keepOld) deleteGenerations(disk, gen);
    return new MemStore(disk, manifest, bugs, { log, journal, current, kv, lastApplied });
  }

  async getMembershipConfig(): Promise<MembershipConfig> {
    return this.#membershipAt(this.#log.lastIndex);
  }

  async getInitialState(): Promise<InitialState> {
    const last = this.#log.last();
    return {
      lastLogIndex: last?.index ?? 0,
      lastLogTerm: last?.term ?? 0,
      lastAppliedLog: this.#lastApplied,
      hardState: this.manifest.state.hs ?? { currentTerm: 0, votedFor: null },
      membership: this.#membershipAt(this.#log.lastIndex),
    };
  }

  async saveHardState(hs: HardState): Promise<void> {
    const copy: HardState = { currentTerm: hs.currentTerm, votedFor: hs.votedFor };
    await this.manifest.save(this.disk, { ...this.manifest.state, hs: copy }, this.bugs.hardStateUnsynced !== true);
  }

  async getLogEntries(start: number, stop: number): Promise<Entry[]> {
    return this.#log.slice(start, stop);
  }

  async deleteLogsFrom(start: number, stop?: number): Promise<void> {
    const log = this.#log;
    if (log.length === 0) return;
    const end = stop ?? log.lastIndex + 1;
    if (start >= end) return;
    if (end > log.lastIndex) {
      const from = Math.max(start, log.firstIndex);
      if (from <= log.lastIndex) await log.truncateFrom(from);
      return;
    }
    if (start > log.firstIndex) throw new Error(`deleteLogsFrom(${start}, ${stop}) would leave a hole in the log [${log.firstIndex}, ${log.lastIndex}]`);
    if (end <= log.firstIndex) return;
    log.purgeTo(end);
    await this.manifest.save(this.disk, { ...this.manifest.state, purge: { gen: log.gen, start: log.firstIndex } }, true);
  }

  async appendEntryToLog(entry: Entry): Promise<void> {
    await this.#log.place([entry]);
  }

  async replicateToLog(entries: readonly Entry[]): Promise<void> {
    await this.#log.place(entries);
  }

  async applyEntryToStateMachine(index: number, data: KvCommand): Promise<KvResponse> {
    const response = applyKv(this.#kv, data);
    this.#lastApplied = index;
    await this.#journal.record(index, data);
    return response;
  }

  async replicateToStateMachine(entries: readonly IndexedCommand[]): Promise<void> {
    let last: Promise<number> | undefined;
    for (const { index, data } of entries) {
      applyKv(this.#kv, data);
      this.#lastApplied = index;
      last = this.#journal.record(index, data);
    }
    await last;
  }

  async doLogCompaction(): Promise<CurrentSnapshot> {
    const through = this.bugs.compactPastApplied === true ? this.#log.lastIndex : this.#lastApplied;
    const current = this.#current;
    if (current !== null && current.index === through) return this.#snapshotOf(current);
    const at = this.#log.at(through);
    if (at === undefined) throw new Error(`cannot compact through ${through}: the log [${this.#log.firstIndex}, ${this.#log.lastIndex}] does not hold it`);
    const membership = this.#membershipAt(through);
    const file = createSnapshotFile(this.disk);
    await file.write(encodeSnapshot(through, at.term, membership, this.#kv));
    await file.shutdown();
    const pointer: Entry = { index: through, term: at.term, payload: { type: "snapshotPointer", id: file.id, membership } };
    const before = current?.n ?? 0;
    await this.#commit(file, { seq: (current?.seq ?? 0) + 1, n: file.n, id: file.id, index: through, term: at.term, membership, logBase: through }, [pointer, ...this.#log.after(through)]);
    // Older snapshots go; a snapshot being streamed (numbered after the old one) stays.
    if (this.bugs.keepOldSnapshots !== true) deleteGenerations(this.disk, file.n, before);
    return this.#snapshotOf(this.#current!);
  }

  async createSnapshot(): Promise<{ readonly id: string; readonly snapshot: SnapshotHandle }> {
    const file = createSnapshotFile(this.disk);
    return { id: file.id, snapshot: file };
  }

  async finalizeSnapshotInstallation(index: number, term: number, deleteThrough: number | undefined, id: string, snapshot: SnapshotHandle): Promise<void> {
    if (!(snapshot instanceof SnapshotFile) || snapshot.disk !== this.disk) throw new Error(`snapshot ${id} was not created by this store`);
    const contents = decodeSnapshot(await snapshot.read());
    const pointer: Entry = { index, term, payload: { type: "snapshotPointer", id, membership: contents.membership } };
    const kept = deleteThrough === undefined ? [] : this.#log.after(deleteThrough).filter((e) => e.index !== index);
    const entries = [...kept.filter((e) => e.index < index), pointer, ...kept.filter((e) => e.index > index)];
    if (entries.some((e, i) => e.index !== entries[0]!.index + i)) throw new Error(`installing snapshot ${id} at ${index}, deleting through ${deleteThrough}, would leave a hole in the log`);
    // The chunks must be durable before the seal that makes them current.
    await this.disk.sync(snapshot.name);
    const seal: Seal = { seq: (this.#current?.seq ?? 0) + 1, n: snapshot.n, id, index, term, membership: contents.membership, logBase: entries[0]!.index };
    await this.#commit(snapshot, seal, entries);
    this.#kv = snapshotKv(contents);
    this.#lastApplied = index;
    if (this.bugs.keepOldSnapshots !== true) deleteGenerations(this.disk, snapshot.n);
  }

  async getCurrentSnapshot(): Promise<CurrentSnapshot | null> {
    return this.#current === null ? null : this.#snapshotOf(this.#current);
  }

  /** Write generation `seal.n`'s log, then the seal: from then on the snapshot is current. */
  async #commit(file: SnapshotFile, seal: Seal, entries: readonly Entry[]): Promise<void> {
    const log = await LogFile.create(this.disk, seal.n, entries, this.bugs);
    await sealSnapshot(file, seal);
    this.#log = log;
    this.#journal = new SmJournal(this.disk, seal.n);
    this.#current = seal;
  }

  /** The reverse search of the log from `index` (see `getMembershipConfig`). */
  #membershipAt(index: number): MembershipConfig {
    const skipPointers = this.bugs.membershipIgnoresPointer === true;
    for (let i = index; i >= this.#log.firstIndex; i--) {
      const p = this.#log.at(i)?.payload;
      if (p?.type === "configChange" || (p?.type === "snapshotPointer" && !skipPointers)) return p.membership;
    }
    return initialMembership(this.manifest.state.node);
  }

  #snapshotOf(seal: Seal): CurrentSnapshot {
    return { index: seal.index, term: seal.term, membership: seal.membership, snapshot: new SnapshotFile(this.disk, seal.n, seal.id, true) };
  }
}
