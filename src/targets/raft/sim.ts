/**
 * One run of the raft target: a cluster of 3 or 5 Raft nodes (drawn per seed from the `config`
 * stream, with the election and heartbeat timings), each on MemStore on its simulated disk, the
 * clients driven by the workload, and the checker fed by what the nodes report.
 */
import { Cluster, type Instance, type RunContext, type Violation } from "../../index.js";
import { memStore } from "../raft-storage/memstore/mem-store.js";
import { Clients, type ClientEvent } from "./clients.js";
import { RaftChecker } from "./invariants.js";
import type { RaftMessage } from "./messages.js";
import { RaftNode, type NodeEnv } from "./node.js";
import type { LogView, RaftObserver } from "./observer.js";
import { CrashPoints, crashPointOptions, swarmCrashPoints } from "./crash-points.js";
import { LeaderCrashes, leaderCrashOptions, swarmLeaderCrash } from "./leader-crashes.js";
import { ELECTION_MS, HEARTBEAT_MS, raftNetwork } from "./timing.js";
import { CLIENTS, isClientOp, RaftWorkload, WEIGHTS, type ControlOp, type RaftOp, type RaftOpType } from "./ops.js";

/** The disk's media faults (latent sector errors, misdirected writes) are beyond what Raft over MemStore claims to survive. */
const DISK = { readFault: 0, misdirect: 0 } as const;

export class RaftSim implements Instance<RaftOp> {
  readonly cluster: Cluster<RaftMessage, RaftNode>;
  readonly checker: RaftChecker;
  readonly clients: Clients;
  readonly workload: RaftWorkload;
  readonly leaderCrashes: LeaderCrashes;
  readonly #op: Record<RaftOpType, number>;

  constructor(
    readonly ctx: RunContext,
    nodes?: 3 | 5,
  ) {
    const config = ctx.rng("config");
    // Drawn even when fixed, so a fixed size does not shift the timings drawn after it.
    const drawn = config.chance(0.5) ? 3 : 5;
    const size = nodes ?? drawn;
    const timing = { electionMs: config.pick(ELECTION_MS), heartbeatMs: config.pick(HEARTBEAT_MS) };
    this.checker = new RaftChecker(ctx);
    const points = crashPointOptions(ctx.faultLevel);
    const crashPoints = new CrashPoints(ctx, () => this.cluster, ctx.swarm ? swarmCrashPoints(ctx.rng("raft/swarm/points"), points) : points, size);
    const env: NodeEnv = {
      size,
      storage: memStore(),
      observer: this.#traced(this.checker),
      timing,
      rng: (label) => ctx.rng(label),
      kinds: { election: ctx.kind("raft.election-timeout"), electionTimer: ctx.kind("raft.election-timer"), heartbeat: ctx.kind("raft.heartbeat") },
      now: () => ctx.nowMs(),
      emit: (kind, a) => ctx.emit(kind, a),
      bug: ctx.bug,
      deferred: <T>() => ctx.deferred<T>(),
      crashPoint: (id, point) => crashPoints.reached(id, point),
    };
    this.cluster = new Cluster<RaftMessage, RaftNode>(ctx, { nodes: size, factory: (host) => new RaftNode(host, env), disk: DISK, network: raftNetwork(ctx.faultLevel, size) });
    const clientKinds = new Map<ClientEvent, number>();
    for (const k of ["client.ok", "client.redirect", "client.timeout", "client.down"] as const) clientKinds.set(k, ctx.kind(k));
    this.clients = new Clients(ctx, this.cluster, CLIENTS, (event, a, b) => ctx.emit(clientKinds.get(event)!, a, b));
    const crashes = leaderCrashOptions(ctx.faultLevel, ctx.profile.crash);
    this.leaderCrashes = new LeaderCrashes(ctx, this.cluster, ctx.swarm ? swarmLeaderCrash(ctx.rng("raft/swarm"), crashes) : crashes);
    this.workload = new RaftWorkload(ctx.ops, ctx.weights(WEIGHTS));
    this.#op = { put: ctx.kind("op.put"), get: ctx.kind("op.get"), append: ctx.kind("op.append") };
  }

  nextOp(): RaftOp {
    return this.workload.next();
  }

  apply(op: RaftOp): Promise<void> {
    this.cluster.tick();
    this.leaderCrashes.tick();
    if (!isClientOp(op)) return this.#control(op);
    this.ctx.emit(this.#op[op.t], op.c, op.id);
    return this.clients.run(op);
  }

  /**
   * A scripted step (scenario files): the same cluster calls the fault models make. Answered as a
   * promise like every step: the kernel drains a target's promises once it has seen one, and a
   * schedule that starts with control steps must not leave the nodes' start-up waiting.
   */
  #control(op: ControlOp): Promise<void> {
    const { cluster } = this;
    if (op.t === "crash") cluster.crash(op.n);
    else if (op.t === "restart") cluster.restart(op.n);
    else if (op.t === "split") cluster.partition(op.a);
    else if (op.t === "heal") cluster.unpartition();
    else if (cluster.status(op.n) === "up") cluster.node(op.n)!.electNow();
    return Promise.resolve();
  }

  check(): readonly Violation[] {
    return this.checker.take();
  }

  heal(): void {
    this.cluster.heal();
  }

  /** Settled: every client op done, every node up and applied through the leader's last entry. */
  quiescent(): boolean {
    if (this.clients.pending > 0) return false;
    const nodes: RaftNode[] = [];
    for (let id = 0; id < this.cluster.size; id++) {
      const node = this.cluster.status(id) === "up" ? this.cluster.node(id) : undefined;
      if (node === undefined) return false;
      nodes.push(node);
    }
    const leader = nodes.find((n) => n.role === "leader");
    if (leader === undefined || leader.commit !== leader.lastIndex) return false;
    return nodes.every((n) => n.applied === leader.lastIndex && n.termAt(n.lastIndex) === leader.termAt(leader.lastIndex));
  }

  finish(): readonly Violation[] {
    const logs: LogView[] = [];
    for (let id = 0; id < this.cluster.size; id++) {
      const node = this.cluster.node(id);
      if (node !== undefined) logs.push(node.log);
    }
    const majority = Math.floor(this.cluster.size / 2) + 1;
    for (const id of this.clients.acked) this.checker.durable(id, logs, majority);
    return [...this.checker.take(), ...this.checker.linearizable(this.clients.history.history())];
  }

  /** The checker, plus trace events for elections, commits, truncations and snapshots. */
  #traced(checker: RaftChecker): RaftObserver {
    const { ctx } = this;
    const elected = ctx.kind("raft.elected");
    const committed = ctx.kind("raft.commit");
    const truncated = ctx.kind("raft.truncate");
    const snapshotted = ctx.kind("raft.snapshot");
    const installed = ctx.kind("raft.install");
    return {
      started: (node, index, term) => checker.started(node, index, term),
      elected(node, term, log) {
        ctx.emit(elected, node, term);
        checker.elected(node, term, log);
      },
      stored: (node, entry, prevTerm) => checker.stored(node, entry, prevTerm),
      truncated(node, from, leader) {
        ctx.emit(truncated, node, from);
        checker.truncated(node, from, leader);
      },
      committed(node, term, from, to, log) {
        ctx.emit(committed, node, to);
        checker.committed(node, term, from, to, log);
      },
      applied: (node, entry) => checker.applied(node, entry),
      snapshotted(node, index, term) {
        ctx.emit(snapshotted, node, index);
        checker.snapshotted(node, index, term);
      },
      installed(node, index, term, fromLeader) {
        ctx.emit(installed, node, index);
        checker.installed(node, index, term, fromLeader);
      },
      failed: (node, error) => checker.failed(node, error),
    };
  }
}
