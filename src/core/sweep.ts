/**
 * Many seeds: run a seed range, account for every seed, sum the histograms.
 *
 * The API takes a range (base, count), optionally a shard of it, and results may arrive in any
 * order (a worker pool feeds the same accumulator), so a sweep on one thread, on N workers or in
 * N shards merged later produces the same report.
 */
import { InputError } from "./errors.js";
import { resolveOptions, type ResolvedOptions, type RunOptions } from "./options.js";
import { SEED_MAX, isValidSeed } from "./rng.js";
import { runSeed, type RunResult } from "./run.js";
import { reachableKinds, type Target } from "./target.js";

/** Seeds `base .. base+count-1`. */
export interface SeedRange {
  readonly base: number;
  readonly count: number;
}

/** Shard `index` (1-based) of `count` equal contiguous parts of a range. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * passed: no violation, every check decided. failed: an invariant or an exception of the system
 * under test. inconclusive: no violation, but a checker ran out of budget (never a failure).
 * errored: the run could not finish (a hang or a crash of its worker). not-run: never started
 * (an interrupted sweep).
 */
export type SeedStatus = "passed" | "failed" | "inconclusive" | "errored" | "not-run";

/** Violations that mean the harness could not finish the run, rather than a broken invariant. */
export const ERRORED_INVARIANTS: ReadonlySet<string> = new Set(["hang", "crash"]);

/**
 * The verdict of one finished run: errored or failed by its first violation if it has any; else
 * inconclusive if a check ran out of budget; else passed.
 */
export function seedStatus(result: Pick<RunResult, "violations" | "inconclusive">): Exclude<SeedStatus, "not-run"> {
  const first = result.violations[0];
  if (first !== undefined) return ERRORED_INVARIANTS.has(first.invariant) ? "errored" : "failed";
  return result.inconclusive.length > 0 ? "inconclusive" : "passed";
}

/** What a sweep keeps of each seed. */
export interface SeedOutcome {
  readonly seed: number;
  readonly status: SeedStatus;
  readonly steps: number;
  readonly traceHash: string;
}

export interface SweepReport {
  readonly target: string;
  readonly options: ResolvedOptions;
  /** The whole range asked for (a shard covers only part of it). */
  readonly range: SeedRange;
  readonly shard?: Shard;
  readonly passed: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly errored: number;
  readonly notRun: number;
  readonly totalSteps: number;
  /** Every seed this report covers, in seed order, each exactly once. */
  readonly seeds: readonly SeedOutcome[];
  /** Summed counts per event kind, in the target's declaration order. */
  readonly histogram: Readonly<Record<string, number>>;
  /** Declared event kinds no seed reached. */
  readonly unreached: readonly string[];
  /** The ids of the invariants the target checks, in its declaration order. */
  readonly invariants: readonly string[];
  /** Full results of the failed, errored and inconclusive seeds, in seed order. */
  readonly failures: readonly RunResult[];
}

/** Check a range: non-empty, every seed a valid seed. */
export function validateRange(range: SeedRange): void {
  if (!Number.isSafeInteger(range.count) || range.count < 1) throw new InputError(`--seeds must be a positive integer, got ${range.count}`);
  // Compare as a difference: base + count - 1 can round back into range near 2^53.
  if (!isValidSeed(range.base) || range.count - 1 > SEED_MAX - range.base) {
    throw new InputError(`seed range ${range.base}..${range.base + (range.count - 1)} leaves 0..2^53-1`);
  }
}

/** The seeds of one shard: contiguous, the same split on every machine. */
export function shardRange(range: SeedRange, shard: Shard): SeedRange {
  if (!Number.isSafeInteger(shard.count) || shard.count < 1 || !Number.isSafeInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new InputError(`--shard must be i/n with 1 <= i <= n, got ${shard.index}/${shard.count}`);
  }
  const start = Math.floor(((shard.index - 1) * range.count) / shard.count);
  const end = Math.floor((shard.index * range.count) / shard.count);
  return { base: range.base + start, count: end - start };
}

/** Run every seed of `range` (or of its shard) in order, in this thread. */
export async function sweep<Op>(target: Target<Op>, range: SeedRange, options: RunOptions, shard?: Shard): Promise<SweepReport> {
  validateRange(range);
  const resolved = resolveOptions(target as Target<unknown>, options);
  const part = shard !== undefined ? shardRange(range, shard) : range;
  const acc = new SweepAccumulator(target as Target<unknown>, resolved, range, shard);
  for (let i = 0; i < part.count; i++) acc.add((await runSeed(target, part.base + i, resolved)) as RunResult);
  return acc.report();
}

/** Folds per-seed results into a report. Results may arrive in any order; the report is sorted. */
export class SweepAccumulator {
  readonly #outcomes: SeedOutcome[] = [];
  readonly #failures: RunResult[] = [];
  readonly #counts = new Map<string, number>();
  readonly #reachable: readonly string[];
  #steps = 0;

  constructor(
    readonly target: Target<unknown>,
    readonly options: ResolvedOptions,
    readonly range: SeedRange,
    readonly shard?: Shard,
  ) {
    this.#reachable = reachableKinds(target, options.workload);
    for (const kind of this.#reachable) this.#counts.set(kind, 0);
  }

  add(result: RunResult): void {
    const status = seedStatus(result);
    this.#outcomes.push({ seed: result.seed, status, steps: result.steps, traceHash: result.traceHash });
    if (status !== "passed") this.#failures.push(result);
    this.#steps += result.steps;
    const histogram = result.histogram;
    for (const kind in histogram) this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + histogram[kind]!);
  }

  /** Account for a seed that never ran (an interrupted sweep). */
  notRun(seed: number): void {
    this.#outcomes.push({ seed, status: "not-run", steps: 0, traceHash: "" });
  }

  /** Seeds accounted for so far. */
  get size(): number {
    return this.#outcomes.length;
  }

  report(): SweepReport {
    const bySeed = (a: { seed: number }, b: { seed: number }): number => a.seed - b.seed;
    const seeds = [...this.#outcomes].sort(bySeed);
    const count = (s: SeedStatus): number => seeds.filter((o) => o.status === s).length;
    return {
      target: this.target.name,
      options: this.options,
      range: this.range,
      ...(this.shard !== undefined ? { shard: this.shard } : {}),
      passed: count("passed"),
      failed: count("failed"),
      inconclusive: count("inconclusive"),
      errored: count("errored"),
      notRun: count("not-run"),
      totalSteps: this.#steps,
      seeds,
      histogram: Object.fromEntries(this.#counts),
      unreached: this.#reachable.filter((k) => (this.#counts.get(k) ?? 0) === 0),
      invariants: Object.keys(this.target.invariants),
      failures: [...this.#failures].sort(bySeed),
    };
  }
}
