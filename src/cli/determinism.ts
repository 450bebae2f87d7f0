/**
 * `sweep --check-determinism [PERCENT]`: the harness checking its own promise (FoundationDB
 * re-runs a share of its tests; madsim has MADSIM_TEST_CHECK_DETERMINISM). A share of the swept
 * seeds is run twice more, away from the worker that ran it in the sweep: once recording per-step
 * checkpoints (state hash and op digest), once comparing against them. A seed whose trace hash,
 * verdict or any checkpoint differs between the three runs is nondeterministic, reported with
 * the first step that differs. A target whose `nextOp` calls Math.random differs at step 0 in its
 * op digest even when its trace hash does not.
 */
import { InputError } from "../core/errors.js";
import type { ResolvedOptions } from "../core/options.js";
import type { RunResult } from "../core/run.js";
import { seedStatus, type SeedOutcome } from "../core/sweep.js";
import type { Target } from "../core/target.js";
import { runTarget } from "./isolate/run-target.js";

/** One seed that did not repeat itself. */
export interface Nondeterminism {
  readonly seed: number;
  /** The first step known to differ, or null when only the end (hash, verdict) differs. */
  readonly step: number | null;
  /** What differed, in one line. */
  readonly what: string;
}

export interface DeterminismCheck {
  readonly percent: number;
  readonly checked: readonly number[];
  readonly nondeterministic: readonly Nondeterminism[];
}

/** Parse the flag's optional value: a percentage in (0, 100]; `true` (no value) means 10. */
export function parseDeterminismPercent(value: string | boolean | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return DEFAULT_PERCENT;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0 && n <= 100)) throw new InputError(`--check-determinism takes a percentage above 0 and at most 100, got '${value}'`);
  return n;
}

const DEFAULT_PERCENT = 10;

/** `percent` of `seeds`, spread evenly over them (the same choice on every machine), at least one. */
export function determinismSample(seeds: readonly number[], percent: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < seeds.length; i++) if (Math.floor(((i + 1) * percent) / 100) > Math.floor((i * percent) / 100)) out.push(seeds[i]!);
  if (out.length === 0 && seeds.length > 0) out.push(seeds[0]!);
  return out;
}

/**
 * Re-run each sampled seed twice (in the target's own session worker for a user's target, away
 * from the pool's workers) and compare with what the sweep saw. Seeds the sweep lost (hang,
 * crash) or never ran are skipped: a lost run has no complete trace to compare.
 */
export async function checkDeterminism(target: Target<unknown>, options: ResolvedOptions, sample: readonly number[], percent: number, swept: ReadonlyMap<number, SeedOutcome>): Promise<DeterminismCheck> {
  const checked: number[] = [];
  const nondeterministic: Nondeterminism[] = [];
  for (const seed of sample) {
    const first = swept.get(seed);
    if (first === undefined || first.status === "errored" || first.status === "not-run") continue;
    checked.push(seed);
    const found = await compareSeed(target, options, seed, first);
    if (found !== undefined) nondeterministic.push(found);
  }
  return { percent, checked, nondeterministic };
}

async function compareSeed(target: Target<unknown>, options: ResolvedOptions, seed: number, swept: SeedOutcome): Promise<Nondeterminism | undefined> {
  const recorded = (await runTarget(target, seed, options, { record: true })).result;
  const again = (await runTarget(target, seed, options, { expectCheckpoints: recorded.checkpoints })).result;
  const reruns = [recorded, again];
  if (reruns.some((r) => seedStatus(r) === "errored")) {
    return { seed, step: null, what: `a re-run was lost (${reruns.map((r) => r.violations[0]?.invariant ?? "passed").join(", ")}) where the sweep's run finished` };
  }
  const d = again.divergence;
  if (d !== undefined) {
    const what = d.recorded.op !== d.replayed.op ? `the op differs (digest ${d.recorded.op} vs ${d.replayed.op})` : `the state after it differs (${d.recorded.state} vs ${d.replayed.state})`;
    return { seed, step: d.step, what: `${what} between two runs of the same seed; op: ${d.opText}` };
  }
  const hashes = [swept.traceHash, ...reruns.map((r) => r.traceHash)];
  if (new Set(hashes).size > 1) return { seed, step: null, what: `trace hash differs: ${hashes.join(" (sweep) vs ")}` };
  const statuses = [swept.status, ...reruns.map((r) => seedStatus(r))];
  const verdicts = reruns.map(verdictOf);
  if (new Set(statuses).size > 1 || verdicts[0] !== verdicts[1]) return { seed, step: null, what: `verdict differs: ${swept.status} (sweep) vs ${verdicts.join(" vs ")}` };
  const steps = [swept.steps, ...reruns.map((r) => r.steps)];
  if (new Set(steps).size > 1) return { seed, step: Math.min(...steps), what: `the runs stopped after ${steps.join(" vs ")} steps` };
  return undefined;
}

function verdictOf(r: RunResult): string {
  const first = r.violations[0] ?? r.inconclusive[0];
  return first === undefined ? "passed" : `${seedStatus(r)} ${first.invariant} at step #${first.step}`;
}
