/**
 * The simulated cluster a distributed target drives: nodes built by a factory, joined by the
 * faulty network. It wires the models (options, partitions, nodes, network) and knows no target.
 *
 * ```ts
 * create(ctx) {
 *   const cluster = new Cluster<Msg, Replica>(ctx, { nodes: 3, factory: (host, durable) => new Replica(host, durable) });
 *   return {
 *     apply(op) { cluster.tick(); ... },
 *     heal: () => cluster.heal(),
 *     quiescent: () => cluster.settled(),
 *     ...
 *   };
 * }
 * ```
 *
 * Besides the faults it draws itself (`tick()` and every send), a target may inject faults as ops
 * of its own, Jepsen-nemesis style: `crash`, `restart`, `pause`, `resume`, `partition`,
 * `unpartition`, `clog`. These are decided by the op, not drawn, so they replay with it.
 */
import { internDiskKinds } from "../disk/ids.js";
import { runDiskOptions } from "../disk/resolve.js";
import { DiskStore } from "../disk/store.js";
import type { DiskOptions } from "../disk/types.js";
import type { RunContext } from "../target.js";
import { InFlight } from "./flight.js";
import { internNetKinds, type NetIds } from "./ids.js";
import { Network } from "./network.js";
import { Nodes } from "./nodes.js";
import { Partitions } from "./partitions.js";
import { clusterNetworkOptions } from "./resolve.js";
import type { ClusterApi, ClusterConfig, NetworkOptions, NodeId, NodeProcess, NodeStatus, PartitionSymmetry } from "./types.js";

/** Most nodes a cluster may have (partitions are traced as bitmasks). */
export const CLUSTER_NODES_MAX = 64;

export class Cluster<M, P extends NodeProcess<M> = NodeProcess<M>> implements ClusterApi<M, P> {
  readonly options: NetworkOptions;
  readonly diskOptions: DiskOptions | undefined;
  readonly size: number;
  readonly #ids: NetIds;
  readonly #flight: InFlight;
  readonly #cuts: Partitions;
  readonly #nodes: Nodes<M, P>;
  readonly #network: Network<M, P>;

  /** Builds every node (incarnation 0) at once; throws an Error naming a bad config field. */
  constructor(ctx: RunContext, config: ClusterConfig<M, P>) {
    const n = config.nodes;
    if (!Number.isSafeInteger(n) || n < 1 || n > CLUSTER_NODES_MAX) throw new Error(`cluster nodes must be an integer from 1 to ${CLUSTER_NODES_MAX}, got ${String(n)}`);
    if (typeof config.factory !== "function") throw new Error("cluster factory must be a function (host, durable) => node");
    this.size = n;
    this.options = clusterNetworkOptions(ctx, n, config.network);
    this.#ids = internNetKinds(ctx);
    this.diskOptions = config.disk === undefined ? undefined : runDiskOptions(ctx, config.disk === true ? undefined : config.disk);
    const disks = this.diskOptions === undefined ? undefined : diskStores(ctx, n, this.diskOptions);
    this.#flight = new InFlight(n);
    this.#cuts = new Partitions(ctx, n, this.options, this.#ids);
    this.#nodes = new Nodes(ctx, n, config.factory, this.options, this.#ids, this.#flight, disks);
    this.#network = new Network(ctx, n, this.options, this.#ids, this.#flight, this.#cuts, this.#nodes);
    this.#nodes.sendPath = (from, to, msg) => this.#network.send(from, to, msg);
    this.#nodes.start();
  }

  node(id: NodeId): P | undefined {
    return this.#nodes.process(this.#id(id, "id"));
  }

  status(id: NodeId): NodeStatus {
    return this.#nodes.status(this.#id(id, "id"));
  }

  /** How many times node `id` has been restarted (its current incarnation). */
  incarnation(id: NodeId): number {
    return this.#nodes.incarnation(this.#id(id, "id"));
  }

  send(from: NodeId, to: NodeId, msg: M): void {
    this.#network.send(this.#id(from, "from"), this.#id(to, "to"), msg);
  }

  /** Partitions first (a crash decided this tick already sees the cut), then crashes and pauses. */
  tick(): void {
    this.#cuts.tick();
    this.#nodes.tick();
  }

  /**
   * End every fault: the partition and every clog end now (what a clog held arrives when it would
   * have without it); paused nodes resume and crashed nodes restart as kernel events at the
   * current time, in node order (so their code runs as traced events, an exception in a factory
   * is reported at its event, and `status` changes when they fire). In the liveness phase draws
   * return null, so from then on every message takes `delayMinMs` and no new fault starts (and
   * every disk operation its minimum latency). A record a latent fault or a misdirected write
   * spoilt stays spoilt: that is data on the medium, which only a rewrite repairs.
   */
  heal(): void {
    this.#cuts.heal();
    this.#network.unclog();
    this.#nodes.heal();
  }

  inFlight(): number {
    return this.#flight.total;
  }

  settled(): boolean {
    return this.#flight.total === 0 && this.#nodes.down === 0;
  }

  /** True while messages from `from` to `to` are lost to a partition. */
  partitioned(from: NodeId, to: NodeId): boolean {
    return this.#cuts.cut(this.#id(from, "from"), this.#id(to, "to"));
  }

  /** True while the path `from -> to` is clogged. */
  clogged(from: NodeId, to: NodeId): boolean {
    return this.#network.clogged(this.#id(from, "from"), this.#id(to, "to"));
  }

  /**
   * Crash node `id` now (its disk, if any, crashes with it); restart it after `downMs` (omitted: at
   * `restart(id)` or `heal()`). False if it is down already.
   */
  crash(id: NodeId, downMs?: number): boolean {
    return this.#nodes.crash(this.#id(id, "id"), downMs === undefined ? undefined : ms(downMs, "downMs"));
  }

  /** Restart crashed node `id` now. False if it is not crashed. */
  restart(id: NodeId): boolean {
    return this.#nodes.restart(this.#id(id, "id"));
  }

  /** Pause node `id` now; resume it after `pauseMs` (omitted: at `resume(id)` or `heal()`). False if it is not up. */
  pause(id: NodeId, pauseMs?: number): boolean {
    return this.#nodes.pause(this.#id(id, "id"), pauseMs === undefined ? undefined : ms(pauseMs, "pauseMs"));
  }

  /** Resume paused node `id` now. False if it is not paused. */
  resume(id: NodeId): boolean {
    return this.#nodes.resume(this.#id(id, "id"));
  }

  /** Partition now: `sideA` against the other nodes, both ways or only from A to the rest. */
  partition(sideA: readonly NodeId[], symmetry: PartitionSymmetry = "symmetric"): void {
    if (!Array.isArray(sideA)) throw new Error(`partition sideA must be an array of node ids, got ${String(sideA)}`);
    if (symmetry !== "symmetric" && symmetry !== "one-way") throw new Error(`partition symmetry must be "symmetric" or "one-way", got ${String(symmetry)}`);
    this.#cuts.split(
      sideA.map((id) => this.#id(id, "sideA member")),
      symmetry,
    );
  }

  /** End the partition in force, if any. */
  unpartition(): void {
    this.#cuts.heal();
  }

  /** Clog the path `from -> to` for `clogMs`: what is sent on it meanwhile waits for the end. */
  clog(from: NodeId, to: NodeId, clogMs: number): void {
    this.#network.clog(this.#id(from, "from"), this.#id(to, "to"), ms(clogMs, "clogMs"));
  }

  #id(id: NodeId, what: string): NodeId {
    if (!Number.isSafeInteger(id) || id < 0 || id >= this.size) throw new RangeError(`node ${what} must be an integer from 0 to ${this.size - 1}, got ${String(id)}`);
    return id;
  }
}

/** One disk per node, by id, sharing the options and the interned kinds. */
function diskStores(ctx: RunContext, nodes: number, options: DiskOptions): DiskStore[] {
  const ids = internDiskKinds(ctx, options);
  return Array.from({ length: nodes }, (_, id) => new DiskStore(ctx, options, ids, id));
}

function ms(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be an integer number of ms >= 0, got ${String(value)}`);
  return value;
}
