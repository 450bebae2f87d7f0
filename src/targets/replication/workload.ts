/**
 * The workloads. `default`: shard managers' clients put and delete keys across two orgs and three
 * namespaces each and read them back at the owners, and now and then an operator moves a
 * namespace to another node (a stale new owner is how conflicting frames, and rejects, arise in a
 * correct cluster). `local`: the same clients on one node with `LocalReplicator`, no moves.
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";
import { KEYS, NAMESPACE_COUNT } from "./model.js";
import type { ReplicationOp, ReplicationOpType } from "./ops.js";

export const WORKLOADS = {
  default: "clients put/del/get across 2 orgs x 3 namespaces on 3 or 5 quorum validators (1 sometimes with --swarm); operators move namespaces",
  local: "the same clients on one node with LocalReplicator",
} as const;

export const QUORUM_WEIGHTS: Weights<ReplicationOpType> = { put: 40, del: 10, get: 40, move: 4 };
export const LOCAL_WEIGHTS: Weights<Exclude<ReplicationOpType, "move">> = { put: 45, del: 10, get: 45 };

export class ReplicationWorkload {
  readonly #choice: WeightedChoice<ReplicationOpType>;
  /** Request ids: unique in a run, so every mutation's frame is distinct. */
  #nextId = 1;

  constructor(
    readonly rng: Rng,
    weights: Weights<ReplicationOpType> | Weights<Exclude<ReplicationOpType, "move">>,
    /** Nodes in the cluster: a move goes 1..nodes-1 places on. */
    readonly nodes: number,
  ) {
    this.#choice = new WeightedChoice<ReplicationOpType>(weights as Weights<ReplicationOpType>);
  }

  next(): ReplicationOp {
    const rng = this.rng;
    const t = this.#choice.pick(rng);
    const j = rng.int(NAMESPACE_COUNT);
    switch (t) {
      case "put":
      case "del":
        return { t, j, key: rng.int(KEYS.length), id: this.#nextId++ };
      case "get":
        return { t, j, key: rng.int(KEYS.length) };
      case "move":
        return { t, j, by: 1 + rng.int(Math.max(1, this.nodes - 1)) };
    }
  }
}

/** The workload of a run, with its weights (overrides and swarm applied by the kernel). */
export function replicationWorkload(name: string, rng: Rng, nodes: number, weights: <K extends string>(defaults: Weights<K>) => Weights<K>): ReplicationWorkload {
  return new ReplicationWorkload(rng, name === "local" ? weights(LOCAL_WEIGHTS) : weights(QUORUM_WEIGHTS), nodes);
}
