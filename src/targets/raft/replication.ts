/**
 * Log replication (§5.3): the leader sends each follower the entries from its nextIndex on, with
 * the index and term of the entry before them. A follower that lacks that entry refuses, and the
 * leader steps back; one that has it deletes a conflicting suffix (the first entry whose term
 * differs, and everything after) before it stores the new entries, and learns the commit index,
 * bounded by the last entry this message vouched for (a longer stale tail is not committed).
 * A follower whose nextIndex is at or below the leader's snapshot base gets the snapshot instead
 * (snapshot.ts): the entries it needs are compacted away.
 */
import type { RaftMessage } from "./messages.js";
import type { RaftNode } from "./node.js";
import { sendSnapshot } from "./snapshot.js";

type Ae = Extract<RaftMessage, { t: "ae" }>;
type Aer = Extract<RaftMessage, { t: "aer" }>;

/**
 * Most entries in one AppendEntries (etcd's MaxSizePerMsg): a follower far behind catches up in
 * several round trips, so it can hold an older term's entries without the new leader's blank one.
 */
const BATCH = 1;

export function sendAppends(node: RaftNode): void {
  for (let peer = 0; peer < node.env.size; peer++) if (peer !== node.id) sendAppend(node, peer);
}

/**
 * A heartbeat: AppendEntries to each peer that has been sent nothing since the last heartbeat (a
 * peer that was sent entries or a snapshot since then knows there is a leader).
 */
export function sendHeartbeats(node: RaftNode): void {
  for (let peer = 0; peer < node.env.size; peer++) {
    if (peer !== node.id && node.quiet[peer]) sendAppend(node, peer);
    node.quiet[peer] = true;
  }
}

export function sendAppend(node: RaftNode, peer: number): void {
  node.quiet[peer] = false;
  const prevIndex = Math.min(node.next[peer]! - 1, node.lastIndex);
  if (prevIndex < node.log.baseIndex) return node.later(() => sendSnapshot(node, peer));
  const entries = node.log.slice(prevIndex + 1, prevIndex + 1 + BATCH);
  node.host.send(peer, { t: "ae", term: node.term, prevIndex, prevTerm: node.termAt(prevIndex), entries, commit: node.commit });
  // Pipelined (etcd's optimistic nextIndex): the next send carries the entries after these, not
  // these again; a lost message shows as a refusal of the next one, which steps back.
  if (entries.length > 0) node.next[peer] = prevIndex + entries.length + 1;
}

export async function onAppend(node: RaftNode, from: number, msg: Ae): Promise<void> {
  if (msg.term < node.term) return node.host.send(from, { t: "aer", term: node.term, success: false, match: 0 });
  // A leader of this term hearing from another one is R1's business; R2 sees it truncate, below.
  const wasLeader = node.follow(from);
  // Entries at or below the snapshot base are committed, so they are the leader's too (State
  // Machine Safety): skip them, and check the rest from the base on.
  if (msg.prevIndex < node.log.baseIndex) msg = skipToBase(msg, node.log.baseIndex, node.log.baseTerm);
  if (msg.prevIndex > node.lastIndex || node.termAt(msg.prevIndex) !== msg.prevTerm) {
    return node.host.send(from, { t: "aer", term: node.term, success: false, match: Math.min(node.lastIndex, msg.prevIndex - 1) });
  }
  const store = node.store!;
  for (const e of msg.entries) {
    const have = node.log.entry(e.index);
    if (have === undefined) break;
    // The planted bug "keep-conflicts" keeps a conflicting suffix and stores only what lies past it.
    if (have.term !== e.term && node.env.bug !== "keep-conflicts") {
      await store.deleteLogsFrom(e.index);
      node.log.truncateFrom(e.index);
      node.env.observer.truncated(node.id, e.index, wasLeader);
      break;
    }
  }
  const fresh = msg.entries.filter((e) => e.index > node.lastIndex);
  if (fresh.length > 0) {
    await store.replicateToLog(fresh);
    for (const e of fresh) {
      const prevTerm = node.termAt(e.index - 1);
      node.log.push(e);
      node.env.observer.stored(node.id, e, prevTerm);
    }
  }
  const vouched = msg.prevIndex + msg.entries.length;
  // The planted bug "unbounded-follower-commit" takes the leader's commit index as it comes: a
  // follower still catching up commits entries it does not hold yet (etcd #10166's panic).
  node.commitTo(node.env.bug === "unbounded-follower-commit" ? msg.commit : Math.min(msg.commit, vouched));
  node.host.send(from, { t: "aer", term: node.term, success: true, match: vouched });
}

export function onAppendReply(node: RaftNode, from: number, msg: Aer): void {
  if (node.role !== "leader" || msg.term !== node.term) return;
  // Resend only on news: a duplicated or stale reply that changes nothing sends nothing, or
  // duplicates would breed AppendEntries without end.
  if (msg.success) {
    if (msg.match <= node.match[from]!) return;
    node.match[from] = msg.match;
    node.next[from] = Math.max(node.next[from]!, msg.match + 1);
    node.advanceCommit();
    if (node.next[from]! <= node.lastIndex) sendAppend(node, from);
    return;
  }
  const next = Math.max(1, Math.min(node.next[from]! - 1, msg.match + 1));
  if (next >= node.next[from]! || next <= node.match[from]!) return;
  node.next[from] = next;
  sendAppend(node, from);
}

/**
 * `msg` without its entries at or below the base, as if sent from the base. When it does not reach
 * past the base, it vouches for nothing past it: the base itself is then its last entry.
 */
function skipToBase(msg: Ae, base: number, baseTerm: number): Ae {
  return { ...msg, prevIndex: base, prevTerm: baseTerm, entries: msg.entries.filter((e) => e.index > base) };
}
