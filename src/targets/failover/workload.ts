/**
 * The workloads. `default`: client writes to a few keys with now and then the failure of the
 * primary (one op in 30), under the run's background faults, for sweeps that hunt bugs.
 * `certify`: client writes and exactly one failure, early enough that the takeover and recovery
 * are measured while the writes go on: one observation per run.
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";
import type { FailureMode } from "./certification-types.js";
import { KEYS } from "./model.js";
import { FAILURE_MODES, type FailoverOp } from "./ops.js";

export const WORKLOADS = {
  default: "client writes with now and then a failure of the primary (crash, pause or partition from the store), backend and pressure drawn per seed",
  certify: "client writes and one failure of the primary at step 15-30: one takeover measured per run (what simctl certify runs)",
} as const;

export type FailoverWorkloadName = keyof typeof WORKLOADS;

const DEFAULT_WEIGHTS = { write: 30, fail: 1 } as const;

/** Failure lengths: long enough that the lease runs out (at most 1.5 s) and a standby takes over. */
const FAIL_MS: Record<FailureMode, readonly [number, number]> = {
  crash: [1000, 5000],
  pause: [2000, 6000],
  partition: [2000, 6000],
};

export class FailoverWorkload {
  readonly #choice: WeightedChoice<keyof typeof DEFAULT_WEIGHTS> | undefined;
  readonly #failAt: number;
  #step = 0;
  #id = 0;

  constructor(
    readonly name: string,
    readonly rng: Rng,
    weights: (defaults: Weights<keyof typeof DEFAULT_WEIGHTS>) => Weights<keyof typeof DEFAULT_WEIGHTS>,
  ) {
    this.#choice = name === "certify" ? undefined : new WeightedChoice(weights(DEFAULT_WEIGHTS));
    this.#failAt = name === "certify" ? rng.range(15, 30) : -1;
  }

  next(): FailoverOp {
    const step = this.#step++;
    const kind = this.#choice === undefined ? (step === this.#failAt ? "fail" : "write") : this.#choice.pick(this.rng);
    if (kind === "write") return { t: "write", k: this.rng.int(KEYS.length), id: ++this.#id };
    const mode = this.rng.pick(FAILURE_MODES);
    const [lo, hi] = FAIL_MS[mode];
    return { t: "fail", mode, ms: this.rng.range(lo, hi) };
  }
}
