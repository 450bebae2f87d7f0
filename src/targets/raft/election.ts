/**
 * Leader election (§5.2, §5.4.1), without pre-vote: a node whose election timer fires becomes a
 * candidate at once, in a new term, votes for itself and asks every other node, again on each
 * heartbeat interval until it wins, hears of a leader or a newer term, or times out. A node grants at
 * most one vote per term (saved before it answers), and only to a candidate whose log is at least
 * as up to date as its own. A majority of votes makes the candidate leader.
 */
import type { RaftMessage } from "./messages.js";
import type { RaftNode } from "./node.js";

type Rv = Extract<RaftMessage, { t: "rv" }>;
type Vote = Extract<RaftMessage, { t: "vote" }>;

export async function startElection(node: RaftNode): Promise<void> {
  if (node.role === "leader" || node.store === undefined) return;
  node.term++;
  node.role = "candidate";
  node.votedFor = node.id;
  node.leader = -1;
  node.votes = new Set([node.id]);
  await node.saveHardState();
  node.resetElection();
  askVotes(node);
  node.beat();
}

/** Ask every node that has not granted its vote yet (again, on each heartbeat, while a candidate). */
export function askVotes(node: RaftNode): void {
  const rv: RaftMessage = { t: "rv", term: node.term, lastIndex: node.lastIndex, lastTerm: node.termAt(node.lastIndex) };
  for (let peer = 0; peer < node.env.size; peer++) if (peer !== node.id && !node.votes.has(peer)) node.host.send(peer, rv);
}

export async function onRequestVote(node: RaftNode, from: number, msg: Rv): Promise<void> {
  const myLastTerm = node.termAt(node.lastIndex);
  const upToDate = msg.lastTerm > myLastTerm || (msg.lastTerm === myLastTerm && msg.lastIndex >= node.lastIndex);
  // The planted bug "double-vote" forgets the vote already given in this term.
  const free = node.votedFor === null || node.votedFor === from || node.env.bug === "double-vote";
  const granted = msg.term === node.term && node.role === "follower" && free && upToDate;
  if (granted) {
    node.votedFor = from;
    // The planted bug "vote-not-persisted" answers before the vote is on disk: a crash then
    // forgets it, and the restarted node may vote again in the same term.
    if (node.env.bug !== "vote-not-persisted") await node.saveHardState();
    node.resetElection();
  }
  node.host.send(from, { t: "vote", term: node.term, granted });
  if (granted) node.env.crashPoint(node.id, "after-vote");
}

export async function onVote(node: RaftNode, from: number, msg: Vote): Promise<void> {
  if (node.role !== "candidate" || msg.term !== node.term || !msg.granted) return;
  node.votes.add(from);
  if (node.votes.size >= node.majority()) await node.becomeLeader();
}
