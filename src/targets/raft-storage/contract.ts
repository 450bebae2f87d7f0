/**
 * The RaftStorage contract: async-raft's `RaftStorage` trait (the seed) in TypeScript, clause by
 * clause. Each clause is stated once, here, where its method is declared; the `raft-storage`
 * target's model (model/), its invariants S1-S6 and its named clause checks (clauses/) all check
 * these statements and nothing else. Where the seed is silent on crashes, the clause says what a
 * Raft node relies on, and says so.
 *
 * The application data is a small key-value state machine (kv.ts): a normal entry carries a
 * {@link KvCommand}, its application answers a {@link KvResponse}.
 *
 * Calls: a Raft node makes one storage call at a time and awaits it (async-raft's core is one
 * task), so a store need not support overlapping calls. A call's promise resolving is its
 * acknowledgement.
 *
 * Crashes (not in the seed; what Raft's safety needs): what a mutating call acknowledged is
 * durable, and survives a crash of the process and its disk; a call cut short by a crash may have
 * taken effect or not, or, for a batch, in part, but never half-way for one entry, and never so
 * that a later part survives an earlier one (no hole in the log). The state machine is the one
 * exception: an application need not be durable, because Raft re-applies the committed entries
 * after `lastAppliedLog` when it restarts; what the store reports as applied, though, must be
 * exactly what its state machine holds. And what a store rebuilt after a crash answers, Raft takes
 * as stored (it may acknowledge those entries to a leader): it must survive the next crash too, so a
 * store that recovers writes a restarted process left unsynced in the page cache syncs them first.
 */
import type { DiskApi } from "../../index.js";

/** A Raft node's id. */
export type NodeId = number;

/**
 * A cluster's membership. `members` is the configuration in force; during a joint-consensus
 * change, `membersAfterConsensus` is the configuration being moved to (absent otherwise). Both are
 * sets: their order carries no meaning.
 */
export interface MembershipConfig {
  readonly members: readonly NodeId[];
  readonly membersAfterConsensus?: readonly NodeId[] | undefined;
}

/** `MembershipConfig::new_initial(id)`: a cluster of this node alone. */
export function initialMembership(nodeId: NodeId): MembershipConfig {
  return { members: [nodeId] };
}

/** A command of the key-value state machine. */
export type KvCommand = { readonly op: "set"; readonly key: string; readonly value: string } | { readonly op: "del"; readonly key: string };

/**
 * The answer of one application (async-raft's `R`): the key's previous value (null when it had
 * none), or a client-level error (`del` of a key that is not set). A client-level error is an
 * answer, not a failure: `applyEntryToStateMachine` resolves with it.
 */
export type KvResponse = { readonly ok: true; readonly previous: string | null } | { readonly ok: false; readonly error: "no such key" };

/** What an entry carries. */
export type EntryPayload =
  | { readonly type: "normal"; readonly data: KvCommand }
  | { readonly type: "configChange"; readonly membership: MembershipConfig }
  /** Stands for every entry a snapshot covers, up to and including its own index. */
  | { readonly type: "snapshotPointer"; readonly id: string; readonly membership: MembershipConfig }
  /** A new leader's first entry of its term. */
  | { readonly type: "blank" };

/** A log entry. Indices start at 1; (index, term) identifies an entry in a Raft cluster. */
export interface Entry {
  readonly index: number;
  readonly term: number;
  readonly payload: EntryPayload;
}

/** What Raft must find again after a restart to stay safe: its term and its vote in that term. */
export interface HardState {
  readonly currentTerm: number;
  readonly votedFor: NodeId | null;
}

/** Raft's state as read from storage when it starts. */
export interface InitialState {
  /** The index of the last entry in the log (0 when the log is empty). */
  readonly lastLogIndex: number;
  /** The term of that entry (0 when the log is empty). */
  readonly lastLogTerm: number;
  /** The index of the last entry the state machine holds (0 when none). */
  readonly lastAppliedLog: number;
  /** The saved hard state; `{ currentTerm: 0, votedFor: null }` when none was ever saved. */
  readonly hardState: HardState;
  /** What `getMembershipConfig` answers. */
  readonly membership: MembershipConfig;
}

/**
 * A snapshot as a byte stream (async-raft's `Snapshot: AsyncRead + AsyncWrite + AsyncSeek`), as
 * text. A snapshot made by `createSnapshot` is written by Raft as the leader streams it, then shut
 * down; one returned by `doLogCompaction` or `getCurrentSnapshot` is read.
 */
export interface SnapshotHandle {
  /** Append `chunk`. Raft writes a streamed snapshot's chunks in order, then calls `shutdown`. */
  write(chunk: string): Promise<void>;
  /** No more writes (AsyncWriteExt::shutdown); what was written is durable once this resolves. */
  shutdown(): Promise<void>;
  /** The whole contents from the start: a {@link SnapshotContents} encoded by `encodeSnapshot`. */
  read(): Promise<string>;
}

/** A snapshot and its metadata (async-raft's `CurrentSnapshotData`). */
export interface CurrentSnapshot {
  /** The last entry it covers; the state machine it holds has applied exactly the entries through it. */
  readonly index: number;
  readonly term: number;
  /** The membership in force at `index`. */
  readonly membership: MembershipConfig;
  readonly snapshot: SnapshotHandle;
}

/**
 * What a snapshot holds (kv.ts encodes it): its metadata, as the seed asks ("a proper snapshot
 * implementation will store the term, index and membership config as part of the snapshot"), and
 * the state machine's pairs, sorted by key.
 */
export interface SnapshotContents {
  readonly index: number;
  readonly term: number;
  readonly membership: MembershipConfig;
  readonly kv: readonly (readonly [string, string])[];
}

/** One application of a batch (async-raft passes `(&index, &data)` pairs). */
export interface IndexedCommand {
  readonly index: number;
  readonly data: KvCommand;
}

/** The storage a Raft node runs on. */
export interface RaftStorage {
  /**
   * The latest membership config found in the log: a reverse search from the last entry, which
   * stops at the first `configChange` entry (its membership) or `snapshotPointer` entry (the
   * membership embedded in it). With neither in the log (a pristine store, say), the initial
   * config of this node: `{ members: [nodeId] }`, where nodeId is the id the store persisted when
   * first used, so that it is the same across restarts.
   */
  getMembershipConfig(): Promise<MembershipConfig>;

  /**
   * Raft's state from stable storage: the last log entry's index and term, the saved hard state
   * (the initial one when none was saved), the index of the last entry applied to the state
   * machine, and the membership (as `getMembershipConfig`). A pristine store answers
   * `InitialState::new_initial`: zeros, `{ currentTerm: 0, votedFor: null }` and the initial config.
   * After a restart `lastAppliedLog` may be lower than before the crash (applications need not be
   * durable: Raft re-applies the committed entries after it), but never below the last snapshot's
   * index, and the state machine then holds exactly the entries through it, applied once.
   */
  getInitialState(): Promise<InitialState>;

  /** Save Raft's hard state. Durable once acknowledged: a crash never brings back an older one. */
  saveHardState(hs: HardState): Promise<void>;

  /**
   * The entries of the half-open range [start, stop), in index order: start is inclusive, stop is
   * not. Indices in the range that the log does not hold (below its first entry, past its last)
   * are simply absent from the answer; `start >= stop` answers nothing.
   */
  getLogEntries(start: number, stop: number): Promise<Entry[]>;

  /**
   * Delete the entries of [start, stop), or from start to the end of the log when stop is
   * undefined. Raft deletes a conflicting suffix (stop undefined) or purges a prefix it no longer
   * needs (start at or below the first entry); a range strictly inside the log would leave a hole,
   * which Raft never asks for (a store may reject it). Durable once acknowledged: the deleted
   * entries never come back.
   */
  deleteLogsFrom(start: number, stop?: number): Promise<void>;

  /** Append a new entry to the log, as its last entry. Durable once acknowledged. */
  appendEntryToLog(entry: Entry): Promise<void>;

  /**
   * Replicate a payload of entries to the log. They come in index order, and each entry's own
   * index says where it goes: one the log already holds is not added a second time. Raft sends an
   * entry at most one past the last, and deletes a conflicting suffix (deleteLogsFrom) before it
   * replicates over it. Durable once acknowledged; cut short by a crash, a prefix of the entries
   * may survive, never a later one without the earlier.
   */
  replicateToLog(entries: readonly Entry[]): Promise<void>;

  /**
   * Apply the data of the committed entry at `index` to the state machine and answer what the
   * command gives (kv.ts). Raft applies only committed entries, in index order, each once (and
   * again after a restart only those after `lastAppliedLog`). Reject only for an actual failure to
   * apply (Raft then shuts down to protect the data); a client-level error is an answer,
   * `{ ok: false, error }`.
   */
  applyEntryToStateMachine(index: number, data: KvCommand): Promise<KvResponse>;

  /** Apply a batch of committed entries in order, as `applyEntryToStateMachine` does one each. */
  replicateToStateMachine(entries: readonly IndexedCommand[]): Promise<void>;

  /**
   * Log compaction: snapshot the state machine and answer that snapshot. It covers exactly the log
   * up to the last applied entry (index = `lastAppliedLog` when the export was taken, term = that
   * entry's term, membership = the config in force there); the entries through its index are then
   * replaced by one snapshot pointer at its index (async-raft's reference store does so), so that
   * the membership search finds its config. The snapshot becomes the current one and the others are
   * deleted. Durable and atomic once acknowledged: after a crash, either all of it or none of it.
   */
  doLogCompaction(): Promise<CurrentSnapshot>;

  /**
   * A new blank snapshot, writable, for a snapshot the leader streams, with its id. It is not the
   * current snapshot: it becomes one at `finalizeSnapshotInstallation`.
   */
  createSnapshot(): Promise<{ readonly id: string; readonly snapshot: SnapshotHandle }>;

  /**
   * Install a snapshot that finished streaming (`snapshot`, from `createSnapshot`, shut down). The
   * log's entries through `deleteThrough` are deleted, or all of them when it is undefined; a
   * snapshot pointer `{ index, term, payload: { type: "snapshotPointer", id, membership } }` is
   * written at `index`, with the membership the snapshot holds; the state machine becomes the
   * snapshot's (its `lastAppliedLog` is `index`); the snapshot becomes the current one, and every
   * other snapshot is deleted. Durable and atomic once acknowledged: after a crash, either all of it
   * or none of it.
   */
  finalizeSnapshotInstallation(index: number, term: number, deleteThrough: number | undefined, id: string, snapshot: SnapshotHandle): Promise<void>;

  /**
   * The current snapshot, readable, with its metadata, or null when there is none. A proper
   * implementation has one live snapshot (and maybe one being created); after a restart it is still
   * the last one acknowledged.
   */
  getCurrentSnapshot(): Promise<CurrentSnapshot | null>;
}

/**
 * How a store plugs in: built on a node's disk. Called again on the same disk after a crash, it
 * must rebuild the store from what the disk kept. `nodeId` is the node's configured id; a store
 * persists the id it was first given (see `getMembershipConfig`).
 */
export type RaftStorageFactory = (disk: DiskApi, nodeId: NodeId) => RaftStorage | Promise<RaftStorage>;

/** The contract in one line, for `simctl list` and `--impl` errors. */
export const CONTRACT =
  "a RaftStorageFactory (disk, nodeId) => RaftStorage | Promise<RaftStorage> { getMembershipConfig, getInitialState, saveHardState, getLogEntries, deleteLogsFrom, appendEntryToLog, replicateToLog, applyEntryToStateMachine, replicateToStateMachine, doLogCompaction, createSnapshot, finalizeSnapshotInstallation, getCurrentSnapshot }";
