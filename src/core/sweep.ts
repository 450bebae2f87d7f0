/**
 * Many seeds: run a seed range, account for every seed, sum the histograms.
 *
 * The API takes a range (base, count) and an optional per-seed callback, so a worker pool or a
 * shard runs the same code on a sub-range and the reports combine by seed.
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

/** What a sweep keeps of each seed. */
export interface SeedOutcome {
  readonly seed: number;
  readonly status: "passed" | "failed";
  readonly steps: number;
  readonly traceHash: string;
}

export interface SweepReport {
  readonly target: string;
  readonly options: ResolvedOptions;
  readonly range: SeedRange;
  readonly passed: number;
  readonly failed: number;
  readonly totalSteps: number;
  /** Every seed of the range, in seed order. */
  readonly seeds: readonly SeedOutcome[];
  /** Summed counts per event kind, in the target's declaration order. */
  readonly histogram: Readonly<Record<string, number>>;
  /** Declared event kinds no seed reached. */
  readonly unreached: readonly string[];
  /** Full results of the failing seeds, in seed order. */
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

/** Run every seed of `range` in order. `onSeed` sees each result as it completes. */
export async function sweep<Op>(
  target: Target<Op>,
  range: SeedRange,
  options: RunOptions,
  onSeed?: (result: RunResult<Op>) => void,
): Promise<SweepReport> {
  validateRange(range);
  const resolved = resolveOptions(target as Target<unknown>, options);
  const acc = new SweepAccumulator(target as Target<unknown>, resolved, range);
  for (let i = 0; i < range.count; i++) {
    const result = await runSeed(target, range.base + i, resolved);
    acc.add(result as RunResult);
    onSeed?.(result);
  }
  return acc.report();
}

/** Folds per-seed results into a report. Results may arrive in any order; the report is sorted. */
export class SweepAccumulator {
  readonly #outcomes: SeedOutcome[] = [];
  readonly #failures: RunResult[] = [];
  readonly #counts = new Map<string, number>();
  #steps = 0;
  readonly #reachable: readonly string[];

  constructor(
    readonly target: Target<unknown>,
    readonly options: ResolvedOptions,
    readonly range: SeedRange,
  ) {
    this.#reachable = reachableKinds(target, options.workload);
    for (const kind of this.#reachable) this.#counts.set(kind, 0);
  }

  add(result: RunResult): void {
    const failed = result.violations.length > 0;
    this.#outcomes.push({ seed: result.seed, status: failed ? "failed" : "passed", steps: result.steps, traceHash: result.traceHash });
    if (failed) this.#failures.push(result);
    this.#steps += result.steps;
    for (const [kind, n] of Object.entries(result.histogram)) this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + n);
  }

  report(): SweepReport {
    const bySeed = (a: { seed: number }, b: { seed: number }): number => a.seed - b.seed;
    const seeds = [...this.#outcomes].sort(bySeed);
    const failed = seeds.filter((s) => s.status === "failed").length;
    return {
      target: this.target.name,
      options: this.options,
      range: this.range,
      passed: seeds.length - failed,
      failed,
      totalSteps: this.#steps,
      seeds,
      histogram: Object.fromEntries(this.#counts),
      unreached: this.#reachable.filter((k) => (this.#counts.get(k) ?? 0) === 0),
      failures: [...this.#failures].sort(bySeed),
    };
  }
}
