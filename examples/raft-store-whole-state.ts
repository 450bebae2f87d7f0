/**
 * A user's RaftStorage for the raft-storage target, built unlike the built-in MemStore: the whole
 * state (log, hard state, state machine, current snapshot) is one JSON record, rewritten at every
 * change into the older of two slots on the simulated disk and synced (so even applications are
 * durable). Slow and simple, and correct:
 *
 *   npx simctl conformance raft-storage --impl ./examples/raft-store-whole-state.ts
 *
 * The default export is a RaftStorageFactory `(disk, nodeId) => RaftStorage`; the target builds
 * the store again from the same disk after every crash and restart.
 */
import { DiskCorruption, type DiskApi } from "simctl-dst";
import {
  applyKv,
  decodeSnapshot,
  encodeSnapshot,
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
} from "simctl-dst/raft-storage";

interface State {
  seq: number;
  node: number;
  hs: HardState | null;
  log: Entry[];
  applied: number;
  kv: [string, string][];
  snapshot: { index: number; term: number; membership: MembershipConfig; text: string } | null;
}

const FILE = "state";

/** A snapshot being streamed: chunks in memory until it is installed. */
class Streamed implements SnapshotHandle {
  text = "";
  async write(chunk: string): Promise<void> {
    this.text += chunk;
  }
  async shutdown(): Promise<void> {}
  async read(): Promise<string> {
    return this.text;
  }
}

export const wholeStateStore: RaftStorageFactory = async (disk, nodeId) => {
  let best: State | undefined;
  for (let i = 0; i < Math.min(2, disk.length(FILE)); i++) {
    try {
      const slot = JSON.parse(await disk.read(FILE, i)) as State;
      if (best === undefined || slot.seq > best.seq) best = slot;
    } catch (err) {
      if (!(err instanceof DiskCorruption)) throw err;
    }
  }
  // A restarted process may read a slot its predecessor wrote and never synced: sync before serving it.
  if (disk.length(FILE) > 0) await disk.sync(FILE);
  return new WholeStateStore(disk, best ?? { seq: 0, node: nodeId, hs: null, log: [], applied: 0, kv: [], snapshot: null });
};

class WholeStateStore implements RaftStorage {
  constructor(
    readonly disk: DiskApi,
    readonly s: State,
  ) {}

  /** Write the state to the older slot and sync: a slot torn by a crash leaves the other. */
  async #save(): Promise<void> {
    this.s.seq++;
    void this.disk.write(FILE, (this.s.seq + 1) % 2, JSON.stringify(this.s));
    await this.disk.sync(FILE);
  }

  #membership(upTo = Number.MAX_SAFE_INTEGER): MembershipConfig {
    const found = [...this.s.log].reverse().find((e) => e.index <= upTo && (e.payload.type === "configChange" || e.payload.type === "snapshotPointer"));
    return found?.payload.type === "configChange" || found?.payload.type === "snapshotPointer" ? found.payload.membership : initialMembership(this.s.node);
  }

  async getMembershipConfig(): Promise<MembershipConfig> {
    return this.#membership();
  }

  async getInitialState(): Promise<InitialState> {
    const last = this.s.log[this.s.log.length - 1];
    return { lastLogIndex: last?.index ?? 0, lastLogTerm: last?.term ?? 0, lastAppliedLog: this.s.applied, hardState: this.s.hs ?? { currentTerm: 0, votedFor: null }, membership: this.#membership() };
  }

  async saveHardState(hs: HardState): Promise<void> {
    this.s.hs = { ...hs };
    await this.#save();
  }

  async getLogEntries(start: number, stop: number): Promise<Entry[]> {
    return this.s.log.filter((e) => e.index >= start && e.index < stop);
  }

  async deleteLogsFrom(start: number, stop?: number): Promise<void> {
    this.s.log = this.s.log.filter((e) => e.index < start || (stop !== undefined && e.index >= stop));
    await this.#save();
  }

  async appendEntryToLog(entry: Entry): Promise<void> {
    await this.replicateToLog([entry]);
  }

  async replicateToLog(entries: readonly Entry[]): Promise<void> {
    for (const e of entries) this.s.log = [...this.s.log.filter((x) => x.index < e.index), e, ...this.s.log.filter((x) => x.index > e.index)];
    await this.#save();
  }

  async applyEntryToStateMachine(index: number, data: KvCommand): Promise<KvResponse> {
    const kv = new Map(this.s.kv);
    const answer = applyKv(kv, data);
    this.s.kv = [...kv];
    this.s.applied = index;
    await this.#save();
    return answer;
  }

  async replicateToStateMachine(entries: readonly IndexedCommand[]): Promise<void> {
    for (const { index, data } of entries) {
      const kv = new Map(this.s.kv);
      applyKv(kv, data);
      this.s.kv = [...kv];
      this.s.applied = index;
    }
    await this.#save();
  }

  async doLogCompaction(): Promise<CurrentSnapshot> {
    const index = this.s.applied;
    const term = this.s.log.find((e) => e.index === index)!.term;
    const membership = this.#membership(index);
    this.s.snapshot = { index, term, membership, text: encodeSnapshot(index, term, membership, new Map(this.s.kv)) };
    this.s.log = [{ index, term, payload: { type: "snapshotPointer", id: `c${this.s.seq}`, membership } }, ...this.s.log.filter((e) => e.index > index)];
    await this.#save();
    return (await this.getCurrentSnapshot())!;
  }

  async createSnapshot(): Promise<{ readonly id: string; readonly snapshot: SnapshotHandle }> {
    return { id: `i${this.s.seq}`, snapshot: new Streamed() };
  }

  async finalizeSnapshotInstallation(index: number, term: number, deleteThrough: number | undefined, id: string, snapshot: SnapshotHandle): Promise<void> {
    const text = await snapshot.read();
    const contents = decodeSnapshot(text);
    const kept = deleteThrough === undefined ? [] : this.s.log.filter((e) => e.index > deleteThrough && e.index !== index);
    this.s.log = [...kept.filter((e) => e.index < index), { index, term, payload: { type: "snapshotPointer", id, membership: contents.membership } }, ...kept.filter((e) => e.index > index)];
    this.s.kv = contents.kv.map(([k, v]) => [k, v]);
    this.s.applied = index;
    this.s.snapshot = { index, term, membership: contents.membership, text };
    await this.#save();
  }

  async getCurrentSnapshot(): Promise<CurrentSnapshot | null> {
    const snap = this.s.snapshot;
    if (snap === null) return null;
    const handle = new Streamed();
    handle.text = snap.text;
    return { index: snap.index, term: snap.term, membership: snap.membership, snapshot: handle };
  }
}

export default wholeStateStore;
