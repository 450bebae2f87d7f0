/**
 * The simctl program: commander wiring and the mapping from errors to exit codes. Commands never
 * exit the process; `main` returns the code and only `bin/simctl.js` sets it.
 */
import { Command, CommanderError } from "commander";
import { EXIT, InputError } from "../core/errors.js";
import { registerLincheck } from "./commands/lincheck.js";
import { registerList } from "./commands/list.js";
import { registerMerge } from "./commands/merge.js";
import { registerReplay } from "./commands/replay.js";
import { registerRun } from "./commands/run.js";
import { registerShrink } from "./commands/shrink.js";
import { registerSweep } from "./commands/sweep.js";
import { processIo, type Io } from "./io.js";

/** Exit code for a failure inside simctl itself (not the user's input, not the system under test). */
export const EXIT_INTERNAL = 70;

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command("simctl")
    .description("deterministic simulation testing: seeded ops and faults, invariants every step, exact replay")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s) => io.err(oneLine(s.replace(/^error: /, "simctl: "))) });
  registerList(program, io, setExit);
  registerRun(program, io, setExit);
  registerSweep(program, io, setExit);
  registerReplay(program, io, setExit);
  registerShrink(program, io, setExit);
  registerMerge(program, io, setExit);
  registerLincheck(program, io, setExit);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    return failure(err, io);
  }
}

function failure(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT.ok;
    return EXIT.badInput;
  }
  if (err instanceof InputError) {
    io.err(`simctl: ${oneLine(err.message)}`);
    return EXIT.badInput;
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  io.err(`simctl: internal error: ${oneLine(message)}`);
  return EXIT_INTERNAL;
}

/** Commander may print a suggestion on a second line; keep every error to one line. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, " ") + "\n";
}
