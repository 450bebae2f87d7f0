/**
 * The simctl program: commander wiring and the mapping from errors to exit codes. Commands never
 * exit the process; `main` returns the code and only `bin/simctl.js` sets it.
 */
import { Command, CommanderError } from "commander";
import { EXIT, EXIT_CODES, InputError } from "../core/errors.js";
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
  try {
    for (const register of await registrations(argv)) register(program, io, setExit);
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    return failure(err, io);
  }
}

type Register = (program: Command, io: Io, setExit: (code: number) => void) => void;

/**
 * Each command's module, in the order `--help` lists them. A command's module brings everything
 * it runs (reporters, the worker pool, the targets' tables), so only the one named is imported:
 * `simctl sweep` does not pay for lincheck, certify or the drivers.
 */
const COMMANDS: ReadonlyMap<string, () => Promise<Register>> = new Map<string, () => Promise<Register>>([
  ["list", async () => (await import("./commands/list.js")).registerList],
  ["run", async () => (await import("./commands/run.js")).registerRun],
  ["sweep", async () => (await import("./commands/sweep.js")).registerSweep],
  ["replay", async () => (await import("./commands/replay.js")).registerReplay],
  ["shrink", async () => (await import("./commands/shrink.js")).registerShrink],
  ["merge", async () => (await import("./commands/merge.js")).registerMerge],
  ["lincheck", async () => (await import("./commands/lincheck.js")).registerLincheck],
  ["conformance", async () => (await import("./commands/conformance.js")).registerConformance],
  ["certify", async () => (await import("./commands/certify.js")).registerCertify],
  ["drivers", async () => (await import("./commands/drivers.js")).registerDrivers],
]);

/**
 * The commands to register: the one argv names (its own `--help` and errors read the same without
 * the others), none for the program's `--version`, and all of them for anything else (`--help`,
 * `help`, no command, a misspelt one, which commander answers with a suggestion from the list).
 */
async function registrations(argv: readonly string[]): Promise<Register[]> {
  const first = argv[0];
  const named = first !== undefined ? COMMANDS.get(first) : undefined;
  if (named !== undefined) return [await named()];
  if (argv.length === 1 && (first === "--version" || first === "-V")) return [];
  return Promise.all([...COMMANDS.values()].map((load) => load()));
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
