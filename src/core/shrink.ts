/**
 * Shrinking: from a failing run's recorded steps to a short repro that fails the same invariant.
 *
 * Phases, repeated until none makes progress or the run budget is spent:
 *   1. ddmin over steps (an op with the faults it caused). Deleting a step keeps simulated time:
 *      its think time is added to the step before it, so every op that stays runs at the time it
 *      ran before. Filler steps that only let time pass (a retry after a 50 ms timeout) can then
 *      be deleted, and phase 4 shortens the wait they leave behind;
 *   2. ddmin over the background fault decisions that remain, so the repro keeps only the faults
 *      the failure needs: the kernel records faults as explicit entries for exactly this;
 *   3. per-op simplification offered by the target (`shrinkOp`: smaller batches, smaller counts);
 *   4. shorter think times: all zero when the failure does not depend on them, else each step's
 *      lowered to the smallest that still fails (a binary search per step);
 *   5. when 1-4 are stuck on a short repro: move one step earlier, and keep the move only if
 *      ddmin then removes more (a write that had to wait behind a delay or a manual-completion
 *      toggle often needs neither once it comes first).
 * Every candidate is re-run from scratch with its steps replayed verbatim, and kept only if its
 * first violation is the same invariant. A run stops at its first violation, so a kept candidate
 * is also trimmed to the steps that run executed.
 *
 * How a candidate runs is a {@link ShrinkRunner}: in this thread ({@link inProcessRunner}), or in
 * a watched worker thread for a user's target (the CLI's), where a candidate that loops or kills
 * its thread comes back as a `hang` or `crash` run. Such a candidate does not fail the same
 * invariant, so it is not kept; after {@link LOST_CANDIDATES_MAX} of them the shrink stops with
 * what it has, and the repro says so.
 */
import { brief, errorText, jsonOf, TARGET_ERROR } from "./boundary.js";
import type { FaultDecision } from "./decisions.js";
import { ddmin, type Budget } from "./ddmin.js";
import { InputError } from "./errors.js";
import type { RunOptions } from "./options.js";
import { runSeed, type RunResult } from "./run.js";
import type { RecordedStep, Target, Violation } from "./target.js";

/** How a shrink runs the candidates of one seed. */
export interface ShrinkRunner<Op> {
  /**
   * Run the seed from scratch, stopping at its first violation: `steps` replayed verbatim, or
   * generated when undefined; `record` keeps the executed steps in the result.
   */
  run(steps: readonly RecordedStep<Op>[] | undefined, record: boolean): Promise<RunResult<Op>>;
  /**
   * The target's simpler variants of `op` (its `shrinkOp`), simplest first; undefined when the
   * target offers none. Throws when the target's answer is unusable (it threw, or it returned
   * something that is not an array): the shrink then reports a target-error and stops
   * simplifying ops.
   */
  readonly simplify?: ((op: Op) => readonly Op[] | Promise<readonly Op[]>) | undefined;
}

/** Candidates lost to a hang or crash before the shrink gives up (each may cost a watchdog timeout). */
export const LOST_CANDIDATES_MAX = 3;

/** Invariants of runs that could not finish (see sweep.ts ERRORED_INVARIANTS). */
const LOST = new Set(["hang", "crash"]);

/** Candidates run in this thread with {@link runSeed}; `shrinkOp`'s answers are checked. */
export function inProcessRunner<Op>(target: Target<Op>, seed: number, options: RunOptions): ShrinkRunner<Op> {
  const opts = { ...options, keepGoing: false };
  const shrinkOp = target.shrinkOp;
  return {
    run: (steps, record) => runSeed(target, seed, opts, { steps, record }),
    simplify: shrinkOp === undefined ? undefined : (op) => checkedVariants(shrinkOp(op), op),
  };
}

/** A `shrinkOp` answer, checked: an array, or an error naming what came back instead. */
export function checkedVariants<Op>(answer: unknown, op: Op): readonly Op[] {
  if (Array.isArray(answer)) return answer as Op[];
  throw new Error(`shrinkOp(${brief(op, 40)}) returned ${brief(answer)}: it must return an array of simpler ops`);
}

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
  return shrinkSeedWith(inProcessRunner(target, seed, options), seed, shrink);
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
  return shrinkStepsWith(inProcessRunner(target, seed, options), steps, shrink, original);
}

/** {@link shrinkSeed} with candidates run by `runner`. */
export async function shrinkSeedWith<Op>(runner: ShrinkRunner<Op>, seed: number, shrink: ShrinkOptions = {}): Promise<ShrinkResult<Op>> {
  const original = await runner.run(undefined, true);
  const first = original.violations[0];
  if (first === undefined) throw new InputError(`seed ${seed} does not fail, nothing to shrink`);
  return shrinkStepsWith(runner, original.recorded ?? [], { ...shrink, invariant: shrink.invariant ?? first.invariant }, original);
}

/** {@link shrinkSteps} with candidates run by `runner`. */
export async function shrinkStepsWith<Op>(
  runner: ShrinkRunner<Op>,
  steps: readonly RecordedStep<Op>[],
  shrink: ShrinkOptions = {},
  original?: RunResult<Op>,
): Promise<ShrinkResult<Op>> {
  const budget: Budget = { runsLeft: shrink.budget ?? DEFAULT_SHRINK_BUDGET };
  const first = original ?? (await runner.run(steps, false));
  const invariant = shrink.invariant ?? first.violations[0]?.invariant;
  if (invariant === undefined || first.violations[0]?.invariant !== invariant) {
    throw new InputError(`the recorded run does not fail ${invariant ?? "any invariant"}, nothing to shrink`);
  }
  if (LOST.has(invariant)) {
    // A hang or crash leaves no recorded run to shrink: the repro is the run itself.
    return { invariant, originalSteps: steps.length, steps: steps.slice(0, first.steps), runs: 0, exhausted: false, result: first };
  }
  const notes: Violation[] = [];
  const stats = { runs: 0, stopped: false };
  const test = failTest(runner, invariant, budget, notes, stats);
  let current = steps.slice(0, first.steps);
  for (let changed = true; changed && budget.runsLeft > 0; ) {
    const before = weight(current);
    current = await dropSteps(current, test, budget);
    current = await dropFaults(current, test, budget);
    current = await simplifyOps(runner, current, test, budget, notes);
    current = await shortenThinkTimes(current, test, budget);
    if (weight(current) === before) current = await moveEarlier(current, test, budget);
    changed = weight(current) < before;
  }
  const run = await runner.run(current, true);
  // What went wrong while shrinking is reported with the repro, after its real violations.
  const result = notes.length > 0 ? { ...run, violations: [...run.violations, ...notes.map((n) => ({ ...n, step: current.length, timeMs: run.timeMs, seed: run.seed, target: run.target }))] } : run;
  return { invariant, originalSteps: steps.length, steps: current, runs: stats.runs, exhausted: budget.runsLeft <= 0 && !stats.stopped, result };
}

/**
 * The candidate test: same first violation => the executed prefix of the candidate. A candidate
 * whose run was lost (hang, crash) is not kept; after LOST_CANDIDATES_MAX of them the budget is
 * spent, and a note says why.
 */
function failTest<Op>(runner: ShrinkRunner<Op>, invariant: string, budget: Budget, notes: Violation[], stats: { runs: number; stopped: boolean }) {
  let lost = 0;
  return async (candidate: RecordedStep<Op>[]): Promise<RecordedStep<Op>[] | null> => {
    if (budget.runsLeft <= 0) return null;
    budget.runsLeft--;
    stats.runs++;
    const r = await runner.run(candidate, false);
    const first = r.violations[0];
    if (first?.invariant === invariant) return candidate.slice(0, r.steps);
    if (first !== undefined && LOST.has(first.invariant) && ++lost >= LOST_CANDIDATES_MAX) {
      budget.runsLeft = 0;
      stats.stopped = true;
      notes.push({ ...first, message: `the shrink stopped early: ${lost} candidates could not finish (a hang or crash), the repro may shrink further; the last (${candidate.length} step${candidate.length === 1 ? "" : "s"}): ${first.message}` });
    }
    return null;
  };
}

type Test<Op> = ReturnType<typeof failTest<Op>>;

/**
 * ddmin over steps, keeping time: a candidate is a subsequence of `steps` in which each kept step
 * also waits the think time of the deleted steps after it (up to the next kept one), so the ops
 * that stay run at the simulated times they ran at before.
 */
async function dropSteps<Op>(steps: RecordedStep<Op>[], test: Test<Op>, budget: Budget): Promise<RecordedStep<Op>[]> {
  const indices = steps.map((_, i) => i);
  const build = (kept: readonly number[]): RecordedStep<Op>[] =>
    kept.map((i, k) => {
      const end = k + 1 < kept.length ? kept[k + 1]! : steps.length;
      let thinkMs = 0;
      for (let j = i; j < end; j++) thinkMs += steps[j]!.thinkMs;
      const s = steps[i]!;
      return thinkMs === s.thinkMs ? s : { ...s, thinkMs };
    });
  let latest: RecordedStep<Op>[] | undefined;
  await ddmin(
    indices,
    async (subset) => {
      const reduced = await test(build(subset));
      if (reduced === null) return null;
      latest = reduced;
      // A run that stopped early kept a prefix of the candidate.
      return subset.slice(0, reduced.length);
    },
    budget,
  );
  // The last candidate that still failed is the subset ddmin settled on, as that run executed it.
  return latest ?? steps;
}

/** Think times as short as the failure allows: all zero, else each step's lowered by binary search. */
async function shortenThinkTimes<Op>(steps: RecordedStep<Op>[], test: Test<Op>, budget: Budget): Promise<RecordedStep<Op>[]> {
  if (steps.every((s) => s.thinkMs === 0)) return steps;
  const zero = await test(steps.map((s) => (s.thinkMs === 0 ? s : { ...s, thinkMs: 0 })));
  if (zero !== null) return zero;
  let current = steps;
  for (let i = 0; i < current.length && budget.runsLeft > 0; i++) {
    // Invariant: thinkMs `hi` fails; below `lo` is untried or passes.
    let lo = 0;
    let hi = current[i]!.thinkMs;
    while (lo < hi && budget.runsLeft > 0) {
      const mid = Math.floor((lo + hi) / 2);
      const candidate = current.map((s, j) => (j === i ? { ...s, thinkMs: mid } : s));
      const reduced = await test(candidate);
      if (reduced !== null) {
        current = reduced;
        hi = mid;
        if (i >= current.length) break;
      } else lo = mid + 1;
    }
  }
  return current;
}

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

/**
 * Replace each op with the first simpler variant that still fails, until none does. A shrinkOp
 * that throws or answers garbage ends this phase for good, with a target-error note.
 */
async function simplifyOps<Op>(runner: ShrinkRunner<Op>, steps: RecordedStep<Op>[], test: Test<Op>, budget: Budget, notes: Violation[]): Promise<RecordedStep<Op>[]> {
  const simplify = runner.simplify;
  if (simplify === undefined || notes.some((n) => n.invariant === TARGET_ERROR)) return steps;
  let current = steps;
  for (let i = 0; i < current.length && budget.runsLeft > 0; i++) {
    let progress = true;
    while (progress && budget.runsLeft > 0 && i < current.length) {
      progress = false;
      let variants: readonly Op[];
      try {
        variants = await simplify(current[i]!.op);
      } catch (err) {
        const message = err instanceof Error && err.message.startsWith("shrinkOp(") ? err.message : `shrinkOp(${brief(current[i]!.op, 40)}) threw ${errorText(err)}`;
        notes.push({ invariant: TARGET_ERROR, message: `${message}; ops were not simplified`, step: 0, timeMs: 0, seed: 0, target: "" });
        return current;
      }
      for (const smaller of variants) {
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
  for (const s of steps) w += 1_000_000 + (s.faults?.length ?? 0) * 10_000 + jsonOf(s.op).length + s.thinkMs;
  return w;
}
