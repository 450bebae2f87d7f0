/**
 * `simctl shrink --target T --seed S [options]` or `simctl shrink FILE`: minimise a failing run to
 * a short repro (ops and background faults), print it as numbered steps and save it as a replay
 * file whose ops replay verbatim.
 *
 * A user's target runs in its watched worker (every candidate under `--seed-timeout`): a run
 * that cannot finish (a hang, a crash, `process.exit`) is reported as such and exits 1; there is
 * no recorded run to shrink then. Candidates that hang or crash are not kept, and a shrink that
 * keeps meeting them stops early and says so.
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { formatReplayFile, legacyFaultKeys, toReplayFile } from "../../core/replay.js";
import { resolveOptions, type ResolvedOptions } from "../../core/options.js";
import type { RunResult } from "../../core/run.js";
import { DEFAULT_SHRINK_BUDGET, type ShrinkResult } from "../../core/shrink.js";
import { ERRORED_INVARIANTS } from "../../core/sweep.js";
import type { RecordedStep, Target } from "../../core/target.js";
import { addRunFlags, parseCount, parseSeed, resolveInvocation, type CommonFlags } from "../common.js";
import { writeFileAtomic } from "../files.js";
import type { Io } from "../io.js";
import { addIsolationFlags, applyIsolationFlags, type IsolationFlags } from "../isolate/limits.js";
import { runTarget, shrinkSteps } from "../isolate/run-target.js";
import { loadReplayFile, refuseRunFlags } from "../replay-file.js";
import { replayCommand, replayFileCommand } from "../replay-command.js";
import { renderRepro } from "../reporters/repro.js";
import { makeStyle } from "../reporters/style.js";
import { renderViolationBlock } from "../reporters/text.js";

interface ShrinkFlags extends CommonFlags, IsolationFlags {
  seed?: string;
  shrinkBudget?: string;
}

/** What is to be shrunk: the target, the seed, and its original (failing) run. */
interface Subject {
  readonly target: Target<unknown>;
  readonly targetSpec: string;
  readonly implSpec: string | undefined;
  readonly seed: number;
  readonly options: ResolvedOptions;
  readonly steps: readonly RecordedStep[];
  readonly original: RunResult;
  readonly invariant: string | undefined;
  /** The command that replays the original run. */
  readonly replay: string;
}

export function registerShrink(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("shrink")
    .description("shrink a failing seed (or replay file) to a short repro and save it as a replay file")
    .argument("[file]", "a replay file of a failing run")
    .option("-s, --seed <n>", "the failing seed (without a file)")
    .option("--shrink-budget <runs>", `most re-runs to spend (default: ${DEFAULT_SHRINK_BUDGET})`)
    .option("--out <file>", "write the shrunk repro as a replay file");
  addRunFlags(addIsolationFlags(cmd, "one run (the original and each candidate)"), { report: false }).action(async (file: string | undefined, flags: ShrinkFlags) => {
    const budget = flags.shrinkBudget !== undefined ? parseCount(flags.shrinkBudget, "--shrink-budget") : DEFAULT_SHRINK_BUDGET;
    applyIsolationFlags(flags);
    const subject = file !== undefined ? await fromFile(file, flags, io) : await fromSeed(flags, io);
    const style = makeStyle(io, flags.color);
    const first = subject.original.violations[0];
    if (first !== undefined && ERRORED_INVARIANTS.has(first.invariant)) {
      // A run that could not finish left no recorded run to shrink: report it like `run` would.
      io.out(renderViolationBlock({ ...subject.original, replay: subject.replay }, { style, invariants: subject.target.invariants }));
      io.out(style.red.bold(`FAIL: seed ${subject.seed} could not finish (${first.invariant}); a run that hangs or crashes cannot be shrunk`) + "\n");
      return setExit(1);
    }
    const shrink = await shrinkSteps(subject.target, subject.seed, subject.options, subject.steps, { budget, invariant: subject.invariant }, subject.original);
    io.out(renderRepro(subject.target, subject.seed, shrink, style));
    if (flags.out !== undefined) {
      await writeFileAtomic(flags.out, formatReplayFile(toReplayFile(shrink.result as ShrinkResult<unknown>["result"])));
      io.out(`replay file written to ${flags.out} (replay it: ${replayFileCommand(flags.out, subject.targetSpec, subject.implSpec)})\n`);
    }
    setExit(1);
  });
}

async function fromSeed(flags: ShrinkFlags, io: Io): Promise<Subject> {
  if (flags.seed === undefined) throw new InputError("shrink needs a replay file or --seed");
  const inv = await resolveInvocation(flags, io);
  const seed = parseSeed(flags.seed);
  const options = { ...inv.options, keepGoing: false };
  const { result } = await runTarget(inv.target, seed, options, { record: true });
  if (result.violations.length === 0) throw new InputError(`seed ${seed} does not fail, nothing to shrink`);
  return { target: inv.target, targetSpec: inv.targetSpec, implSpec: inv.implSpec, seed, options, steps: result.recorded ?? [], original: result, invariant: undefined, replay: replayCommand(inv, seed) };
}

async function fromFile(path: string, flags: ShrinkFlags, io: Io): Promise<Subject> {
  refuseRunFlags(flags);
  const { file, target, targetSpec, implSpec, steps } = await loadReplayFile(path, flags.target, io, flags.impl);
  const options = { ...resolveOptions(target, file.options), keepGoing: false };
  // A /1 file's faults are keyed the old way: its run is recorded again, keyed by causing step,
  // and the shrink works on that recording.
  const legacy = steps !== undefined && legacyFaultKeys(file);
  const { result } = await runTarget(target, file.seed, options, steps === undefined || legacy ? { steps, legacyFaultKeys: legacy, record: true } : { steps });
  const lost = result.violations[0] !== undefined && ERRORED_INVARIANTS.has(result.violations[0].invariant);
  const invariant = file.expect.violation ?? result.violations[0]?.invariant;
  if (!lost && (invariant === undefined || result.violations[0]?.invariant !== invariant)) {
    throw new InputError(steps === undefined ? `seed ${file.seed} does not fail${invariant !== undefined ? ` ${invariant}` : ""}, nothing to shrink` : `the recorded run does not fail ${invariant ?? "any invariant"}, nothing to shrink`);
  }
  const recorded = legacy ? result.recorded : undefined;
  return { target, targetSpec, implSpec, seed: file.seed, options, steps: recorded ?? steps ?? result.recorded ?? [], original: result, invariant, replay: replayFileCommand(path, targetSpec, implSpec) };
}
