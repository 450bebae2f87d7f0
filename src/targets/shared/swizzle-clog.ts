/**
 * The `swizzle-clog` workload, for any store-core target: clog the store with overlapping
 * delayed batches, then release them in a shuffled order, so that completion order, commit
 * failures and the target's merge or validation interact.
 *
 * A round: clog the queue (manual completion, or delayNextWrites for the whole round); submit 2-6
 * batches over a few hot keys (so they overlap), some preceded by an injected commit failure (and
 * now and then a rejected submission), with reads in between; then release them with a
 * PRNG-chosen mix of releaseSpecific, releaseNext in both orders and reads, and end the round with
 * releaseAll in a random order, which drains the queue and triggers the convergence check.
 */
import type { Rng, Weights } from "../../index.js";
import { RoundWorkload } from "./round-workload.js";
import type { StoreControlOp } from "./store-ops.js";

/** What the target contributes: its hot keys, batches and reads over them. */
export interface SwizzleTarget<Op> {
  /** A few key indices for one round, mostly sharing a group so batches and reads overlap. */
  hotKeys(rng: Rng): number[];
  /** A batch write over the hot keys. */
  batch(hot: readonly number[]): Op;
  /** A read of some hot keys. */
  read(hot: readonly number[]): Op;
  /** A full-state read. */
  snapshot(): Op;
}

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

export class SwizzleClogWorkload<Op> extends RoundWorkload<Op | StoreControlOp, SwizzleAction> {
  readonly #commitFailP: number;

  constructor(
    rng: Rng,
    weights: Weights<SwizzleAction>,
    readonly target: SwizzleTarget<Op>,
  ) {
    super(rng, weights);
    // The failCommits weight, relative to the table, sets how often a clogged batch will fail.
    const total = Object.values<number>(weights).reduce((a, b) => a + b, 0);
    this.#commitFailP = Math.min(0.6, (weights.failCommits * 2) / total);
  }

  protected plan(q: (Op | StoreControlOp)[]): void {
    const { rng, target } = this;
    const hot = target.hotKeys(rng);
    const batches = rng.range(2, 6);
    q.push(rng.chance(0.5) ? { t: "autoComplete", on: false } : { t: "delayWrites", n: batches });
    for (let i = 0; i < batches; i++) {
      if (rng.chance(this.#commitFailP)) q.push({ t: "failCommits", n: 1 });
      if (rng.chance(0.08)) q.push({ t: "failSubmissions", n: 1 });
      q.push(target.batch(hot));
      if (rng.chance(0.3)) q.push(target.read(hot));
    }
    for (let i = 0; i < batches - 1; i++) q.push(this.#action(hot));
    q.push({ t: "releaseAll", order: rng.chance(0.5) ? "oldestFirst" : "newestFirst" });
    q.push({ t: "autoComplete", on: true });
  }

  #action(hot: readonly number[]): Op | StoreControlOp {
    const rng = this.rng;
    switch (this.pickAction()) {
      case "releaseSpecific":
        return { t: "releaseSpecific", pick: rng.int(64) };
      case "releaseNextOldest":
        return { t: "releaseNext", order: "oldestFirst" };
      case "releaseNextNewest":
        return { t: "releaseNext", order: "newestFirst" };
      case "get":
        return this.target.read(hot);
      case "snapshot":
        return this.target.snapshot();
      case "failCommits":
        // A commit failure armed mid-release hits whichever write is applied next.
        return { t: "failCommits", n: 1 };
    }
  }
}

/** `n` distinct indices of `keyCount` keys, mostly (3 in 4) from one group of `groupSize`. */
export function hotKeysInGroups(rng: Rng, n: number, keyCount: number, groupSize: number): number[] {
  const group = rng.int(keyCount / groupSize);
  const keys = new Set<number>();
  while (keys.size < n) keys.add(rng.chance(0.75) ? group * groupSize + rng.int(groupSize) : rng.int(keyCount));
  return [...keys];
}
