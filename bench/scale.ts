/**
 * Per-step cost against run length (issue 19): in-process done-ledger sweeps at stormy, every
 * point the same SCALE_STEPS total steps, from many short seeds (800 x 500 ops) to few long ones
 * (50 x 8,000). The points run interleaved (A B C D E A B C D E ...) after one warm-up each,
 * SCALE_ROUNDS rounds, each timed in CPU time; ns per step is CPU ns / steps. The goal: the
 * largest median ns/step at most 1.25x the smallest, i.e. a step does not get dearer as a run
 * grows (no per-run state that every step pays for in proportion to the run's length).
 */
import { sweep } from "../src/index.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { timedAsync } from "./cpu-wall.js";
import { interleave } from "./interleave.js";
import { summarize, type Summary } from "./stats.js";

export const SCALE_ROUNDS = 5;
export const SCALE_STEPS = 400_000;
const OPS_PER_SEED = [500, 1000, 2000, 4000, 8000] as const;

export interface ScalePoint {
  readonly seeds: number;
  readonly ops: number;
  readonly steps: number;
  /** CPU ns per step over the rounds. */
  readonly nsPerStep: Summary;
}

export interface ScaleResult {
  readonly points: readonly ScalePoint[];
  /** Largest median ns/step over the smallest: what the goal is judged on. */
  readonly spread: number;
}

export async function sweepScaling(): Promise<ScaleResult> {
  const target = BUILTIN_TARGETS.get("done-ledger")!;
  const shapes = OPS_PER_SEED.map((ops) => ({ ops, seeds: SCALE_STEPS / ops }));
  const runs = await interleave(
    shapes.map(({ ops, seeds }) => () => timedAsync(async () => (await sweep(target, { base: 0, count: seeds }, { ops, faultLevel: "stormy" })).totalSteps)),
    SCALE_ROUNDS,
  );
  const points = shapes.map(({ ops, seeds }, k): ScalePoint => {
    const mine = runs[k]!;
    const steps = mine[0]!.result;
    if (steps !== SCALE_STEPS) console.warn(`warning: sweep ${seeds} x ${ops}: ${steps} of ${SCALE_STEPS} steps ran (a seed stopped at a violation)`);
    return { seeds, ops, steps, nsPerStep: summarize(mine.map((r) => (r.cpuMs * 1e6) / r.result)) };
  });
  const medians = points.map((p) => p.nsPerStep.median);
  return { points, spread: Math.max(...medians) / Math.min(...medians) };
}
