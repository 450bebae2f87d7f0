/** `simctl run`: one seed, with its histogram, trace hash and any violation. */
import type { Command } from "commander";
import { addRunFlags, parseSeed, resolveInvocation, type CommonFlags } from "../common.js";
import type { Io } from "../io.js";
import { addIsolationFlags, applyIsolationFlags, type IsolationFlags } from "../isolate/limits.js";
import { executeRun } from "../single-run.js";

interface RunFlags extends CommonFlags, IsolationFlags {
  seed?: string;
  trace?: string;
  save?: string;
  html?: string;
  htmlSteps?: string;
  pin?: string;
}

export function registerRun(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("run")
    .description("run one seed and report it")
    .option("-s, --seed <n>", "the seed, 0..2^53-1 (default: 0)")
    .option("--trace <file>", "write the full trace as JSON lines")
    .option("--html <file>", "write the run as a self-contained HTML page: timeline, messages, faults, violation, steps")
    .option("--html-steps <FROM..TO>", "the steps the --html timeline draws (default: the last entries, up to the violation)")
    .option("--save <file>", "write a replay file of this run (ops recorded verbatim)")
    .option("--pin <file>", "write a replay file without ops that pins this run's trace hash (the seed regenerates it)");
  addRunFlags(addIsolationFlags(cmd)).action(async (flags: RunFlags) => {
    applyIsolationFlags(flags);
    const inv = await resolveInvocation(flags, io);
    const seed = flags.seed !== undefined ? parseSeed(flags.seed) : 0;
    setExit(await executeRun(inv, seed, flags, io));
  });
}
