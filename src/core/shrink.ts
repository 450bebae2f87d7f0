/**
 * Shrinking: from a failing run's recorded steps to a short repro that fails the same invariant.
 *
 * Phases, repeated until none makes progress or the run budget is spent:
 *   1. ddmin over steps (an op with the faults decided during it);
 *   2. ddmin over the background fault decisions that remain, so the repro keeps only the faults
 *      the failure needs: the kernel records faults as explicit entries for exactly this;
 *   3. per-op simplification offered by the target (`shrinkOp`: smaller batches, smaller counts);
 *   4. zero think times, when the failure does not depend on them;
 *   5. when 1-4 are stuck on a short repro: move one step earlier, and keep the move only if
 *      ddmin then removes more (a write that had to wait behind a delay or a manual-completion
 *      toggle often needs neither once it comes first).
 * Every candidate is re-run from scratch with its steps replayed verbatim, and kept only if its
 * first violation is the same invariant. A run stops at its first violation, so a kept candidate
 * is also trimmed to the steps that run executed.
 */
import type { FaultDecision } from "./decisions.js";
import { ddmin, type Budget } from "./ddmin.js";
import { InputError } from "./errors.js";
import type { RunOptions } from "./options.js";
import { runSeed, type RunResult } from "./run.js";
import type { RecordedStep, Target } from "./target.js";

export interface ShrinkOptions {
  /** The most re-runs the shrink may spend (default 2000). */
  readonly budget?: number;
  /** The invariant to preserve; the first violation of the original run by default. */
  readonly invariant?: string;
}

export interface ShrinkResult<Op> {
  readonly invariant: string;
  readonly originalSteps: number;
  readonly steps: readonly RecordedStep<Op>[];
  /** Re-runs spent. */
  readonly runs: number;
  /** True when the budget ran out before a fixpoint. */
  readonly exhausted: boolean;
  /** The shrunk run, recorded (for its replay file). */
  readonly result: RunResult<Op>;
}

export const DEFAULT_SHRINK_BUDGET = 2000;

/** Shrink seed `seed`: run it (it must fail), then shrink its recorded steps. */
export async function shrinkSeed<Op>(target: Target<Op>, seed: number, options: RunOptions, shrink: ShrinkOptions = {}): Promise<ShrinkResult<Op>> {
  const original = await runSeed(target, seed, { ...options, keepGoing: false }, { record: true });
  if (original.violations.length === 0) throw new InputError(`seed ${seed} does not fail, nothing to shrink`);
  return shrinkSteps(target, seed, options, original.recorded ?? [], { ...shrink, invariant: shrink.invariant ?? original.violations[0]!.invariant }, original);
}

/** Shrink a recorded step list that fails `shrink.invariant` (or whatever it fails first). */
export async function shrinkSteps<Op>(
  target: Target<Op>,
  seed: number,
  options: RunOptions,
  steps: readonly RecordedStep<Op>[],
  shrink: ShrinkOptions = {},
  /** The run of `steps`, when the caller already has it (saves one re-run). */
  original?: RunResult<Op>,
): Promise<ShrinkResult<Op>> {
  const budget: Budget = { runsLeft: shrink.budget ?? DEFAULT_SHRINK_BUDGET };
  const spent = budget.runsLeft;
  const opts = { ...options, keepGoing: false };
  const first = original ?? (await runSeed(target, seed, opts, { steps }));
  const invariant = shrink.invariant ?? first.violations[0]?.invariant;
  if (invariant === undefined || first.violations[0]?.invariant !== invariant) {
    throw new InputError(`the recorded run does not fail ${invariant ?? "any invariant"}, nothing to shrink`);
  }
  const test = failTest(target, seed, opts, invariant, budget);
  let current = steps.slice(0, first.steps);
  for (let changed = true; changed && budget.runsLeft > 0; ) {
    const before = weight(current);
    current = await ddmin(current, test, budget);
    current = await dropFaults(current, test, budget);
    current = await simplifyOps(target, current, test, budget);
    if (current.some((s) => s.thinkMs !== 0)) current = (await test(current.map((s) => ({ ...s, thinkMs: 0 })))) ?? current;
    if (weight(current) === before) current = await moveEarlier(current, test, budget);
    changed = weight(current) < before;
  }
  const result = await runSeed(target, seed, opts, { steps: current, record: true });
  return { invariant, originalSteps: steps.length, steps: current, runs: spent - budget.runsLeft, exhausted: budget.runsLeft <= 0, result };
}

/** The candidate test: same first violation => the executed prefix of the candidate. */
function failTest<Op>(target: Target<Op>, seed: number, options: RunOptions, invariant: string, budget: Budget) {
  return async (candidate: RecordedStep<Op>[]): Promise<RecordedStep<Op>[] | null> => {
    if (budget.runsLeft <= 0) return null;
    budget.runsLeft--;
    const r = await runSeed(target, seed, options, { steps: candidate });
    return r.violations[0]?.invariant === invariant ? candidate.slice(0, r.steps) : null;
  };
}

type Test<Op> = ReturnType<typeof failTest<Op>>;

/** ddmin over individual fault decisions, each addressed by (step, index). */
async function dropFaults<Op>(steps: RecordedStep<Op>[], test: Test<Op>, budget: Budget): Promise<RecordedStep<Op>[]> {
  const all = steps.flatMap((s, i) => (s.faults ?? []).map((f) => ({ step: i, fault: f })));
  if (all.length === 0) return steps;
  let latest = steps;
  await ddmin(
    all,
    async (subset) => {
      const reduced = await test(withFaults(steps, subset));
      if (reduced === null) return null;
      latest = reduced;
      // The run may have been trimmed: keep only faults of steps it still has.
      return subset.filter((f) => f.step < reduced.length);
    },
    budget,
  );
  // The last candidate that still failed is exactly the minimal fault set ddmin settled on.
  return latest;
}

function withFaults<Op>(steps: readonly RecordedStep<Op>[], faults: readonly { step: number; fault: FaultDecision }[]): RecordedStep<Op>[] {
  const byStep = new Map<number, FaultDecision[]>();
  for (const f of faults) byStep.set(f.step, [...(byStep.get(f.step) ?? []), f.fault]);
  return steps.map((s, i) => {
    const kept = byStep.get(i);
    return kept !== undefined ? { op: s.op, thinkMs: s.thinkMs, faults: kept } : { op: s.op, thinkMs: s.thinkMs };
  });
}

/** Replace each op with the first simpler variant that still fails, until none does. */
async function simplifyOps<Op>(target: Target<Op>, steps: RecordedStep<Op>[], test: Test<Op>, budget: Budget): Promise<RecordedStep<Op>[]> {
  const shrinkOp = target.shrinkOp;
  if (shrinkOp === undefined) return steps;
  let current = steps;
  for (let i = 0; i < current.length && budget.runsLeft > 0; i++) {
    let progress = true;
    while (progress && budget.runsLeft > 0 && i < current.length) {
      progress = false;
      for (const smaller of shrinkOp(current[i]!.op)) {
        const candidate = current.map((s, j) => (j === i ? { ...s, op: smaller } : s));
        const reduced = await test(candidate);
        if (reduced !== null) {
          current = reduced;
          progress = true;
          break;
        }
      }
    }
  }
  return current;
}

/** Longest repro the move pass tries (it costs up to n^2/2 re-runs before ddmin). */
const MOVE_STEPS_MAX = 16;

/** Try moving each step earlier; keep the first move after which ddmin gets strictly shorter. */
async function moveEarlier<Op>(steps: RecordedStep<Op>[], test: Test<Op>, budget: Budget): Promise<RecordedStep<Op>[]> {
  if (steps.length > MOVE_STEPS_MAX) return steps;
  for (let j = 1; j < steps.length; j++) {
    for (let i = 0; i < j && budget.runsLeft > 0; i++) {
      const moved = [...steps.slice(0, i), steps[j]!, ...steps.slice(i, j), ...steps.slice(j + 1)];
      const still = await test(moved);
      if (still === null) continue;
      const reduced = await ddmin(still, test, budget);
      if (reduced.length < steps.length) return reduced;
    }
  }
  return steps;
}

/** A size measure that falls with every accepted change: steps, faults, op JSON, think time. */
function weight<Op>(steps: readonly RecordedStep<Op>[]): number {
  let w = 0;
  for (const s of steps) w += 1_000_000 + (s.faults?.length ?? 0) * 10_000 + JSON.stringify(s.op).length + s.thinkMs;
  return w;
}
