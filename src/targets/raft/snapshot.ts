/**
 * Log compaction and InstallSnapshot (§7, Figure 13). A node snapshots its KvMachine (data and
 * client sessions) once it has applied COMPACT_EVERY entries past its last snapshot, and the store
 * drops the log through that index. A follower that lags behind a leader's snapshot (its nextIndex
 * at or below the leader's base: the entries it needs are gone) gets the snapshot instead, in one
 * message, and answers as it would a successful AppendEntries (match = the snapshot's index).
 *
 * The node applies commands to its own KvMachine, never to the store's state machine, so the store
 * cannot snapshot it (`doLogCompaction` would export the store's empty machine): the node writes
 * its own contents through the streamed-snapshot path (createSnapshot, write, shutdown,
 * finalizeSnapshotInstallation), the same calls a follower makes for a leader's snapshot. Finalize
 * replaces the log through the index by a snapshotPointer entry there, which stands for the base
 * (#start skips it), and makes the snapshot current, atomically: a crash keeps the old one or the new.
 */
import type { Entry, RaftStorage } from "../raft-storage/contract.js";
import { decodeSnapshot, encodeSnapshot, snapshotKv } from "../raft-storage/kv.js";
import type { RaftMessage } from "./messages.js";
import type { RaftNode } from "./node.js";

type Snap = Extract<RaftMessage, { t: "snap" }>;

/**
 * Entries applied past the base before a node compacts. Small, so that in a 200-op run a follower
 * that was down or cut off for a while often lags behind the leader's snapshot.
 */
export const COMPACT_EVERY = 16;

/** Snapshot the state machine at `applied` if COMPACT_EVERY entries were applied since the base. */
export async function compact(node: RaftNode): Promise<void> {
  const store = node.store;
  if (store === undefined || node.applied - node.log.baseIndex < COMPACT_EVERY) return;
  const index = node.applied;
  const term = node.log.termAt(index);
  await writeSnapshot(node, store, index, term, encodeSnapshot(index, term, membership(node), node.kv.export()), index);
  node.log.rebase(index, term, true);
  node.env.observer.snapshotted(node.id, index, term);
}

/** Send `peer` the current snapshot, read from the store (a task of its own: the read is async). */
export async function sendSnapshot(node: RaftNode, peer: number): Promise<void> {
  // The leader may have stepped down, or heard from the peer, since this was queued.
  if (node.role !== "leader" || node.store === undefined || node.next[peer]! > node.log.baseIndex) return;
  const current = await node.store.getCurrentSnapshot();
  if (current === null) throw new Error(`leader ${node.id} has compacted through ${node.log.baseIndex} but holds no snapshot`);
  const data = await current.snapshot.read();
  node.host.send(peer, { t: "snap", term: node.term, index: current.index, lastTerm: current.term, data });
}

/** Figure 13's receiver. */
export async function onSnapshot(node: RaftNode, from: number, msg: Snap): Promise<void> {
  if (msg.term < node.term) return node.host.send(from, { t: "aer", term: node.term, success: false, match: 0 });
  const wasLeader = node.follow(from);
  // Already committed through it (a delayed or duplicated snapshot): installing it would rewind
  // the state machine. The planted bug "stale-snapshot" skips this check.
  if (msg.index <= node.commit && node.env.bug !== "stale-snapshot") return node.host.send(from, { t: "aer", term: node.term, success: true, match: msg.index });
  const keepSuffix = node.log.termAt(msg.index) === msg.lastTerm;
  const contents = decodeSnapshot(msg.data);
  await writeSnapshot(node, node.store!, msg.index, msg.lastTerm, msg.data, keepSuffix ? msg.index : undefined);
  if (!keepSuffix && node.log.lastIndex > msg.index) node.env.observer.truncated(node.id, msg.index + 1, wasLeader);
  node.log.rebase(msg.index, msg.lastTerm, keepSuffix);
  node.kv.restore(snapshotKv(contents));
  node.commit = msg.index;
  node.applied = msg.index;
  node.env.observer.installed(node.id, msg.index, msg.lastTerm, from);
  node.host.send(from, { t: "aer", term: node.term, success: true, match: msg.index });
}

/** The state machine and log base a restarted node starts from: its current snapshot's, if any. */
export async function loadSnapshot(node: RaftNode, store: RaftStorage): Promise<{ index: number; term: number }> {
  const current = await store.getCurrentSnapshot();
  if (current === null) return { index: 0, term: 0 };
  node.kv.restore(snapshotKv(decodeSnapshot(await current.snapshot.read())));
  return { index: current.index, term: current.term };
}

/** The entries after a snapshot base: the pointer at the base stands for it, not for a command. */
export function afterBase(entries: readonly Entry[], base: number): Entry[] {
  return entries.filter((e) => e.index > base);
}

async function writeSnapshot(node: RaftNode, store: RaftStorage, index: number, term: number, data: string, deleteThrough: number | undefined): Promise<void> {
  const { id, snapshot } = await store.createSnapshot();
  await snapshot.write(data);
  // A crash here finds the snapshot written but not synced: the store must keep its old one.
  node.env.crashPoint(node.id, "mid-snapshot");
  await snapshot.shutdown();
  await store.finalizeSnapshotInstallation(index, term, deleteThrough, id, snapshot);
}

/** Every node of the cluster (the membership never changes; the snapshot format asks for one). */
function membership(node: RaftNode): { members: number[] } {
  return { members: Array.from({ length: node.env.size }, (_, i) => i) };
}
