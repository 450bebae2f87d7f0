/**
 * The `default` workload: weighted upserts (batches of 1-8 records over 32 keys, so batches
 * collide), reads, releases and fault-counter ops.
 */
import { WeightedChoice, type Weights } from "../../index.js";
import { KEYS, POLICIES, TENANTS } from "./model.js";
import type { LedgerOp, LedgerOpType } from "./ops.js";
import type { RecordSource } from "./records.js";

/** A workload draws the next op; it may keep state across ops (phases). */
export interface LedgerWorkload {
  next(): LedgerOp;
}

export const DEFAULT_WEIGHTS: Weights<LedgerOpType> = {
  upsert: 40,
  get: 12,
  getRecord: 6,
  snapshot: 2,
  releaseNext: 8,
  releaseSpecific: 4,
  releaseAll: 3,
  failSubmissions: 2,
  failCommits: 2,
  delayWrites: 4,
  autoComplete: 3,
};

const BATCH_MAX = 8;

export class DefaultWorkload implements LedgerWorkload {
  readonly #choice: WeightedChoice<LedgerOpType>;

  constructor(
    readonly records: RecordSource,
    weights: Weights<LedgerOpType>,
  ) {
    this.#choice = new WeightedChoice(weights);
  }

  next(): LedgerOp {
    const rng = this.records.rng;
    const t = this.#choice.pick(rng);
    switch (t) {
      case "upsert":
        return { t, recs: this.records.batch(rng.range(1, BATCH_MAX)) };
      case "get":
        return { t, tenant: rng.int(TENANTS.length), policy: rng.int(POLICIES.length), ovids: this.records.ovids() };
      case "getRecord":
        return { t, k: rng.int(KEYS.length) };
      case "snapshot":
        return { t };
      case "releaseNext":
      case "releaseAll":
        return { t, order: rng.chance(0.5) ? "oldestFirst" : "newestFirst" };
      case "releaseSpecific":
        return { t, pick: rng.int(64) };
      case "failSubmissions":
      case "failCommits":
      case "delayWrites":
        return { t, n: rng.range(1, 3) };
      case "autoComplete":
        // Manual completion piles writes up; switching back on is likelier so queues drain.
        return { t, on: rng.chance(0.6) };
    }
  }
}
