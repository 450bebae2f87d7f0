/**
 * The raft target: a Raft cluster (node.ts: follow one request from client to apply there) on
 * MemStore over the simulated disk and network, checked for Figure 3's five properties,
 * durability of acknowledged commands, linearizability and liveness. Not registered yet.
 */
import { defineTarget, DISK_EVENT_KINDS, DISK_FAULT_KINDS, NET_EVENT_KINDS, NET_FAULT_KINDS, type Target } from "../../index.js";
import { CRASH_POINTS } from "./crash-points.js";
import { INVARIANTS } from "./invariants.js";
import { describeRaftOp, parseRaftOp, shrinkRaftOp, type RaftOp } from "./ops.js";
import { RaftSim } from "./sim.js";

/** The raft target's own kinds: ops, node timers and decisions, client outcomes. */
export const RAFT_KINDS = [
  "op.put",
  "op.get",
  "op.append",
  "raft.election-timeout",
  "raft.heartbeat",
  "raft.elected",
  "raft.commit",
  "raft.truncate",
  "raft.snapshot",
  "raft.install",
  "client.ok",
  "client.redirect",
  "client.timeout",
  "client.down",
] as const;

/** Media faults are off (sim.ts), so their kinds cannot be reached. */
const UNREACHABLE_DISK_EVENTS: readonly string[] = ["disk.latent", "disk.misdirected"];
const UNREACHABLE_DISK_FAULTS: readonly string[] = ["disk.read-fault", "disk.misdirect"];

export const BUGS = {
  "double-vote": { breaks: ["R1"], description: "a node grants a second vote in a term it already voted in" },
  "keep-conflicts": { breaks: ["R5", "R4", "R3"], description: "a follower does not delete a conflicting suffix of its log before it stores the leader's entries" },
  "vote-not-persisted": { breaks: ["R1"], description: "a node answers a vote before it saves it: a crash forgets the vote, and the restarted node votes again in the same term" },
  "commit-previous-term": { breaks: ["R4", "R5"], description: "a leader commits an entry of an earlier term by counting replicas (the Raft paper's Figure 8)" },
  "apply-before-commit": { breaks: ["R5"], description: "a leader applies (and acknowledges) an entry once it is in its own log, before a majority holds it" },
  "local-read": { breaks: ["RL"], description: "a leader answers a get from its own state machine without a round through the log: stale on a deposed or freshly elected leader" },
  "unbounded-follower-commit": { breaks: ["R5"], description: "a follower takes the leader's commit index as it comes, not bounded by the last entry the AppendEntries vouched for (etcd #10166 shape): catching up, it commits entries it does not hold" },
  "retry-applied-twice": { breaks: ["RL"], description: "the state machine keeps no client sessions, so a retried command the log holds twice is applied twice" },
  "stale-snapshot": { breaks: ["R7"], description: "a follower installs a snapshot older than its commit index over newer state (a delayed or duplicated InstallSnapshot)" },
} as const;

export interface RaftTargetOptions {
  /** A fixed cluster size instead of one drawn per seed (for benchmarks). */
  readonly nodes?: 3 | 5;
}

export function makeRaftTarget(options: RaftTargetOptions = {}): Target<RaftOp> {
  return defineTarget<RaftOp>({
    name: "raft",
    description: "a Raft cluster (3 or 5 nodes, no pre-vote, reads through the log) on MemStore over the simulated disk and network, with client put/get/append",
    invariants: INVARIANTS,
    bugs: BUGS,
    workloads: { default: "clients put, get and append a few keys through the leader" },
    eventKinds: [...RAFT_KINDS, ...NET_EVENT_KINDS, ...DISK_EVENT_KINDS.filter((k) => !UNREACHABLE_DISK_EVENTS.includes(k))],
    faultKinds: ["raft.crash-leader", ...CRASH_POINTS.map((p) => `raft.crash-${p}`), ...NET_FAULT_KINDS, ...DISK_FAULT_KINDS.filter((k) => !UNREACHABLE_DISK_FAULTS.includes(k))],
    // Election timeouts are 100-500 ms: steps up to 30 ms apart let elections interleave with requests.
    thinkMs: { min: 0, max: 30 },
    livenessMsMax: 30_000,
    parseOp: parseRaftOp,
    describeOp: describeRaftOp,
    shrinkOp: shrinkRaftOp,
    create: (ctx) => new RaftSim(ctx, options.nodes),
  });
}

export default makeRaftTarget();
