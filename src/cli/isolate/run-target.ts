/**
 * Running a target from a command, wherever its code lives: a built-in target in this thread, a
 * target loaded in a worker (every user target; a built-in one under `--seed-timeout` or
 * `--worker-heap-mb`) through its session. Commands call these instead of the kernel's
 * `runSeed`/`shrinkSeed`, so no command path can execute a user's code in the main thread.
 */
import { InputError } from "../../core/errors.js";
import { checkReplaySteps, parseReplaySteps } from "../../core/replay.js";
import { resolveOptions, type RunOptions } from "../../core/options.js";
import { runSeed as runInThisThread, type RunResult } from "../../core/run.js";
import { inProcessRunner, shrinkSeedWith, shrinkStepsWith, type ShrinkOptions, type ShrinkResult, type ShrinkRunner } from "../../core/shrink.js";
import type { RecordedStep, Target } from "../../core/target.js";
import { collectors } from "../html/collect.js";
import type { PortableHooks, RunAnswer } from "../pool/protocol.js";
import { sessionOf, type TargetSession } from "./session.js";

/** Run one seed with portable hooks; a lost worker is a `hang`/`crash` result, never a throw. */
export async function runTarget(target: Target<unknown>, seed: number, options: RunOptions, hooks: PortableHooks = {}): Promise<RunAnswer> {
  const resolved = resolveOptions(target, options);
  const session = sessionOf(target);
  if (session !== undefined) return session.run(seed, resolved, hooks);
  const collect = collectors(hooks);
  const result = await runInThisThread(target, seed, resolved, {
    steps: hooks.steps,
    legacyFaultKeys: hooks.legacyFaultKeys,
    record: hooks.record,
    expectCheckpoints: hooks.expectCheckpoints,
    ...collect.hooks,
  });
  return { result, ...collect.collected() };
}

/** The kernel's `runSeed` signature, isolated (for `sweep --save-failures`). */
export async function runSeed(target: Target<unknown>, seed: number, options: RunOptions, hooks: { record?: boolean } = {}): Promise<RunResult> {
  return (await runTarget(target, seed, options, hooks)).result;
}

/** How a shrink of `target` runs its candidates: in this thread, or through its session. */
export function shrinkRunner(target: Target<unknown>, seed: number, options: RunOptions): ShrinkRunner<unknown> {
  const session = sessionOf(target);
  if (session === undefined) return inProcessRunner(target, seed, options);
  const opts = { ...resolveOptions(target, options), keepGoing: false };
  return {
    run: async (steps, record) => (await session.run(seed, opts, { steps, record })).result,
    simplify: session.info.hasShrinkOp ? (op) => remoteVariants(session, op) : undefined,
  };
}

async function remoteVariants(session: TargetSession, op: unknown): Promise<readonly unknown[]> {
  const outcome = await session.task<unknown[]>({ kind: "shrink-op", op });
  if (outcome.ok) return outcome.value;
  throw new Error(`shrinkOp could not finish (${outcome.lost}): ${outcome.message}`);
}

/** The kernel's `shrinkSeed`, isolated. A seed whose run is lost is its own repro (nothing to shrink). */
export async function shrinkSeed(target: Target<unknown>, seed: number, options: RunOptions, shrink: ShrinkOptions = {}): Promise<ShrinkResult<unknown>> {
  return described(target, await shrinkSeedWith(shrinkRunner(target, seed, options), seed, shrink));
}

/** The kernel's `shrinkSteps`, isolated. */
export async function shrinkSteps(
  target: Target<unknown>,
  seed: number,
  options: RunOptions,
  steps: readonly RecordedStep[],
  shrink: ShrinkOptions = {},
  original?: RunResult,
): Promise<ShrinkResult<unknown>> {
  return described(target, await shrinkStepsWith(shrinkRunner(target, seed, options), steps, shrink, original));
}

/** Have the worker describe the repro's ops, so the main thread can print them. */
async function described(target: Target<unknown>, shrink: ShrinkResult<unknown>): Promise<ShrinkResult<unknown>> {
  const session = sessionOf(target);
  if (session === undefined || !session.info.hasDescribeOp || shrink.steps.length === 0) return shrink;
  const ops = shrink.steps.map((s) => s.op);
  const outcome = await session.task<string[]>({ kind: "describe", ops }).catch(() => undefined);
  if (outcome?.ok === true) session.descriptions.add(ops, outcome.value);
  return shrink;
}

/**
 * Replayed steps checked for `target`: fault kinds and op nesting here, then each op through the
 * target's `parseOp` (in its worker for an isolated target). Problems are bad input naming the op.
 */
export async function parseSteps(target: Target<unknown>, steps: readonly RecordedStep[], source: string): Promise<RecordedStep[]> {
  const session = sessionOf(target);
  if (session === undefined) return parseReplaySteps(target, steps, source);
  checkReplaySteps(target, steps, source);
  if (!session.info.hasParseOp) return [...steps];
  const outcome = await session.task<RecordedStep[]>({ kind: "parse", steps, source });
  if (outcome.ok) return outcome.value;
  throw new InputError(`${source}: the target's parseOp could not finish (${outcome.lost}): ${outcome.message}`);
}
