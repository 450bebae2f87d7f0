/**
 * The `default` workload: weighted upserts (batches of 1-8 records over 32 keys, so batches
 * collide), reads, releases and fault-counter ops. Timestamps are drawn close to the simulated
 * clock in a narrow window, so provenance ties and out-of-order freshness both happen often.
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";
import { KEYS, OVIDS, POLICIES, STATUSES, TENANTS, type Status } from "./model.js";
import type { LedgerOp, LedgerOpType } from "./ops.js";
import type { KeyedRecord } from "./oracle.js";

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
const ERROR_CODES = ["E_TIMEOUT", "E_IO", "E_DENIED"] as const;

export class LedgerWorkload {
  readonly #choice: WeightedChoice<LedgerOpType>;

  constructor(
    readonly rng: Rng,
    readonly nowMs: () => number,
    weights: Weights<LedgerOpType> = DEFAULT_WEIGHTS,
  ) {
    this.#choice = new WeightedChoice(weights);
  }

  next(): LedgerOp {
    const rng = this.rng;
    const t = this.#choice.pick(rng);
    switch (t) {
      case "upsert":
        return { t, recs: this.#batch() };
      case "get":
        return { t, tenant: rng.int(TENANTS.length), policy: rng.int(POLICIES.length), ovids: this.#ovids() };
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

  #batch(): KeyedRecord[] {
    const n = this.rng.range(1, BATCH_MAX);
    const recs: KeyedRecord[] = [];
    for (let i = 0; i < n; i++) recs.push(this.#record());
    return recs;
  }

  #record(): KeyedRecord {
    const rng = this.rng;
    const status: Status = rng.pick(STATUSES);
    const startedAt = this.nowMs() + rng.int(8);
    return {
      k: rng.int(KEYS.length),
      status,
      bytesScanned: rng.int(1000),
      findingsCount: findingsFor(status, rng),
      startedAt,
      finishedAt: startedAt + rng.int(8),
      errorCode: status === "failed_retryable" || status === "failed_permanent" ? rng.pick(ERROR_CODES) : null,
      runId: `run-${rng.int(40)}`,
    };
  }

  #ovids(): number[] {
    const n = this.rng.range(1, 4);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.rng.int(OVIDS.length));
    return out;
  }
}

/** A count that agrees with the status (I3): 0 when clean, >= 1 with findings, anything else. */
function findingsFor(status: Status, rng: Rng): number {
  if (status === "scanned_clean") return 0;
  if (status === "scanned_with_findings") return rng.range(1, 5);
  return rng.int(4);
}
