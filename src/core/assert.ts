/**
 * `assertTarget`: a sweep as one assertion in a user's vitest or jest test, the way `fc.assert`
 * is for fast-check properties. It sweeps the seeds in this thread and, on the first failing
 * seed, shrinks it and throws an Error that holds the seed, the violation, the shrunk repro (one
 * line per step, with its think time) and the command that replays it.
 */
import { DEFAULT_FAULT_LEVEL, DEFAULT_OPS, resolveOptions, type RunOptions } from "./options.js";
import { DEFAULT_SHRINK_BUDGET, shrinkSeed } from "./shrink.js";
import { sweep } from "./sweep.js";
import type { Target } from "./target.js";

/** Run options (default: 500 ops at fault level `stormy`) plus the sweep's. */
export interface AssertTargetOptions extends Partial<RunOptions> {
  /** How many seeds (default 100), from `seedBase` (default 0). */
  readonly seeds?: number;
  readonly seedBase?: number;
  /** Most re-runs to shrink the failing seed (default 2000); 0 skips shrinking. */
  readonly shrinkBudget?: number;
  /** Fail on a seed whose check ran out of budget, too (default: only real violations fail). */
  readonly failOnInconclusive?: boolean;
}

/** Thrown by {@link assertTarget}; `seed` and `invariant` name the first failure. */
export class TargetAssertionError extends Error {
  constructor(
    message: string,
    readonly seed: number,
    readonly invariant: string,
  ) {
    super(message);
    this.name = "TargetAssertionError";
  }
}

/** Sweep `target`; resolve when no seed fails, else throw a {@link TargetAssertionError}. */
export async function assertTarget<Op>(target: Target<Op>, options: AssertTargetOptions = {}): Promise<void> {
  const { seeds = 100, seedBase = 0, shrinkBudget = DEFAULT_SHRINK_BUDGET, failOnInconclusive = false, ...rest } = options;
  const run: RunOptions = { ...rest, ops: rest.ops ?? DEFAULT_OPS, faultLevel: rest.faultLevel ?? DEFAULT_FAULT_LEVEL };
  const report = await sweep(target, { base: seedBase, count: seeds }, run);
  const failure = report.failures.find((r) => r.violations.length > 0 || (failOnInconclusive && r.inconclusive.length > 0));
  if (failure === undefined) return;
  const first = failure.violations[0] ?? failure.inconclusive[0]!;
  const lines = [
    `${target.name}: ${report.failed} of ${seeds} seeds failed (seeds ${seedBase}..${seedBase + seeds - 1}); first: seed ${failure.seed}`,
    `${first.invariant} at step #${first.step} (t=${first.timeMs} ms): ${first.message}`,
  ];
  if (failure.violations.length > 0 && shrinkBudget > 0) lines.push(...(await shrunkRepro(target, failure.seed, run, shrinkBudget)));
  lines.push(`replay: ${replayLine(target, failure.seed, run)}`);
  throw new TargetAssertionError(lines.join("\n"), failure.seed, first.invariant);
}

async function shrunkRepro<Op>(target: Target<Op>, seed: number, run: RunOptions, budget: number): Promise<string[]> {
  const shrunk = await shrinkSeed(target, seed, run, { budget });
  const describe = (op: Op): string => (target.describeOp !== undefined ? target.describeOp(op) : JSON.stringify(op));
  const steps = shrunk.steps.map((s, i) => `  #${i} ${describe(s.op)}${s.thinkMs > 0 ? ` (then ${s.thinkMs} ms)` : ""}${s.faults !== undefined && s.faults.length > 0 ? ` [faults: ${s.faults.map((f) => f.kind).join(", ")}]` : ""}`);
  return [`shrunk repro (${shrunk.steps.length} of ${shrunk.originalSteps} steps, ${shrunk.invariant}):`, ...steps];
}

/** The CLI command that replays the seed; `--target` names a built-in target, else your module's path. */
function replayLine<Op>(target: Target<Op>, seed: number, run: RunOptions): string {
  const o = resolveOptions(target as Target<unknown>, run);
  const flags = [`--target ${target.name}`, `--seed ${seed}`, `--ops ${o.ops}`, `--fault-level ${o.faultLevel}`, `--workload ${o.workload}`];
  if (o.bug !== null) flags.push(`--bug ${o.bug}`);
  if (o.swarm) flags.push("--swarm");
  return `npx simctl replay ${flags.join(" ")} (for your own target, --target is the path to its module)`;
}
