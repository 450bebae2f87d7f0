/**
 * The clients and the operator, outside the nodes: who owns which namespace (a placement service,
 * modelled as always right), client writes that ask the owner to sequence a mutation and retry
 * its frame unchanged after a timeout (or after the owner crashed with the answer), reads at the
 * owner, and moves. Every client operation is recorded for the linearizability check (RL).
 */
import { HistoryRecorder, type ClusterApi, type KvInput, type Rng, type RunContext } from "../../index.js";
import type { WireMessage } from "./memory-hub.js";
import { historyKey, KEYS, slotCode, type Mutation } from "./model.js";
import type { ReplicaNode } from "./node.js";
import type { ReplicationOracle } from "./oracle.js";
import type { Frame } from "./replication.js";

/**
 * How long a client waits before it asks again (owner down, or a timeout): 20 ms plus up to 20
 * ms of jitter, so that clients stalled behind the same fault do not come back in lockstep.
 */
const BACKOFF_MS = 20;
const JITTER_MS = 20;

export type ClientKind = "client.accept" | "client.reject" | "client.timeout" | "client.lost" | "client.owner-down" | "read.ok" | "read.refused" | "move.done" | "move.deferred";

export class Placement {
  readonly #owners: Int32Array;
  readonly #epochs: Int32Array;
  /** Client writes of each namespace not finished yet. */
  readonly writing: Int32Array;

  constructor(
    readonly nodes: number,
    namespaces: number,
  ) {
    this.#owners = Int32Array.from({ length: namespaces }, (_, j) => j % nodes);
    this.#epochs = new Int32Array(namespaces);
    this.writing = new Int32Array(namespaces);
  }

  owner(j: number): number {
    return this.#owners[j]!;
  }

  /** The ownership epoch of `j` if `node` owns it, else -1. */
  ownerEpoch(node: number, j: number): number {
    return this.#owners[j] === node ? this.#epochs[j]! : -1;
  }

  /** Move `j` `by` nodes on; only while none of its writes is in flight. Returns the new owner, or -1. */
  move(j: number, by: number): number {
    if (this.nodes === 1 || this.writing[j]! > 0) return -1;
    const to = (this.#owners[j]! + by) % this.nodes;
    if (to === this.#owners[j]) return -1;
    this.#owners[j] = to;
    this.#epochs[j]!++;
    return to;
  }

  /** Writes in flight across all namespaces. */
  busy(): boolean {
    return this.writing.some((w) => w > 0);
  }
}

export class Clients {
  readonly history: HistoryRecorder<KvInput, string>;

  constructor(
    readonly ctx: RunContext,
    readonly cluster: ClusterApi<WireMessage, ReplicaNode>,
    readonly placement: Placement,
    readonly oracle: ReplicationOracle,
    readonly emit: (kind: ClientKind, a: number, b: number) => void,
  ) {
    this.history = new HistoryRecorder((): number => ctx.nowMs());
  }

  /** A put or del: sequenced by the owner, proposed, retried unchanged until decided. */
  async write(m: Mutation): Promise<void> {
    const { ctx, placement } = this;
    const key = historyKey(m.j, KEYS[m.key]!);
    // A del writes its tombstone: every write of a key is distinct, which keeps RL polynomial.
    const handle = this.history.invoke(`client ${m.id}`, { f: "put", key, value: `${m.op === "put" ? "v" : "d"}${m.id}` });
    placement.writing[m.j]!++;
    let frame: Frame | undefined;
    // Jitter from the request's own stream: deleting other ops (shrinking) leaves its timing.
    let jitter: Rng | undefined;
    const backoff = (): Promise<void> => ctx.sleep(BACKOFF_MS + (jitter ??= ctx.rng(`backoff/${m.id}`)).int(JITTER_MS + 1));
    try {
      for (;;) {
        const owner = placement.owner(m.j);
        const node = this.#up(owner);
        if (node === undefined) {
          this.emit("client.owner-down", owner, m.id);
          await backoff();
          continue;
        }
        if (frame === undefined) {
          frame = node.sequence(m);
          this.oracle.proposed(frame);
        }
        const outcome = await node.propose(frame);
        const slot = slotCode(m.j, frame.seq);
        if (outcome === "accept" || outcome === "reject") {
          this.emit(outcome === "accept" ? "client.accept" : "client.reject", owner, slot);
          if (outcome === "accept") this.history.ok(handle, "");
          else this.history.fail(handle);
          return;
        }
        // Timeout, lost with a crash, or a driver that answered `undecided`: the frame may be
        // committed or not; only the same frame again can tell.
        this.emit(outcome === "lost" ? "client.lost" : "client.timeout", owner, slot);
        await backoff();
      }
    } finally {
      placement.writing[m.j]!--;
    }
  }

  /** A read at the owner, from its applied state; refused while it is down or not fresh. */
  read(j: number, key: number): void {
    const owner = this.placement.owner(j);
    const value = this.#up(owner)?.read(j, key);
    const code = j * KEYS.length + key;
    if (value === undefined) return this.emit("read.refused", code, owner);
    this.history.instant("reader", { f: "get", key: historyKey(j, KEYS[key]!) }, value);
    this.emit("read.ok", code, owner);
  }

  /** An operator moves namespace `j` (deferred while it has writes in flight). */
  move(j: number, by: number): void {
    const to = this.placement.move(j, by);
    this.emit(to < 0 ? "move.deferred" : "move.done", j, Math.max(0, to));
  }

  #up(id: number): ReplicaNode | undefined {
    return this.cluster.status(id) === "up" ? this.cluster.node(id) : undefined;
  }
}
