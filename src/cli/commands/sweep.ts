/** `simctl sweep`: many seeds, a summary, the histogram, and a replay command per failure. */
import { join } from "node:path";
import type { Command } from "commander";
import { EXIT } from "../../core/errors.js";
import { toReplayFile } from "../../core/replay.js";
import { runSeed } from "../../core/run.js";
import { sweep, type SweepReport } from "../../core/sweep.js";
import { addRunFlags, parseCount, parseSeedBase, resolveInvocation, type CommonFlags, type Invocation } from "../common.js";
import { writeFileAtomic } from "../files.js";
import type { Io } from "../io.js";
import { emitReport } from "../output.js";
import { replayCommand } from "../replay-command.js";
import { sweepJson } from "../reporters/json.js";
import { makeStyle } from "../reporters/style.js";
import { renderSweepText } from "../reporters/text.js";

interface SweepFlags extends CommonFlags {
  seeds?: string;
  seedBase?: string;
  saveFailures?: string;
}

const DEFAULT_SEEDS = 100;

export function registerSweep(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("sweep")
    .description("run a range of seeds; exit 1 if any violates an invariant")
    .option("-n, --seeds <n>", `how many seeds (default: ${DEFAULT_SEEDS})`)
    .option("--seed-base <n|random>", "first seed (default: 0); 'random' draws one and prints it")
    .option("--save-failures <dir>", "write one replay file per failing seed into this directory");
  addRunFlags(cmd).action(async (flags: SweepFlags) => {
    const inv = await resolveInvocation(flags, io);
    const count = flags.seeds !== undefined ? parseCount(flags.seeds, "--seeds") : (inv.scenario?.seeds ?? DEFAULT_SEEDS);
    const { base, random } = parseSeedBase(flags.seedBase, inv.scenario);
    if (random) io.err(`seed base: ${base}\n`);
    const started = performance.now();
    const report = await sweep(inv.target, { base, count }, inv.options);
    const wallMs = performance.now() - started;
    if (flags.saveFailures !== undefined) await saveFailures(inv, report, flags.saveFailures);
    await output(inv, report, wallMs, flags, io, random ? [`seed base: ${base} (random)`] : []);
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

/** Re-run each failing seed with recording on (same trace) and save it as a replay file. */
async function saveFailures(inv: Invocation, report: SweepReport, dir: string): Promise<void> {
  for (const failure of report.failures) {
    const recorded = await runSeed(inv.target, failure.seed, inv.options, { record: true });
    const path = join(dir, `${inv.target.name}-seed-${failure.seed}.json`);
    await writeFileAtomic(path, JSON.stringify(toReplayFile(recorded), null, 2) + "\n");
  }
}
