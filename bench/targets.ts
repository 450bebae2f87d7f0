/**
 * Built-in target throughput in-process (done-ledger and findings-sink): simulated steps per second
 * with every invariant checked on every step (targets have no switch to turn them off), through
 * the public library API.
 * Two shapes per fault level: one long run (seed 1, 200,000 ops), which is the raw step loop, and
 * a sweep of 100 seeds x 500 ops, which also pays per-seed set-up (RNG streams, target creation).
 * A warm-up run of each shape lets the JIT settle; then REPS rounds with the shapes interleaved,
 * each run timed in CPU time (the goal's measure: steady on a shared machine) and wall, reported
 * as median (min .. max).
 */
import { runSeed, sweep, type FaultLevel, type Target } from "../src/index.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { timedAsync } from "./cpu-wall.js";
import { interleave } from "./interleave.js";
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
  /** Steps per CPU-second (process.cpuUsage): what a goal is judged on. */
  readonly stepsPerSec: Summary;
  /** Steps per wall-clock second, beside it. */
  readonly wallStepsPerSec: Summary;
}

function builtin(name: string): Target<unknown> {
  const target = BUILTIN_TARGETS.get(name);
  if (target === undefined) throw new Error(`built-in target '${name}' not found`);
  return target;
}

interface Shape {
  readonly name: string;
  readonly expectedSteps: number;
  readonly once: () => Promise<number>;
}

/**
 * Every shape once as a warm-up, then REPS rounds in which each shape runs once, in turn (A B C D
 * A B C D ...), so that a slow stretch of a shared machine lands on every shape alike; CPU time and
 * wall of each run.
 */
async function measureInterleaved(shapes: readonly Shape[]): Promise<ThroughputResult[]> {
  const runs = await interleave(
    shapes.map((shape) => () => timedAsync(shape.once)),
    REPS,
  );
  return shapes.map((shape, k) => {
    const mine = runs[k]!;
    const steps = mine[0]!.result;
    // A violation stops a seed early; the rate is still steps/s, but say so rather than hide it.
    if (steps !== shape.expectedSteps) console.warn(`warning: ${shape.name}: ${steps} of ${shape.expectedSteps} steps ran (a seed stopped at a violation)`);
    return {
      name: shape.name,
      steps,
      stepsPerSec: summarize(mine.map((r) => r.result / (r.cpuMs / 1000))),
      wallStepsPerSec: summarize(mine.map((r) => r.result / (r.wallMs / 1000))),
    };
  });
}

function longShape(target: Target<unknown>, faultLevel: FaultLevel): Shape {
  return {
    name: `${target.name} long run ${faultLevel} (seed ${LONG_SEED}, ${formatInt(LONG_OPS)} ops)`,
    expectedSteps: LONG_OPS,
    once: async () => (await runSeed(target, LONG_SEED, { ops: LONG_OPS, faultLevel })).steps,
  };
}

function sweepShape(target: Target<unknown>, faultLevel: FaultLevel): Shape {
  return {
    name: `${target.name} sweep ${faultLevel} (${SWEEP_SEEDS} seeds x ${SWEEP_OPS} ops)`,
    expectedSteps: SWEEP_SEEDS * SWEEP_OPS,
    once: async () => (await sweep(target, { base: 0, count: SWEEP_SEEDS }, { ops: SWEEP_OPS, faultLevel })).totalSteps,
  };
}

/**
 * `longRun: false` keeps only the sweep shape, for a target whose runs are not meant to be long
 * (raft-storage's 200,000-op run takes most of a minute).
 */
export async function benchTarget(name: string, levels: readonly FaultLevel[] = ["sunny", "stormy"], longRun = true): Promise<ThroughputResult[]> {
  const target = builtin(name);
  const shapes = levels.flatMap((level) => (longRun ? [longShape(target, level), sweepShape(target, level)] : [sweepShape(target, level)]));
  return measureInterleaved(shapes);
}
