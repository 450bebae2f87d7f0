/**
 * The simctl program: commander wiring and the mapping from errors to exit codes. Commands never
 * exit the process; `main` returns the code and only `bin/simctl.js` sets it.
 */
import { Command, CommanderError } from "commander";
import { EXIT, EXIT_CODES, InputError } from "../core/errors.js";
import { registerCertify } from "./commands/certify.js";
import { registerConformance } from "./commands/conformance.js";
import { registerDrivers } from "./commands/drivers.js";
import { registerLincheck } from "./commands/lincheck.js";
import { registerList } from "./commands/list.js";
import { registerMerge } from "./commands/merge.js";
import { registerReplay } from "./commands/replay.js";
import { registerRun } from "./commands/run.js";
import { registerShrink } from "./commands/shrink.js";
import { registerSweep } from "./commands/sweep.js";
import { processIo, type Io, type ProcessIo } from "./io.js";

/** Exit code for a failure inside simctl itself (not the user's input, not the system under test). */
export const EXIT_INTERNAL = EXIT.internal;

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
  registerConformance(program, io, setExit);
  registerCertify(program, io, setExit);
  registerDrivers(program, io, setExit);
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
  io.err(internalErrorLine(err));
  return EXIT_INTERNAL;
}

/** `simctl: internal error: ...` on one line, whatever was thrown. */
export function internalErrorLine(err: unknown): string {
  let message: string;
  try {
    message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } catch {
    message = Object.prototype.toString.call(err);
  }
  return `simctl: internal error: ${oneLine(message)}`;
}

/**
 * The process's exit code once it ends (called by `bin/` on exit): the command's code, unless
 * stdout could not be written (exit 2, naming it: the report did not reach its reader) or the
 * command never produced a code (an await that never settled: exit 70, never a silent 0 or 13).
 */
export function finalExitCode(io: ProcessIo, code: number | undefined): number {
  if (code === undefined) {
    io.err("simctl: internal error: the command ended without a result (something it awaited never settled)\n");
    return EXIT_INTERNAL;
  }
  const failure = io.failure();
  if (failure !== undefined && code !== EXIT.interrupted && code !== EXIT.terminated) {
    io.err(`simctl: cannot write to stdout: ${failure}\n`);
    return EXIT.badInput;
  }
  return EXIT_CODES.includes(code) ? code : EXIT_INTERNAL;
}

/** Commander may print a suggestion on a second line; keep every error to one line. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, " ") + "\n";
}
