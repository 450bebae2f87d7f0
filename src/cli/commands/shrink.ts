/**
 * `simctl shrink --target T --seed S [options]` or `simctl shrink FILE`: minimise a failing run to
 * a short repro (ops and background faults), print it as numbered steps and save it as a replay
 * file whose ops replay verbatim.
 */
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { formatReplayFile, toReplayFile } from "../../core/replay.js";
import { resolveOptions } from "../../core/options.js";
import { DEFAULT_SHRINK_BUDGET, shrinkSeed, shrinkSteps, type ShrinkResult } from "../../core/shrink.js";
import { addRunFlags, parseCount, parseSeed, resolveInvocation, type CommonFlags } from "../common.js";
import { writeFileAtomic } from "../files.js";
import type { Io } from "../io.js";
import { loadReplayFile, refuseRunFlags } from "../replay-file.js";
import { replayFileCommand } from "../replay-command.js";
import { renderRepro } from "../reporters/repro.js";
import { makeStyle } from "../reporters/style.js";

interface ShrinkFlags extends CommonFlags {
  seed?: string;
  shrinkBudget?: string;
}

export function registerShrink(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("shrink")
    .description("shrink a failing seed (or replay file) to a short repro and save it as a replay file")
    .argument("[file]", "a replay file of a failing run")
    .option("-s, --seed <n>", "the failing seed (without a file)")
    .option("--shrink-budget <runs>", `most re-runs to spend (default: ${DEFAULT_SHRINK_BUDGET})`)
    .option("--out <file>", "write the shrunk repro as a replay file");
  addRunFlags(cmd, { report: false }).action(async (file: string | undefined, flags: ShrinkFlags) => {
    const budget = flags.shrinkBudget !== undefined ? parseCount(flags.shrinkBudget, "--shrink-budget") : DEFAULT_SHRINK_BUDGET;
    const { target, targetSpec, seed, shrink } = file !== undefined ? await fromFile(file, flags, budget, io) : await fromSeed(flags, budget, io);
    io.out(renderRepro(target, seed, shrink, makeStyle(io, flags.color)));
    if (flags.out !== undefined) {
      await writeFileAtomic(flags.out, formatReplayFile(toReplayFile(shrink.result as ShrinkResult<unknown>["result"])));
      io.out(`replay file written to ${flags.out} (replay it: ${replayFileCommand(flags.out, targetSpec)})\n`);
    }
    setExit(1);
  });
}

async function fromSeed(flags: ShrinkFlags, budget: number, io: Io) {
  if (flags.seed === undefined) throw new InputError("shrink needs a replay file or --seed");
  const inv = await resolveInvocation(flags, io);
  const seed = parseSeed(flags.seed);
  return { target: inv.target, targetSpec: inv.targetSpec, seed, shrink: await shrinkSeed(inv.target, seed, inv.options, { budget }) };
}

async function fromFile(path: string, flags: ShrinkFlags, budget: number, io: Io) {
  refuseRunFlags(flags);
  const { file, target, targetSpec, steps } = await loadReplayFile(path, flags.target, io);
  const options = resolveOptions(target, file.options);
  const shrinkOptions = { budget, invariant: file.expect.violation };
  const shrink = steps === undefined ? await shrinkSeed(target, file.seed, options, shrinkOptions) : await shrinkSteps(target, file.seed, options, steps, shrinkOptions);
  return { target, targetSpec, seed: file.seed, shrink };
}
