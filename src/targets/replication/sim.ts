/**
 * One run of the replication target: a cluster of shard-manager nodes over the plugged driver,
 * clients and an operator driven by the workload, the oracle and the checker fed by what nodes
 * apply and what drivers answer.
 *
 * Per seed (from its own `config` stream, so ops and faults do not shift it): 3 or 5 validators
 * (1 now and then with --swarm, the single-node path), and the driver's timings, so that short
 * waits make timeouts and retries common on some seeds and rare on others.
 */
import { Cluster, type Instance, type NetworkOptions, type RunContext, type Violation } from "../../index.js";
import { Clients, Placement, type ClientKind } from "./clients.js";
import { ReplicationChecker } from "./invariants.js";
import type { WireMessage } from "./memory-hub.js";
import { MemoryHub } from "./memory-hub.js";
import { KEYS, NAMESPACE_COUNT, namespaceOf, nodeName, slotCode } from "./model.js";
import { ReplicaNode, ShardDisk, type NodeEnv } from "./node.js";
import type { ReplicationOp } from "./ops.js";
import { ReplicationOracle } from "./oracle.js";
import { reusesSeq } from "./bugs.js";
import type { Frame, QuorumConfig, ReplicatorFactory } from "./replication.js";
import { replicationWorkload, type ReplicationWorkload } from "./workload.js";

/** How a run gets its drivers and what they may emit. */
export interface DriverPlug {
  readonly factory: ReplicatorFactory;
  /** The driver of the `local` workload. */
  readonly local: ReplicatorFactory | undefined;
  /** Declared kinds a driver may name in `host.event` and `host.schedule`. */
  readonly kinds: readonly string[];
  /** The kind of a driver timer scheduled without a declared label. */
  readonly timerKind: string;
  /** A fixed cluster size (the bench compares 3 and 5); default: drawn per seed. */
  readonly nodes?: number | undefined;
}

/** Handler failures per delivery, as a share of the level's commit-failure rate. */
const HANDLER_FAILURE_SHARE = 0.4;
const PROPOSE_WAITS_MS = [150, 300, 600, 2000] as const;
const WITNESS_AFTER_MS = [20, 50, 100] as const;
const CATCH_UP_EVERY_MS = [50, 100, 200] as const;
/** One node and LocalReplicator: nothing to partition, and nothing durable to restart from. */
const LOCAL_NETWORK: Partial<NetworkOptions> = { crash: 0, partition: 0 };

export class ReplicationSim implements Instance<ReplicationOp> {
  readonly disks: ShardDisk[];
  readonly oracle = new ReplicationOracle(NAMESPACE_COUNT);
  readonly checker: ReplicationChecker;
  readonly placement: Placement;
  readonly cluster: Cluster<WireMessage, ReplicaNode>;
  readonly clients: Clients;
  readonly workload: ReplicationWorkload;
  readonly timing: Required<Pick<QuorumConfig, "proposeWaitMs" | "witnessAfterMs" | "catchUpEveryMs">>;
  readonly #kinds = new Map<string, number>();
  readonly #driverKinds = new Map<string, number>();

  constructor(
    readonly ctx: RunContext,
    plug: DriverPlug,
  ) {
    const local = ctx.workload === "local";
    const config = ctx.rng("config");
    const drawn = ctx.swarm && config.chance(0.2) ? 1 : config.chance(0.5) ? 3 : 5;
    const nodes = local ? 1 : (plug.nodes ?? drawn);
    this.timing = { proposeWaitMs: config.pick(PROPOSE_WAITS_MS), witnessAfterMs: config.pick(WITNESS_AFTER_MS), catchUpEveryMs: config.pick(CATCH_UP_EVERY_MS) };
    for (const name of plug.kinds) this.#driverKinds.set(name, ctx.kind(name));
    this.disks = Array.from({ length: nodes }, () => new ShardDisk());
    this.checker = new ReplicationChecker(ctx, this.oracle, this.disks, NAMESPACE_COUNT);
    this.placement = new Placement(nodes, NAMESPACE_COUNT);
    const env = this.#env(local ? plug.local! : plug.factory, nodes, ctx.kind(plug.timerKind));
    this.cluster = new Cluster<WireMessage, ReplicaNode>(ctx, { nodes, factory: (host) => new ReplicaNode(host, this.disks[host.id]!, env), network: local ? LOCAL_NETWORK : undefined });
    this.clients = new Clients(ctx, this.cluster, this.placement, this.oracle, (kind: ClientKind, a, b) => ctx.emit(this.#kind(kind), a, b));
    this.workload = replicationWorkload(ctx.workload, ctx.ops, nodes, (defaults) => ctx.weights(defaults));
  }

  nextOp(): ReplicationOp {
    return this.workload.next();
  }

  apply(op: ReplicationOp): void | Promise<void> {
    const { ctx } = this;
    this.cluster.tick();
    switch (op.t) {
      case "put":
      case "del":
        ctx.emit(this.#kind(op.t === "put" ? "op.put" : "op.del"), op.j * KEYS.length + op.key, op.id);
        return this.clients.write({ op: op.t, j: op.j, key: op.key, id: op.id });
      case "get":
        ctx.emit(this.#kind("op.get"), op.j * KEYS.length + op.key, 0);
        return this.clients.read(op.j, op.key);
      case "move":
        ctx.emit(this.#kind("op.move"), op.j, op.by);
        return this.clients.move(op.j, op.by);
    }
  }

  check(): readonly Violation[] {
    return this.checker.take();
  }

  heal(): void {
    this.cluster.heal();
  }

  /** Quiet: no message in flight, every node up, every write decided, every node caught up. */
  quiescent(): boolean {
    if (!this.cluster.settled() || this.placement.busy()) return false;
    for (let j = 0; j < NAMESPACE_COUNT; j++) {
      const last = this.oracle.lastAccepted(j);
      for (const disk of this.disks) if (disk.applied[j] !== last) return false;
    }
    return true;
  }

  finish(): readonly Violation[] {
    this.checker.converged();
    for (let id = 0; id < this.cluster.size; id++) {
      const node = this.cluster.node(id);
      if (node !== undefined && node.outstanding() === 0) this.checker.stats(node);
    }
    const found = [...this.checker.take(), ...this.checker.linearizable(this.clients.history.history())];
    for (let id = 0; id < this.cluster.size; id++) this.cluster.node(id)?.replicator.close();
    return found;
  }

  #kind(name: string): number {
    let id = this.#kinds.get(name);
    if (id === undefined) {
      id = this.ctx.kind(name);
      this.#kinds.set(name, id);
    }
    return id;
  }

  #env(factory: ReplicatorFactory, nodes: number, timerKind: number): NodeEnv {
    const { ctx } = this;
    const applyFail = ctx.faultKind("apply.fail");
    const failure = ctx.profile.commitFail * HANDLER_FAILURE_SHARE;
    const applied = this.#kind("apply.frame");
    const failed = this.#kind("apply.failed");
    const code = (frame: Frame): number => slotCode(Math.max(0, namespaceOf(frame)), frame.seq);
    const checker = this.checker;
    return {
      hub: new MemoryHub(Array.from({ length: nodes }, (_, i) => nodeName(i))),
      factory,
      timing: this.timing,
      bug: ctx.bug,
      reuseSeqAfterTimeout: reusesSeq(ctx.bug),
      observer: {
        applied(node, frame) {
          ctx.emit(applied, node, code(frame));
          checker.applied(node, frame);
        },
        decided: (node, frame, decision) => checker.decided(node, frame, decision),
      },
      nowMs: () => ctx.nowMs(),
      kindOf: (label) => this.#driverKinds.get(label),
      timerKind,
      emit: (kind, a, b) => ctx.emit(kind, a, b),
      slotCodeOf: code,
      ownerEpoch: (node, j) => this.placement.ownerEpoch(node, j),
      handlerFails(node, frame) {
        if (failure <= 0 || ctx.faults.draw(applyFail, failure) === null) return false;
        ctx.emit(failed, node, code(frame));
        return true;
      },
    };
  }
}
