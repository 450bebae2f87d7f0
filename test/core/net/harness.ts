/**
 * A tiny target around a Cluster, for the network and node tests: each node records what it
 * receives (with the simulated time), each step ticks the cluster and then does what the test
 * says. The test reads the cluster and the receipts of the last run from the returned `worlds`.
 */
import {
  Cluster,
  defineTarget,
  NET_EVENT_KINDS,
  NET_FAULT_KINDS,
  type Durable,
  type NetworkOptions,
  type NodeHost,
  type NodeProcess,
  type RunContext,
  type Target,
  type TraceEntry,
  type Violation,
} from "../../../src/index.js";

/** A message: a unique id, when it was sent, and how many more replies it asks for. */
export interface Msg {
  readonly id: number;
  readonly sentAt: number;
  readonly hops: number;
  readonly tag: string;
}

export interface Receipt {
  readonly from: number;
  readonly to: number;
  readonly id: number;
  readonly tag: string;
  readonly sentAt: number;
  readonly at: number;
}

/** A node that records what it receives and answers a message with hops left. */
export class Recorder implements NodeProcess<Msg> {
  constructor(
    readonly host: NodeHost<Msg>,
    readonly world: World,
    readonly durable: Durable | undefined,
  ) {}

  receive(from: number, msg: Msg): void {
    const w = this.world;
    w.log.push({ from, to: this.host.id, id: msg.id, tag: msg.tag, sentAt: msg.sentAt, at: w.ctx.nowMs() });
    if (msg.hops > 0) this.host.send(from, w.message(msg.tag, msg.hops - 1));
  }
}

export interface World {
  readonly ctx: RunContext;
  readonly cluster: Cluster<Msg, Recorder>;
  readonly log: Receipt[];
  /** A fresh message. */
  message(tag: string, hops?: number): Msg;
  /** Send a fresh message from `from` to `to` through the cluster; returns its id. */
  send(from: number, to: number, tag?: string, hops?: number): number;
  /** Anything a test wants to keep. */
  readonly notes: Record<string, unknown>;
}

export interface NetSpec {
  readonly nodes: number;
  readonly network?: Partial<NetworkOptions>;
  /** Build a node (default: a plain Recorder). */
  readonly factory?: (host: NodeHost<Msg>, durable: Durable | undefined, world: World) => Recorder;
  /** Each step, after `cluster.tick()` (skipped with `tick: false`). */
  readonly step?: (world: World, op: number) => void;
  readonly tick?: boolean;
  /** At the start of the liveness phase (default: `cluster.heal()`). */
  readonly heal?: (world: World) => void;
  readonly quiescent?: boolean;
  readonly finish?: (world: World) => Violation[];
}

export interface NetTarget {
  readonly target: Target<number>;
  /** The world of each run, in run order. */
  readonly worlds: World[];
  last(): World;
}

/** Event kinds of the node timers tests schedule. */
export const TEST_KINDS = ["test.timer"] as const;

export function netTarget(spec: NetSpec): NetTarget {
  const worlds: World[] = [];
  const target = defineTarget<number>({
    name: "net",
    description: "nodes that record what they receive",
    invariants: {},
    bugs: {},
    workloads: { default: "numbers" },
    eventKinds: [...TEST_KINDS, ...NET_EVENT_KINDS],
    faultKinds: [...NET_FAULT_KINDS],
    create(ctx) {
      let next = 0;
      const world: World = {
        ctx,
        log: [],
        notes: {},
        cluster: undefined as unknown as Cluster<Msg, Recorder>,
        message: (tag, hops = 0) => ({ id: next++, sentAt: ctx.nowMs(), hops, tag }),
        send(from, to, tag = "", hops = 0) {
          const msg = world.message(tag, hops);
          world.cluster.send(from, to, msg);
          return msg.id;
        },
      };
      const factory = spec.factory ?? ((host, durable, w) => new Recorder(host, w, durable));
      (world as { cluster: Cluster<Msg, Recorder> }).cluster = new Cluster<Msg, Recorder>(ctx, {
        nodes: spec.nodes,
        factory: (host, durable) => factory(host, durable, world),
        ...(spec.network !== undefined ? { network: spec.network } : {}),
      });
      worlds.push(world);
      return {
        nextOp: () => ctx.ops.int(1000),
        apply(op: number) {
          if (spec.tick !== false) world.cluster.tick();
          spec.step?.(world, op);
        },
        check: () => [],
        heal: () => (spec.heal !== undefined ? spec.heal(world) : world.cluster.heal()),
        ...(spec.quiescent === true ? { quiescent: () => world.cluster.settled() } : {}),
        finish: () => spec.finish?.(world) ?? [],
      };
    },
  });
  return { target, worlds, last: () => worlds[worlds.length - 1]! };
}

/** A trace sink that keeps every entry. */
export function traced(): { entries: TraceEntry[]; sink: (e: TraceEntry) => void } {
  const entries: TraceEntry[] = [];
  return { entries, sink: (e) => entries.push(e) };
}

/** Options with every fault off and a fixed delay, for a test that switches one fault on. */
export const CALM: Partial<NetworkOptions> = {
  delayMinMs: 1,
  delayMeanMs: 0,
  loss: 0,
  duplicate: 0,
  reorder: 0,
  pathCapacity: 0,
  clog: 0,
  partition: 0,
  pause: 0,
  crash: 0,
};

/** Every directed pair of distinct nodes of `n`. */
export function pairs(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < n; from++) for (let to = 0; to < n; to++) if (from !== to) out.push([from, to]);
  return out;
}
