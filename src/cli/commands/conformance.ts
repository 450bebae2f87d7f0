/**
 * `simctl conformance TARGET [--impl ./mine.ts]`: certify an implementation of a target's
 * contract. First the target's clause checks (one deterministic, named case per clause, like
 * openraft's storage suite), then a sweep of the target under its faults and invariants. Prints a
 * table of clauses held and broken; exit 1 if any clause is broken or the sweep fails.
 *
 * The clauses run where the target's code runs: in its worker for a user's module or `--impl`
 * (user code never runs in the main thread), in this thread for a built-in target.
 */
import Table from "cli-table3";
import type { Command } from "commander";
import { checkClauses, type ClauseResult } from "../../core/conformance.js";
import { EXIT, InputError } from "../../core/errors.js";
import type { Target } from "../../core/target.js";
import type { Io } from "../io.js";
import { configureIsolation, DEFAULT_SEED_TIMEOUT_S } from "../isolate/limits.js";
import { sessionOf } from "../isolate/session.js";
import { loadTarget } from "../load-target.js";
import { makeStyle, type Style } from "../reporters/style.js";
import { parseSecondsMs } from "../common.js";
import { runSweepCommand, type SweepFlags } from "./sweep.js";

interface ConformanceFlags extends SweepFlags {
  clausesOnly?: boolean;
}

export function registerConformance(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("conformance")
    .description("check an implementation of a target's contract: every clause, then a sweep; exit 1 on any broken clause or failing seed")
    .argument("<target>", "a built-in target with a contract, or a path to a target module")
    .option("--impl <path>", "your implementation of the target's contract (its default export), instead of the built-in one")
    .option("-n, --seeds <n>", "seeds of the sweep after the clauses (default: 100)")
    .option("--ops <n>", "steps per seed of the sweep (default: 500)")
    .option("--fault-level <level>", "fault level of the sweep (default: stormy)")
    .option("-j, --jobs <n>", "worker threads of the sweep")
    .option("--seed-timeout <seconds>", `wall-clock limit per seed and for the clause checks (default: ${DEFAULT_SEED_TIMEOUT_S})`)
    .option("--bug <name>", "switch on a planted bug of the target's own implementation, in the clauses and the sweep")
    .option("--clauses-only", "check the clauses and skip the sweep")
    .option("--no-color", "no colours")
    .action(async (target: string, flags: ConformanceFlags) => {
      setExit(await runConformance(target, flags, io));
    });
}

async function runConformance(spec: string, flags: ConformanceFlags, io: Io): Promise<number> {
  const seedTimeoutMs = parseSecondsMs(flags.seedTimeout ?? String(DEFAULT_SEED_TIMEOUT_S), "--seed-timeout");
  configureIsolation({ seedTimeoutMs, isolateBuiltins: false });
  const target = await loadTarget(spec, io.cwd, flags.impl);
  const bug = flags.bug ?? null;
  if (bug !== null && !Object.hasOwn(target.bugs, bug)) throw new InputError(`unknown bug '${bug}' for target '${target.name}' (known: ${Object.keys(target.bugs).join(", ") || "none"})`);
  const results = await clauseResults(target, spec, bug);
  const style = makeStyle(io, flags.color);
  const subject = `${flags.impl !== undefined ? `${flags.impl} as ${target.name}` : target.name}${bug !== null ? ` bug=${bug}` : ""}`;
  io.out(`${style.bold(`simctl conformance  ${subject}`)}\n\n${renderClauses(results, style)}\n`);
  const broken = results.filter((r) => !r.ok).length;
  const sweepCode = flags.clausesOnly === true ? EXIT.ok : await runSweepCommand({ ...flags, target: spec }, io);
  const sweep = flags.clausesOnly === true ? "sweep skipped (--clauses-only)" : sweepCode === EXIT.ok ? "sweep passed" : `sweep exited ${sweepCode}`;
  const verdict = `${results.length - broken} of ${results.length} clauses hold; ${sweep}`;
  const failed = broken > 0 || sweepCode !== EXIT.ok;
  io.out(`${failed ? style.red.bold(`CONFORMANCE FAILED: ${verdict}`) : style.green.bold(`CONFORMS: ${verdict}`)}\n`);
  if (broken > 0) return EXIT.violation;
  return sweepCode;
}

/** The clause results, from the target's worker when it has one. */
async function clauseResults(target: Target<unknown>, spec: string, bug: string | null): Promise<ClauseResult[]> {
  const session = sessionOf(target);
  const count = session !== undefined ? session.info.clauseCount : (target.clauses?.length ?? 0);
  if (count === 0) throw new InputError(`target '${spec}' declares no contract clauses to check (TargetSpec.clauses)`);
  if (session === undefined) return checkClauses(target, { bug });
  const outcome = await session.task<ClauseResult[]>({ kind: "clauses", bug });
  if (outcome.ok) return outcome.value;
  // A clause that hangs or kills its worker breaks the contract as surely as one that fails.
  return [{ id: "(clause checks)", group: "-", clause: "every clause check finishes", ok: false, message: `the checks were lost (${outcome.lost}): ${outcome.message}` }];
}

function renderClauses(results: readonly ClauseResult[], style: Style): string {
  const table = new Table({ head: ["group", "clause", "result"], style: { head: [], border: [] }, wordWrap: true, colWidths: [7, 60, 50] });
  for (const r of results) table.push([r.group, `${r.id}: ${r.clause}`, r.ok ? style.green("holds") : style.red(`BROKEN: ${r.message ?? ""}`)]);
  return table.toString();
}
