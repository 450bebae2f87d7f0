/**
 * The raft target: a Raft cluster (node.ts: follow one request from client to apply there) on
 * MemStore over the simulated disk and network, checked for Figure 3's five properties,
 * durability of acknowledged commands, apply order, linearizability and liveness. Read in order:
 * node.ts (and the files it names), clients.ts, invariants.ts, ops.ts, the fault models
 * (leader-crashes.ts, crash-points.ts), bugs.ts, sim.ts.
 */
import { defineTarget, DISK_EVENT_KINDS, DISK_FAULT_KINDS, diskEventNode, NET_EVENT_KINDS, NET_FAULT_KINDS, netEventNode, type Target } from "../../index.js";
import { BUGS } from "./bugs.js";
import { CRASH_POINTS } from "./crash-points.js";
import { INVARIANTS } from "./invariants.js";
import { describeRaftEvent, RAFT_KINDS } from "./kinds.js";
import { describeRaftOp, parseRaftOp, shrinkRaftOp, type RaftOp } from "./ops.js";
import { RaftSim } from "./sim.js";
import { LIVENESS_MS, THINK_MS } from "./timing.js";

/** Media faults are off (sim.ts), so their kinds cannot be reached. */
const UNREACHABLE_DISK_EVENTS: readonly string[] = ["disk.latent", "disk.misdirected"];
const UNREACHABLE_DISK_FAULTS: readonly string[] = ["disk.read-fault", "disk.misdirect"];

export interface RaftTargetOptions {
  /** A fixed cluster size instead of one drawn per seed (for benchmarks). */
  readonly nodes?: 3 | 5;
}

export function makeRaftTarget(options: RaftTargetOptions = {}): Target<RaftOp> {
  return defineTarget<RaftOp>({
    name: "raft",
    description: "a Raft cluster (3 or 5 nodes, no pre-vote, reads through the log, log compaction and InstallSnapshot) on MemStore over the simulated disk and network, with client put/get/append",
    invariants: INVARIANTS,
    bugs: BUGS,
    workloads: { default: "clients put, get and append a few keys through the leader" },
    eventKinds: [...RAFT_KINDS, ...NET_EVENT_KINDS, ...DISK_EVENT_KINDS.filter((k) => !UNREACHABLE_DISK_EVENTS.includes(k))],
    faultKinds: ["raft.crash-leader", ...CRASH_POINTS.map((p) => `raft.crash-${p}`), ...NET_FAULT_KINDS, ...DISK_FAULT_KINDS.filter((k) => !UNREACHABLE_DISK_FAULTS.includes(k))],
    thinkMs: THINK_MS,
    livenessMsMax: LIVENESS_MS,
    parseOp: parseRaftOp,
    describeOp: describeRaftOp,
    describeEvent: describeRaftEvent,
    // Every raft.* kind carries its node in `a`; op.* and client.* are the clients'.
    eventNode: (kind, a, b) => netEventNode(kind, a, b) ?? diskEventNode(kind, a) ?? (kind.startsWith("raft.") ? a : undefined),
    shrinkOp: shrinkRaftOp,
    create: (ctx) => new RaftSim(ctx, options.nodes),
  });
}

export default makeRaftTarget();
