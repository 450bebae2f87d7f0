/**
 * `simctl sweep`: many seeds on a worker pool (or one shard of them), a summary with every seed
 * accounted for, the histogram, and a replay command per failure. Ctrl-C stops cleanly: the
 * failing seeds so far are printed and a partial report is written with unrun seeds marked.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { EXIT, InputError } from "../../core/errors.js";
import { formatReplayFile, toReplayFile } from "../../core/replay.js";
import { sweepExitCode, toSweepDoc, type SweepDoc } from "../../core/report.js";
import { runSeed, type RunResult } from "../../core/run.js";
import { DEFAULT_SHRINK_BUDGET, shrinkSeed, type ShrinkResult } from "../../core/shrink.js";
import { SweepAccumulator, seedStatus, shardRange, validateRange, type SeedRange, type Shard } from "../../core/sweep.js";
import { addRunFlags, parseCount, parseSeedBase, resolveInvocation, type CommonFlags, type Invocation } from "../common.js";
import { writeFileAtomic } from "../files.js";
import type { Io } from "../io.js";
import { InProcessRunner, type SeedRunner } from "../pool/in-process.js";
import { SeedPool } from "../pool/pool.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";
import { startProgress } from "../progress.js";
import { replayCommand } from "../replay-command.js";
import { renderRepro } from "../reporters/repro.js";
import { makeStyle, type Style } from "../reporters/style.js";
import { emitSweep, parseReporterSpecs } from "../reporters/sweep-reporters.js";

interface SweepFlags extends CommonFlags {
  seeds?: string;
  seedBase?: string;
  shard?: string;
  jobs?: string;
  seedTimeout?: string;
  workerHeapMb?: string;
  reporters?: string[];
  saveFailures?: string;
  shrink?: boolean;
  shrinkBudget?: string;
  progress?: boolean;
}

const DEFAULT_SEEDS = 100;
const DEFAULT_SEED_TIMEOUT_S = 60;
/** Failing seeds shrunk and shown as repros; the rest keep their full replay command. */
const SHRUNK_SHOWN = 5;

export function registerSweep(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("sweep")
    .description("run a range of seeds on worker threads; exit 1 if any violates an invariant, else 4 if any is inconclusive")
    .option("-n, --seeds <n>", `how many seeds (default: ${DEFAULT_SEEDS})`)
    .option("--seed-base <n|random>", "first seed (default: 0); 'random' draws one and prints it")
    .option("--shard <i/n>", "run only shard i of n of the seed range (merge the reports with `simctl merge`)")
    .option("-j, --jobs <n>", "worker threads (default: the number of cores, fewer for small sweeps; small sweeps of built-in targets run in-process)")
    .option("--seed-timeout <seconds>", `wall-clock limit per seed; a seed over it is a hang (default: ${DEFAULT_SEED_TIMEOUT_S})`)
    .option("--worker-heap-mb <mb>", "heap limit per worker thread; a seed that exceeds it is a crash")
    .option("--reporter <name[:file]>", "text | json | junit | github, repeatable; NAME:FILE writes to a file (default: text)", collect, undefined)
    .option("--out <file>", "write the (one) reporter without a file to this file instead of stdout")
    .option("--save-failures <dir>", "write one replay file per failing seed into this directory")
    .option("--shrink", "shrink each failing seed to a short repro (saved by --save-failures)")
    .option("--shrink-budget <runs>", `most re-runs per shrunk seed (default: ${DEFAULT_SHRINK_BUDGET})`)
    .option("--no-progress", "no progress bar (it shows only on a terminal, never in CI)");
  addRunFlags(cmd, { report: false }).action(async (flags: SweepFlags & { reporter?: string[] }) => {
    setExit(await runSweepCommand({ ...flags, reporters: flags.reporter }, io));
  });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function runSweepCommand(flags: SweepFlags, io: Io): Promise<number> {
  const inv = await resolveInvocation({ ...flags, reporter: undefined }, io);
  const specs = parseReporterSpecs(flags.reporters, flags.out);
  const count = flags.seeds !== undefined ? parseCount(flags.seeds, "--seeds") : (inv.scenario?.seeds ?? DEFAULT_SEEDS);
  const { base, random } = parseSeedBase(flags.seedBase, inv.scenario);
  const range: SeedRange = { base, count };
  validateRange(range);
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const part = shard !== undefined ? shardRange(range, shard) : range;
  if (random) io.err(`seed base: ${base}\n`);
  const { doc, interrupted, failures } = await runPool(inv, range, part, shard, flags, io);
  const shrunk = flags.shrink === true && !interrupted ? await shrinkFailures(inv, failures, flags) : new Map<number, ShrinkResult<unknown>>();
  if (flags.saveFailures !== undefined) await saveFailures(inv, failures, flags.saveFailures, shrunk);
  const style = makeStyle(io, flags.color);
  const header = random ? [`seed base: ${base} (random)`] : [];
  await emitSweep(specs, doc, { style, invariants: inv.target.invariants }, header, io);
  if (shrunk.size > 0 && specs.some((s) => s.name === "text" && s.file === undefined)) io.out(renderShrunk(inv, shrunk, style));
  if (interrupted) {
    const failing = doc.failures.filter((f) => f.status !== "inconclusive").map((f) => `  ${f.replay}`);
    const inconclusive = doc.failures.filter((f) => f.status === "inconclusive").map((f) => `  ${f.replay}`);
    const also = inconclusive.length > 0 ? `inconclusive seeds so far:\n${inconclusive.join("\n")}\n` : "";
    io.err(`interrupted: ${doc.summary.notRun} seeds not run; failing seeds so far:\n${failing.join("\n") || "  (none)"}\n${also}`);
    return EXIT.interrupted;
  }
  return sweepExitCode(doc.summary);
}

/** Run the seeds of `part` on the pool; Ctrl-C cancels it and leaves unrun seeds marked. */
async function runPool(inv: Invocation, range: SeedRange, part: SeedRange, shard: Shard | undefined, flags: SweepFlags, io: Io) {
  const acc = new SweepAccumulator(inv.target, inv.options, range, shard);
  /** Failed and errored seeds (not inconclusive ones): what --shrink and --save-failures act on. */
  const failures: RunResult[] = [];
  const seeds = Array.from({ length: part.count }, (_, i) => part.base + i);
  const progress = await startProgress(io, seeds.length, flags.progress !== false);
  const onResult = (r: RunResult): void => {
    acc.add(r);
    const status = seedStatus(r);
    if (status === "failed" || status === "errored") failures.push(r);
    progress.tick(status, r.steps);
  };
  const seedTimeoutMs = Math.round(parseSeconds(flags.seedTimeout) * 1000);
  const heapMb = flags.workerHeapMb !== undefined ? parseCount(flags.workerHeapMb, "--worker-heap-mb") : undefined;
  const totalSteps = part.count * inv.options.ops;
  const inProcess = flags.jobs === undefined && heapMb === undefined && flags.seedTimeout === undefined && BUILTIN_TARGETS.get(inv.targetSpec) === inv.target && totalSteps <= STEPS_PER_EXTRA_WORKER;
  const pool: SeedRunner = inProcess
    ? new InProcessRunner(inv.target, inv.options, seeds, onResult)
    : new SeedPool(
        {
          jobs: flags.jobs !== undefined ? parseCount(flags.jobs, "--jobs") : defaultJobs(totalSteps),
          setup: { targetSpec: inv.targetSpec, cwd: io.cwd, options: inv.options },
          seedTimeoutMs,
          heapMb,
          targetName: inv.target.name,
        },
        seeds,
        onResult,
      );
  let interrupted = false;
  const onSigint = (): void => {
    interrupted = true;
    pool.cancel();
  };
  process.once("SIGINT", onSigint);
  const started = performance.now();
  try {
    await pool.run();
  } finally {
    process.removeListener("SIGINT", onSigint);
    progress.stop();
  }
  const wallMs = performance.now() - started;
  for (const seed of [...pool.running(), ...pool.unstarted()]) acc.notRun(seed);
  const doc: SweepDoc = toSweepDoc(acc.report(), wallMs, (seed, hash) => replayCommand(inv, seed, hash === "" ? undefined : hash));
  failures.sort((a, b) => a.seed - b.seed);
  return { doc, interrupted, failures };
}

/** Steps below which a second worker costs more to start than it saves. */
const STEPS_PER_EXTRA_WORKER = 200_000;

/** All cores for big sweeps; fewer for small ones, where worker start-up dominates. */
function defaultJobs(totalSteps: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(totalSteps / STEPS_PER_EXTRA_WORKER)));
}

function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new InputError(`--shard must be i/n (like 2/4), got '${text}'`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

function parseSeconds(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEED_TIMEOUT_S;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n >= 0.001)) throw new InputError(`--seed-timeout must be a number of seconds >= 0.001, got '${text}'`);
  return n;
}

/** Shrink the failed seeds (not the errored ones: a hang or crash cannot be re-run in-process). */
async function shrinkFailures(inv: Invocation, failures: readonly RunResult[], flags: SweepFlags): Promise<Map<number, ShrinkResult<unknown>>> {
  const budget = flags.shrinkBudget !== undefined ? parseCount(flags.shrinkBudget, "--shrink-budget") : DEFAULT_SHRINK_BUDGET;
  const out = new Map<number, ShrinkResult<unknown>>();
  for (const f of failures) if (!isErrored(f)) out.set(f.seed, await shrinkSeed(inv.target, f.seed, inv.options, { budget }));
  return out;
}

function renderShrunk(inv: Invocation, shrunk: ReadonlyMap<number, ShrinkResult<unknown>>, style: Style): string {
  const shown = [...shrunk].slice(0, SHRUNK_SHOWN);
  const more = shrunk.size - shown.length;
  return [style.bold(`Shrunk repros (${shrunk.size})`), "", ...shown.map(([seed, s]) => renderRepro(inv.target, seed, s, style)), more > 0 ? `(${more} more: see --save-failures)\n` : ""].join("\n");
}

/** Save each failed seed as a replay file: its shrunk repro, or the full run re-recorded. */
async function saveFailures(inv: Invocation, failures: readonly RunResult[], dir: string, shrunk: ReadonlyMap<number, ShrinkResult<unknown>>): Promise<void> {
  for (const f of failures) {
    if (isErrored(f)) continue;
    const recorded = shrunk.get(f.seed)?.result ?? (await runSeed(inv.target, f.seed, inv.options, { record: true }));
    await writeFileAtomic(join(dir, `${inv.target.name}-seed-${f.seed}.json`), formatReplayFile(toReplayFile(recorded)));
  }
}

function isErrored(r: RunResult): boolean {
  return seedStatus(r) === "errored";
}
