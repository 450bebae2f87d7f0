/**
 * Built-in target throughput in-process (done-ledger and findings-sink): simulated steps per second
 * with every invariant checked on every step (targets have no switch to turn them off), through
 * the public library API.
 * Two shapes per fault level: one long run (seed 1, 200,000 ops), which is the raw step loop, and
 * a sweep of 100 seeds x 500 ops, which also pays per-seed set-up (RNG streams, target creation).
 * A warm-up run lets the JIT settle; then REPS timed repetitions, reported as median (min/max).
 */
import { runSeed, sweep, type FaultLevel, type Target } from "../src/index.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { formatInt, summarize, type Summary } from "./stats.js";

const REPS = 5;
const LONG_SEED = 1;
const LONG_OPS = 200_000;
const SWEEP_SEEDS = 100;
const SWEEP_OPS = 500;

export interface ThroughputResult {
  readonly name: string;
  /** Steps executed per timed repetition (identical across repetitions: runs are deterministic). */
  readonly steps: number;
  readonly stepsPerSec: Summary;
}

function builtin(name: string): Target<unknown> {
  const target = BUILTIN_TARGETS.get(name);
  if (target === undefined) throw new Error(`built-in target '${name}' not found`);
  return target;
}

/** Warm up once, then time `REPS` calls of `once`, which returns the steps it executed. */
async function measure(name: string, expectedSteps: number, once: () => Promise<number>): Promise<ThroughputResult> {
  await once();
  const rates: number[] = [];
  let steps = 0;
  for (let i = 0; i < REPS; i++) {
    const started = performance.now();
    steps = await once();
    const seconds = (performance.now() - started) / 1000;
    rates.push(steps / seconds);
  }
  // A violation stops a seed early; the rate is still steps/s, but say so rather than hide it.
  if (steps !== expectedSteps) console.warn(`warning: ${name}: ${steps} of ${expectedSteps} steps ran (a seed stopped at a violation)`);
  return { name, steps, stepsPerSec: summarize(rates) };
}

export async function benchTarget(name: string, levels: readonly FaultLevel[] = ["sunny", "stormy"]): Promise<ThroughputResult[]> {
  const target = builtin(name);
  const results: ThroughputResult[] = [];
  for (const faultLevel of levels) {
    results.push(
      await measure(`${name} long run ${faultLevel} (seed ${LONG_SEED}, ${formatInt(LONG_OPS)} ops)`, LONG_OPS, async () => {
        const result = await runSeed(target, LONG_SEED, { ops: LONG_OPS, faultLevel });
        return result.steps;
      }),
    );
    results.push(
      await measure(`${name} sweep ${faultLevel} (${SWEEP_SEEDS} seeds x ${SWEEP_OPS} ops)`, SWEEP_SEEDS * SWEEP_OPS, async () => {
        const report = await sweep(target, { base: 0, count: SWEEP_SEEDS }, { ops: SWEEP_OPS, faultLevel });
        return report.totalSteps;
      }),
    );
  }
  return results;
}
