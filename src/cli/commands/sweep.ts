/** `simctl sweep`: many seeds, a summary, the histogram, and a replay command per failure. */
import { join } from "node:path";
import type { Command } from "commander";
import { EXIT } from "../../core/errors.js";
import { formatReplayFile, toReplayFile } from "../../core/replay.js";
import { runSeed } from "../../core/run.js";
import { sweep, type SweepReport } from "../../core/sweep.js";
import { addRunFlags, parseCount, parseSeedBase, resolveInvocation, type CommonFlags, type Invocation } from "../common.js";
import { writeFileAtomic } from "../files.js";
import type { Io } from "../io.js";
import { emitReport } from "../output.js";
import { replayCommand } from "../replay-command.js";
import { sweepJson } from "../reporters/json.js";
import { renderRepro } from "../reporters/repro.js";
import { makeStyle, type Style } from "../reporters/style.js";
import { DEFAULT_SHRINK_BUDGET, shrinkSeed, type ShrinkResult } from "../../core/shrink.js";
import { renderSweepText } from "../reporters/text.js";

interface SweepFlags extends CommonFlags {
  seeds?: string;
  seedBase?: string;
  saveFailures?: string;
  shrink?: boolean;
  shrinkBudget?: string;
}

/** Failing seeds shrunk and shown as repros; the rest keep their full replay command. */
const SHRUNK_SHOWN = 5;

const DEFAULT_SEEDS = 100;

export function registerSweep(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("sweep")
    .description("run a range of seeds; exit 1 if any violates an invariant")
    .option("-n, --seeds <n>", `how many seeds (default: ${DEFAULT_SEEDS})`)
    .option("--seed-base <n|random>", "first seed (default: 0); 'random' draws one and prints it")
    .option("--save-failures <dir>", "write one replay file per failing seed into this directory")
    .option("--shrink", "shrink each failing seed to a short repro (saved by --save-failures)")
    .option("--shrink-budget <runs>", `most re-runs per shrunk seed (default: ${DEFAULT_SHRINK_BUDGET})`);
  addRunFlags(cmd).action(async (flags: SweepFlags) => {
    const inv = await resolveInvocation(flags, io);
    const count = flags.seeds !== undefined ? parseCount(flags.seeds, "--seeds") : (inv.scenario?.seeds ?? DEFAULT_SEEDS);
    const { base, random } = parseSeedBase(flags.seedBase, inv.scenario);
    if (random) io.err(`seed base: ${base}\n`);
    const started = performance.now();
    const report = await sweep(inv.target, { base, count }, inv.options);
    const wallMs = performance.now() - started;
    const shrunk = flags.shrink === true ? await shrinkFailures(inv, report, flags) : new Map<number, ShrinkResult<unknown>>();
    if (flags.saveFailures !== undefined) await saveFailures(inv, report, flags.saveFailures, shrunk);
    await output(inv, report, wallMs, flags, io, random ? [`seed base: ${base} (random)`] : []);
    if (shrunk.size > 0 && inv.reporter === "text") io.out(renderShrunk(inv, shrunk, makeStyle(io, flags.color)));
    setExit(report.failed > 0 ? EXIT.violation : EXIT.ok);
  });
}

async function output(inv: Invocation, report: SweepReport, wallMs: number, flags: SweepFlags, io: Io, header: string[]): Promise<void> {
  const replay = (seed: number, hash: string): string => replayCommand(inv, seed, hash);
  const style = makeStyle(io, flags.color);
  const content = inv.reporter === "json" ? sweepJson(report, wallMs, replay) : renderSweepText(report, wallMs, { style, target: inv.target, replay }, header);
  const summary = `${report.failed > 0 ? "FAIL" : "PASS"}: ${report.failed} of ${report.range.count} seeds failed`;
  await emitReport(io, content, flags.out, summary);
}

async function shrinkFailures(inv: Invocation, report: SweepReport, flags: SweepFlags): Promise<Map<number, ShrinkResult<unknown>>> {
  const budget = flags.shrinkBudget !== undefined ? parseCount(flags.shrinkBudget, "--shrink-budget") : DEFAULT_SHRINK_BUDGET;
  const out = new Map<number, ShrinkResult<unknown>>();
  for (const failure of report.failures) out.set(failure.seed, await shrinkSeed(inv.target, failure.seed, inv.options, { budget }));
  return out;
}

function renderShrunk(inv: Invocation, shrunk: ReadonlyMap<number, ShrinkResult<unknown>>, style: Style): string {
  const shown = [...shrunk].slice(0, SHRUNK_SHOWN);
  const more = shrunk.size - shown.length;
  return [style.bold(`Shrunk repros (${shrunk.size})`), "", ...shown.map(([seed, s]) => renderRepro(inv.target, seed, s, style)), more > 0 ? `(${more} more: see --save-failures)\n` : ""].join("\n");
}

/** Save each failing seed as a replay file: its shrunk repro, or the full run re-recorded. */
async function saveFailures(inv: Invocation, report: SweepReport, dir: string, shrunk: ReadonlyMap<number, ShrinkResult<unknown>>): Promise<void> {
  for (const failure of report.failures) {
    const recorded = shrunk.get(failure.seed)?.result ?? (await runSeed(inv.target, failure.seed, inv.options, { record: true }));
    const path = join(dir, `${inv.target.name}-seed-${failure.seed}.json`);
    await writeFileAtomic(path, formatReplayFile(toReplayFile(recorded)));
  }
}
