/**
 * Network partitions: which directed paths are cut, decided once per tick.
 *
 * A partition splits the nodes into a side A and the rest, B. Symmetric, it cuts every path
 * between the sides; one-way, only the paths from A to B (A's messages to B are lost, B's to A
 * arrive: the asymmetric failures that fool failure detectors). A node is never cut from itself.
 *
 * One recorded decision (`net.partition`) decides a whole partition: its value is expanded into
 * the mode, the symmetry and the sides by a stream keyed by the value alone, so a replay on any
 * machine rebuilds the same cut from the integer, and the shrinker deletes a partition as one
 * fault. A partition holds at least `partitionStabilityMs`; after that each tick ends it with
 * probability `unpartition` (a `net.unpartition` decision).
 *
 * Trace arguments of `net.partition` and `net.heal`: (side A bitmask, side B bitmask), the second
 * negated for a one-way partition (bit i is node i; exact up to 53 nodes).
 */
import { Rng } from "../rng.js";
import type { RunContext } from "../target.js";
import type { NetIds } from "./ids.js";
import type { NetworkOptions, NodeId, PartitionMode, PartitionSymmetry } from "./types.js";

/** Values of a `net.partition` decision: [0, PARTITION_VALUES). */
export const PARTITION_VALUES = 2 ** 31 - 1;

/** A partition: side A and whether B's messages to A are cut too. */
export interface Cut {
  readonly sideA: readonly NodeId[];
  readonly symmetry: PartitionSymmetry;
}

/** The partition a `net.partition` decision of value `value` stands for, in a cluster of `n` >= 2. */
export function cutOf(value: number, n: number, modes: readonly PartitionMode[], symmetries: readonly PartitionSymmetry[]): Cut {
  const rng = new Rng(`simctl/net/partition/${value}`);
  const mode = rng.pick(modes);
  const symmetry = rng.pick(symmetries);
  if (mode === "isolate-one") return { sideA: [rng.int(n)], symmetry };
  // random-split: a side size uniform in 1..n-1, then that many nodes.
  const size = 1 + rng.int(n - 1);
  const ids = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  return { sideA: ids.slice(0, size).sort((x, y) => x - y), symmetry };
}

export class Partitions {
  readonly #ctx: RunContext;
  readonly #n: number;
  readonly #o: NetworkOptions;
  readonly #ids: NetIds;
  /** 1 where the path from*n+to is cut. */
  readonly #blocked: Uint8Array;
  #active = false;
  #sinceMs = 0;
  /** Trace arguments of the partition in force (repeated by its `net.heal`). */
  #a = 0;
  #b = 0;

  constructor(ctx: RunContext, nodes: number, options: NetworkOptions, ids: NetIds) {
    this.#ctx = ctx;
    this.#n = nodes;
    this.#o = options;
    this.#ids = ids;
    this.#blocked = new Uint8Array(nodes * nodes);
  }

  /** True when messages from `from` to `to` are lost to the partition in force. */
  cut(from: NodeId, to: NodeId): boolean {
    return this.#blocked[from * this.#n + to] === 1;
  }

  get active(): boolean {
    return this.#active;
  }

  /** Once per tick: maybe start a partition, or end the one in force once it has been stable. */
  tick(): void {
    const o = this.#o;
    const faults = this.#ctx.faults;
    if (!this.#active) {
      if (o.partition <= 0 || this.#n < 2) return;
      const value = faults.draw(this.#ids.faults.partition, o.partition, 0, PARTITION_VALUES - 1);
      if (value === null) return;
      const cut = cutOf(value, this.#n, o.partitionModes, o.partitionSymmetries);
      this.split(cut.sideA, cut.symmetry);
    } else if (o.unpartition > 0 && this.#ctx.nowMs() - this.#sinceMs >= o.partitionStabilityMs) {
      if (faults.draw(this.#ids.faults.unpartition, o.unpartition) !== null) this.heal();
    }
  }

  /** Partition now: `sideA` against the rest (replacing any partition in force). */
  split(sideA: readonly NodeId[], symmetry: PartitionSymmetry): void {
    const n = this.#n;
    const inA = new Uint8Array(n);
    for (const id of sideA) inA[id] = 1;
    const size = inA.reduce((s, x) => s + x, 0);
    if (size === 0 || size === n) throw new Error(`a partition needs nodes on both sides: side A ${JSON.stringify(sideA)} of ${n} nodes`);
    if (this.#active) this.heal();
    let a = 0;
    let b = 0;
    for (let from = 0; from < n; from++) {
      if (inA[from] === 1) a += 2 ** from;
      else b += 2 ** from;
      for (let to = 0; to < n; to++) {
        const cut = inA[from] === 1 ? inA[to] === 0 : symmetry === "symmetric" && inA[to] === 1;
        this.#blocked[from * n + to] = cut ? 1 : 0;
      }
    }
    this.#active = true;
    this.#sinceMs = this.#ctx.nowMs();
    this.#a = a;
    this.#b = symmetry === "symmetric" ? b : -b;
    this.#ctx.emit(this.#ids.events.partition, this.#a, this.#b);
  }

  /** End the partition in force, if any. */
  heal(): void {
    if (!this.#active) return;
    this.#blocked.fill(0);
    this.#active = false;
    this.#ctx.emit(this.#ids.events.heal, this.#a, this.#b);
  }
}
