/**
 * One node of the cluster: a shard manager over its replicator (the system under test, with the
 * driver the run plugs in). The shard manager owns some namespaces: for those it turns client
 * mutations into frames (assigning each seq once, from a counter on its disk) and proposes them;
 * for every namespace its handler applies committed frames to a KV state per namespace, built
 * only from the frames it applied. The KV state, the counters and the freshness flags are on the
 * node's disk: they survive a crash. Reads are answered from the applied state, by the owner
 * only, and only once it is fresh: it applied one of its own accepted frames since it gained the
 * namespace (in the current ownership epoch), which proves it holds every frame before it
 * (delivery is in seq order, and ownership only moves while nothing is in flight).
 */
import type { NodeHost, NodeProcess } from "../../index.js";
import type { MemoryHub, MemoryTransport, WireMessage } from "./memory-hub.js";
import { frameOf, KEYS, NAMESPACE_COUNT, namespaceOf, nodeName, type Mutation } from "./model.js";
import type { Decision, Frame, QuorumConfig, Replicator, ReplicatorFactory, ReplicatorHost } from "./replication.js";
import { MemoryNodeStore } from "./store.js";

/** What a node keeps on its disk: the driver's store and the shard state. */
export class ShardDisk {
  readonly store = new MemoryNodeStore();
  /** Per namespace, key -> value, from the frames this node applied. */
  readonly kv: Map<string, string>[] = Array.from({ length: NAMESPACE_COUNT }, () => new Map<string, string>());
  /**
   * Per namespace, key -> the version of the key: the value of the last frame applied to it (a
   * put's value, or a del's request tag: a tombstone, as a store keeps until compaction).
   */
  readonly versions: Map<string, string>[] = Array.from({ length: NAMESPACE_COUNT }, () => new Map<string, string>());
  /** Per namespace, the highest seq applied here. */
  readonly applied = new Float64Array(NAMESPACE_COUNT);
  /** Per namespace, the last seq this node assigned as its owner. */
  readonly counter = new Float64Array(NAMESPACE_COUNT);
  /** Per namespace, the ownership epoch in which this node proved it is fresh (see the header). */
  readonly freshEpoch = new Int32Array(NAMESPACE_COUNT);
}

/** A proposal's outcome for its caller: a decision, or `lost` when the node crashed meanwhile. */
export type Outcome = Decision | "lost";

/** The checker's view of what nodes do. */
export interface NodeObserver {
  /** Node `node`'s handler applied `frame`. */
  applied(node: number, frame: Frame): void;
  /** A node's driver answered a proposal. */
  decided(node: ReplicaNode, frame: Frame, decision: Decision): void;
}

/** What every node of a run shares. */
export interface NodeEnv {
  readonly hub: MemoryHub;
  readonly factory: ReplicatorFactory;
  readonly timing: Pick<QuorumConfig, "proposeWaitMs" | "witnessAfterMs" | "catchUpEveryMs">;
  readonly bug: string | null;
  /** Planted: after a timeout, the owner gives the timed-out seq to its next frame. */
  readonly reuseSeqAfterTimeout: boolean;
  readonly observer: NodeObserver;
  nowMs(): number;
  /** The interned id of a driver label the target declares, or undefined. */
  kindOf(label: string): number | undefined;
  /** The kind of a driver timer without a declared label. */
  readonly timerKind: number;
  emit(kind: number, a: number, b: number): void;
  /** A frame as a trace number. */
  slotCodeOf(frame: Frame): number;
  /** The ownership epoch of namespace `j` if `node` owns it, else -1 (the first owners have epoch 0). */
  ownerEpoch(node: number, j: number): number;
  /** Whether the handler of `node` fails on this delivery (an injected fault). */
  handlerFails(node: number, frame: Frame): boolean;
}

interface Call {
  resolve(outcome: Outcome): void;
}

export class ReplicaNode implements NodeProcess<WireMessage> {
  readonly id: number;
  readonly name: string;
  readonly transport: MemoryTransport;
  readonly replicator: Replicator;
  /** Decisions this incarnation's driver returned, by kind (R7). */
  readonly returned = { accepted: 0, rejected: 0, timeouts: 0 };
  readonly #calls = new Set<Call>();

  constructor(
    readonly host: NodeHost<WireMessage>,
    readonly disk: ShardDisk,
    readonly env: NodeEnv,
  ) {
    this.id = host.id;
    this.name = nodeName(host.id);
    this.transport = env.hub.connect(this.name, host);
    this.replicator = env.factory(this.#driverHost(), { nodeId: this.name, validators: env.hub.ids, transport: this.transport, ...env.timing });
    this.replicator.subscribe((frame) => this.#apply(frame));
  }

  receive(from: number, msg: WireMessage): void {
    this.transport.receive(from, msg);
  }

  /** The node is gone: its callers learn that their proposals' fate is unknown. */
  crashed(): void {
    const calls = [...this.#calls];
    this.#calls.clear();
    for (const call of calls) call.resolve("lost");
  }

  /** As the owner of `m.j`: the frame of a new mutation, at the next seq. */
  sequence(m: Mutation): Frame {
    const d = this.disk;
    const seq = Math.max(d.counter[m.j]!, d.applied[m.j]!) + 1;
    d.counter[m.j] = seq;
    return frameOf(m, seq);
  }

  /** Proposals this incarnation's driver has not answered yet. */
  outstanding(): number {
    return this.#calls.size;
  }

  /**
   * A read at the owner: the key's version (its value, or the tombstone of the del that removed
   * it; "" when never written), or undefined when the owner is not fresh.
   */
  read(j: number, key: number): string | undefined {
    if (this.disk.freshEpoch[j] !== this.env.ownerEpoch(this.id, j)) return undefined;
    return this.disk.versions[j]!.get(KEYS[key]!) ?? "";
  }

  /** Propose through the driver; resolves with its decision (a Rejected or Timeout error read as one). */
  propose(frame: Frame): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const call: Call = { resolve };
      this.#calls.add(call);
      const answered = (value: unknown, error: unknown, failed: boolean): void => {
        if (!this.#calls.delete(call)) return;
        const decision = failed ? decisionOfError(error) : asDecision(value);
        if (decision === undefined) return reject(failed ? error : new TypeError(`propose resolved with ${String(value)}, not a decision`));
        this.#returned(frame, decision);
        resolve(decision);
      };
      let answer: Promise<unknown>;
      try {
        answer = Promise.resolve(this.replicator.propose({ ...frame }));
      } catch (err) {
        this.#calls.delete(call);
        return reject(err);
      }
      answer.then(
        (value) => answered(value, undefined, false),
        (err: unknown) => answered(undefined, err, true),
      );
    });
  }

  #returned(frame: Frame, decision: Decision): void {
    const j = namespaceOf(frame);
    if (decision === "accept") this.returned.accepted++;
    else if (decision === "reject") this.returned.rejected++;
    else if (decision === "timeout") this.returned.timeouts++;
    this.env.observer.decided(this, frame, decision);
    const epoch = j < 0 ? -1 : this.env.ownerEpoch(this.id, j);
    if (decision === "accept" && epoch >= 0) this.disk.freshEpoch[j] = epoch;
    if (decision === "timeout" && j >= 0 && this.env.reuseSeqAfterTimeout) this.disk.counter[j] = frame.seq - 1;
  }

  /** The subscribe handler: apply a committed frame to the namespace's KV state, or fail. */
  #apply(frame: Frame): void {
    if (this.env.handlerFails(this.id, frame)) throw new Error(`injected failure applying ${frame.org}/${frame.ns}#${frame.seq} on ${this.name}`);
    this.env.observer.applied(this.id, frame);
    const j = namespaceOf(frame);
    if (j < 0) return;
    const kv = this.disk.kv[j]!;
    if (frame.op === "put") kv.set(frame.key, frame.value ?? "");
    else kv.delete(frame.key);
    this.disk.versions[j]!.set(frame.key, frame.value ?? "");
    this.disk.applied[j] = Math.max(this.disk.applied[j]!, frame.seq);
  }

  #driverHost(): ReplicatorHost {
    const { host, env } = this;
    return {
      store: this.disk.store,
      bug: env.bug,
      nowMs: () => env.nowMs(),
      schedule: (delayMs, fire, label) => host.schedule(delayMs, (label === undefined ? undefined : env.kindOf(label)) ?? env.timerKind, fire, host.id),
      event: (label, frame) => {
        const kind = env.kindOf(label);
        if (kind !== undefined) env.emit(kind, host.id, frame === undefined ? 0 : env.slotCodeOf(frame));
      },
    };
  }
}

const DECISIONS: readonly string[] = ["undecided", "accept", "reject", "timeout"];

function asDecision(value: unknown): Decision | undefined {
  return typeof value === "string" && DECISIONS.includes(value) ? (value as Decision) : undefined;
}

/** Go returns ErrRejected / ErrTimeout beside a decision; a driver may reject with them instead. */
function decisionOfError(err: unknown): Decision | undefined {
  const name = err instanceof Error ? err.name : undefined;
  if (name === "Rejected") return "reject";
  if (name === "Timeout") return "timeout";
  return undefined;
}
