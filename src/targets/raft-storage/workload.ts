/**
 * The workload: a Raft node's storage calls in the proportions a busy follower-and-sometimes-leader
 * makes them (mostly log writes, applications and reads), with the rarer conflicts, votes,
 * compactions and snapshot installations, and crashes and restarts among them. Crashes are ops,
 * not background faults: the contract is about what survives them, so every level has them; the
 * level decides what a crash does to unsynced writes (the disk's torn and partial faults).
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";
import { BACK_MAX, BATCH_MAX, KEYS, MEMBER_MASK_MAX, type PayloadSpec, type RaftStorageOp, type RaftStorageOpType } from "./ops.js";

export const WORKLOADS = {
  default: "a Raft node's storage calls: appends, replication with re-sends and conflicts, votes, applications, compactions, snapshot installations and reads, among crashes and restarts",
} as const;

export const WEIGHTS: Weights<RaftStorageOpType> = {
  append: 12,
  replicate: 14,
  truncate: 5,
  vote: 6,
  apply: 12,
  "apply-batch": 5,
  compact: 4,
  install: 3,
  read: 12,
  state: 6,
  membership: 4,
  snapshot: 4,
  crash: 4,
  restart: 3,
};

export class RaftStorageWorkload {
  readonly #choice: WeightedChoice<RaftStorageOpType>;

  constructor(
    readonly rng: Rng,
    weights: Weights<RaftStorageOpType>,
  ) {
    this.#choice = new WeightedChoice(weights);
  }

  next(): RaftStorageOp {
    const rng = this.rng;
    const t = this.#choice.pick(rng);
    switch (t) {
      case "append":
        return { t, e: this.#spec() };
      case "replicate":
        return { t, back: rng.int(BACK_MAX + 1), es: Array.from({ length: 1 + rng.int(BATCH_MAX) }, () => this.#spec()) };
      case "truncate":
        return { t, back: rng.int(BACK_MAX + 1), stop: rng.chance(0.3) };
      case "vote":
        return { t, bump: rng.chance(0.6), vote: rng.int(6) - 1 };
      case "apply-batch":
        return { t, n: 1 + rng.int(BATCH_MAX) };
      case "install":
        return { t, ahead: rng.chance(0.5) ? 0 : 1 + rng.int(4), pick: rng.int(100), chunks: 1 + rng.int(3), m: rng.chance(0.5) ? 0 : 1 + rng.int(MEMBER_MASK_MAX) };
      case "read":
        return { t, at: rng.int(101), len: rng.int(13) };
      case "apply":
      case "compact":
      case "state":
      case "membership":
      case "snapshot":
      case "crash":
      case "restart":
        return { t };
    }
  }

  /** Mostly commands on a few keys (collisions make answers telling), some configs and blanks. */
  #spec(): PayloadSpec {
    const rng = this.rng;
    const x = rng.int(20);
    const k = x < 11 ? "set" : x < 15 ? "del" : x < 18 ? "config" : "blank";
    const joint = k === "config" && rng.chance(0.3);
    return { k, key: rng.int(KEYS.length), m: k === "config" ? 1 + rng.int(MEMBER_MASK_MAX) : 0, j: joint ? 1 + rng.int(MEMBER_MASK_MAX) : 0 };
  }
}
