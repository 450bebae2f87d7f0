/**
 * The `swizzle-clog` workload: clog the ledger with overlapping delayed batches, then release them
 * in a shuffled order, so that completion order, commit failures and the lattice merge interact.
 *
 * A round: clog the queue (manual completion, or delayNextWrites for the whole round); submit 2-6
 * batches over 3-5 hot keys (so they overlap), some preceded by an injected commit failure (and
 * now and then a rejected submission), with reads in between; then release them with a
 * PRNG-chosen mix of releaseSpecific, releaseNext in both orders and reads, and end the round with
 * releaseAll in a random order, which drains the queue and triggers the I6 convergence check.
 */
import { WeightedChoice, type Weights } from "../../index.js";
import { KEYS, OVIDS, POLICIES, TENANTS } from "./model.js";
import type { LedgerOp } from "./ops.js";
import type { RecordSource } from "./records.js";
import type { LedgerWorkload } from "./workload.js";

/** The release-phase action mix (swarm testing reweights it like any op table). */
export type SwizzleAction = "releaseSpecific" | "releaseNextOldest" | "releaseNextNewest" | "get" | "snapshot" | "failCommits";

export const SWIZZLE_WEIGHTS: Weights<SwizzleAction> = {
  releaseSpecific: 4,
  releaseNextOldest: 2,
  releaseNextNewest: 3,
  get: 2,
  snapshot: 1,
  failCommits: 3,
};

export class SwizzleClogWorkload implements LedgerWorkload {
  readonly #queue: LedgerOp[] = [];
  #head = 0;
  readonly #choice: WeightedChoice<SwizzleAction>;
  readonly #commitFailP: number;

  constructor(
    readonly records: RecordSource,
    weights: Weights<SwizzleAction>,
  ) {
    this.#choice = new WeightedChoice(weights);
    // The failCommits weight, relative to the table, sets how often a clogged batch will fail.
    const total = Object.values<number>(weights).reduce((a, b) => a + b, 0);
    this.#commitFailP = Math.min(0.6, (weights.failCommits * 2) / total);
  }

  next(): LedgerOp {
    if (this.#head >= this.#queue.length) this.#planRound();
    return this.#queue[this.#head++]!;
  }

  #planRound(): void {
    const rng = this.records.rng;
    this.#queue.length = 0;
    this.#head = 0;
    const hot = this.#hotKeys(rng.range(3, 5));
    const batches = rng.range(2, 6);
    this.#queue.push(rng.chance(0.5) ? { t: "autoComplete", on: false } : { t: "delayWrites", n: batches });
    for (let i = 0; i < batches; i++) {
      if (rng.chance(this.#commitFailP)) this.#queue.push({ t: "failCommits", n: 1 });
      if (rng.chance(0.08)) this.#queue.push({ t: "failSubmissions", n: 1 });
      this.#queue.push({ t: "upsert", recs: this.records.batch(rng.range(1, 4), hot) });
      if (rng.chance(0.3)) this.#queue.push(this.#read(hot));
    }
    for (let i = 0; i < batches - 1; i++) this.#queue.push(this.#action(hot));
    this.#queue.push({ t: "releaseAll", order: rng.chance(0.5) ? "oldestFirst" : "newestFirst" });
    this.#queue.push({ t: "autoComplete", on: true });
  }

  #action(hot: readonly number[]): LedgerOp {
    const rng = this.records.rng;
    switch (this.#choice.pick(rng)) {
      case "releaseSpecific":
        return { t: "releaseSpecific", pick: rng.int(64) };
      case "releaseNextOldest":
        return { t: "releaseNext", order: "oldestFirst" };
      case "releaseNextNewest":
        return { t: "releaseNext", order: "newestFirst" };
      case "get":
        return this.#read(hot);
      case "snapshot":
        return { t: "snapshot" };
      case "failCommits":
        // A commit failure armed mid-release hits whichever write is applied next.
        return { t: "failCommits", n: 1 };
    }
  }

  /** A batchGet of hot keys that share a tenant and policy (or a getRecord when none do). */
  #read(hot: readonly number[]): LedgerOp {
    const rng = this.records.rng;
    const k = rng.pick(hot);
    const group = Math.floor(k / OVIDS.length);
    const ovids = hot.filter((h) => Math.floor(h / OVIDS.length) === group).map((h) => h % OVIDS.length);
    if (ovids.length < 2) return { t: "getRecord", k };
    return { t: "get", tenant: Math.floor(group / POLICIES.length) % TENANTS.length, policy: group % POLICIES.length, ovids };
  }

  /** `n` distinct key indices, mostly from one tenant/policy group so batches and reads overlap. */
  #hotKeys(n: number): number[] {
    const rng = this.records.rng;
    const group = rng.int(KEYS.length / OVIDS.length);
    const keys = new Set<number>();
    while (keys.size < n) keys.add(rng.chance(0.75) ? group * OVIDS.length + rng.int(OVIDS.length) : rng.int(KEYS.length));
    return [...keys];
  }
}
