/**
 * The simulated network and nodes: the contract every distributed target (replication, Raft,
 * failover, drivers) builds on. Types only; the models live beside this file.
 *
 * The shape follows TigerBeetle's `packet_simulator.zig` and turmoil:
 *
 * - An options object whose every probability defaults to zero ({@link NETWORK_QUIET}); a fault
 *   level fills it in (`networkOptions(level)`), and with `--swarm` each seed redraws it
 *   (`swarmNetworkOptions`), so across a sweep some seeds lose a third of their messages and
 *   others none.
 * - Every random choice the network makes (a delay, a loss, a duplicate, a clog, a partition, a
 *   pause, a crash) is a recorded fault decision drawn through `ctx.faults.draw`, owned by the step
 *   that caused the send (or the tick): a replay reproduces it and the shrinker can delete it.
 *   During the liveness phase `draw` returns null, so the network is perfect: minimum delays, no
 *   loss, no new partition.
 * - Deliveries are kernel events (`ctx.schedule`) of kind `net.deliver`, carrying (from, to).
 * - Nodes are built by factories (turmoil's hosts): a crashed node loses its volatile state, its
 *   timers are cancelled, its pending promises never settle and messages to it are lost; a restart
 *   runs the factory again with what the node declared durable.
 *
 * Node ids are small integers 0..n-1 (names are the target's business: `describeEvent` can map
 * them), so trace entries stay numeric.
 */
import type { DiskApi, DiskOptions } from "../disk/types.js";

/** A node id: 0..n-1. */
export type NodeId = number;

/** How partitions split the cluster. */
export type PartitionMode = "isolate-one" | "random-split";
/** Whether a partition blocks both directions of a cut path, or only one. */
export type PartitionSymmetry = "symmetric" | "one-way";

/**
 * The network's fault options. Every probability is per opportunity (per message sent, per tick)
 * and every fault's is zero in `NETWORK_QUIET` (`unpartition`, the chance a partition ends, is
 * not a fault); durations are simulated ms. Overrides are checked: probabilities in [0, 1],
 * durations and counts integers >= 0, a thrown Error names the field.
 */
export interface NetworkOptions {
  /** Smallest one-way delay of a message, ms (>= 1 keeps a reply after its request). */
  readonly delayMinMs: number;
  /** Mean of the exponentially distributed delay added to the minimum, ms (0: always the minimum). */
  readonly delayMeanMs: number;
  /** Probability that a message is lost. */
  readonly loss: number;
  /** Probability that a message is delivered twice (TigerBeetle's "replay"); the copy has its own delay. */
  readonly duplicate: number;
  /** Probability that a message is held back by up to `reorderMaxMs` extra, so later ones overtake it. */
  readonly reorder: number;
  /** Largest extra delay of a reordered message, ms. */
  readonly reorderMaxMs: number;
  /** Most messages in flight on one directed path; a send beyond it is dropped (0: unbounded). */
  readonly pathCapacity: number;
  /** Probability, per message sent, that its path clogs: held, not lost, until the clog ends. */
  readonly clog: number;
  /** Mean length of a clog, ms (exponential). */
  readonly clogMeanMs: number;
  /** Probability, per tick, that a partition starts (when none is in force). */
  readonly partition: number;
  /** Which partition modes may be drawn (each equally likely). */
  readonly partitionModes: readonly PartitionMode[];
  /** Which symmetries may be drawn (each equally likely). */
  readonly partitionSymmetries: readonly PartitionSymmetry[];
  /** A partition holds at least this long before it may heal, ms. */
  readonly partitionStabilityMs: number;
  /** Probability, per tick once the stability time has passed, that the partition heals. */
  readonly unpartition: number;
  /** Probability, per tick, that a running node is paused (its timers and inbound messages wait). */
  readonly pause: number;
  /** Mean length of a pause, ms (exponential). */
  readonly pauseMeanMs: number;
  /** Probability, per tick, that a running node crashes (restarted after `restartMeanMs`). */
  readonly crash: number;
  /** Mean downtime of a crashed node before its restart, ms (exponential). */
  readonly restartMeanMs: number;
  /** Most nodes down (crashed or paused) at once; keeps a majority alive when set to a minority (0: no limit). */
  readonly maxDown: number;
}

/** What a node declares durable: it survives a crash and is handed to the factory on restart. */
export type Durable = unknown;

/**
 * What a node's code gets from its host: its id, timers that die with it, and the way to send.
 * Everything a node schedules must go through here, so a crash can cancel it.
 */
export interface NodeHost<M> {
  readonly id: NodeId;
  /** How many times this node has been (re)started: 0 for the first incarnation. */
  readonly incarnation: number;
  /** Send `msg` to node `to` through the network. */
  send(to: NodeId, msg: M): void;
  /** Send `msg` to every other node. */
  broadcast(msg: M): void;
  /** Like `ctx.schedule`, but cancelled when the node crashes and deferred while it is paused. */
  schedule(delayMs: number, kind: number, fire: () => void, a?: number, b?: number): import("../events.js").Timer;
  /** Like `ctx.sleep`; never settles if the node crashes first. */
  sleep(ms: number): Promise<void>;
  /**
   * Declare what survives a crash (replaces the previous declaration). The value is kept as given,
   * not copied: persist an immutable value (or a copy), or later mutations survive the crash too.
   */
  persist(state: Durable): void;
  /**
   * This node's disk (when the cluster was built with `disk`; else reading it throws): the same
   * files in every incarnation. A crash of the node crashes its disk at that moment (unsynced
   * writes lost or torn per the recorded decisions) and its pending disk operations never settle;
   * the restarted incarnation reads what was durable. Completions wait out a pause.
   */
  readonly disk: DiskApi;
}

/** A running node as its factory builds it. */
export interface NodeProcess<M> {
  /** A message from `from` arrived. */
  receive(from: NodeId, msg: M): void;
  /** Optional: called when the node is crashed (for the target's bookkeeping; the node is gone after). */
  crashed?(): void;
}

/** Builds a node: on start (durable undefined) and on every restart (with what it persisted). */
export type NodeFactory<M, P extends NodeProcess<M> = NodeProcess<M>> = (host: NodeHost<M>, durable: Durable | undefined) => P;

export type NodeStatus = "up" | "paused" | "crashed";

/** How a target builds its cluster (see `new Cluster(ctx, config)`). */
export interface ClusterConfig<M, P extends NodeProcess<M>> {
  /** Number of nodes, 1..64. */
  readonly nodes: number;
  readonly factory: NodeFactory<M, P>;
  /**
   * The network's options; default: `networkOptions(ctx.faultLevel, nodes)` (`maxDown` a minority
   * of the nodes), redrawn per seed with `--swarm` (`swarmNetworkOptions`). Fields given here
   * override those.
   */
  readonly network?: Partial<NetworkOptions>;
  /**
   * Give every node a disk (`host.disk`): `true` for the options of `diskOptions(ctx.faultLevel)`
   * (redrawn per seed with `--swarm`), or fields that override those. Omitted: no disk. The kinds
   * of `DISK_EVENT_KINDS` and `DISK_FAULT_KINDS` must then be declared too.
   */
  readonly disk?: Partial<DiskOptions> | true;
}

/**
 * The simulated cluster a target drives: nodes built by a factory, joined by the faulty network.
 * The event kinds of {@link NET_EVENT_KINDS} and the fault kinds of {@link NET_FAULT_KINDS} must be
 * among the target's declared `eventKinds` and `faultKinds`.
 */
export interface ClusterApi<M, P extends NodeProcess<M>> {
  /** The options in force for this run (after the level, swarm redraw and overrides). */
  readonly options: NetworkOptions;
  /** The nodes' disk options in force for this run, or undefined when the nodes have no disk. */
  readonly diskOptions: DiskOptions | undefined;
  readonly size: number;
  /** The running process of node `id`, or undefined while it is crashed. */
  node(id: NodeId): P | undefined;
  status(id: NodeId): NodeStatus;
  /** Send from outside any node (a client): not cancelled by crashes; same faults as node traffic. */
  send(from: NodeId, to: NodeId, msg: M): void;
  /** Once per step (the target calls it from `apply`): decide partitions, heals, pauses, crashes. */
  tick(): void;
  /**
   * End every fault: heal partitions, unclog paths, resume paused nodes, restart crashed ones (the
   * resumes and restarts as kernel events at the current time, so `status` changes when they fire).
   */
  heal(): void;
  /** Messages sent and not yet delivered or dropped. */
  inFlight(): number;
  /** True when nothing is in flight and no node is paused or crashed (for `quiescent()`). */
  settled(): boolean;
}
