/**
 * `simctl sweep`: many seeds on a worker pool (or one shard of them), a summary with every seed
 * accounted for, the histogram, and a replay command per failure. Every flag and output path is
 * checked before seed 0. Ctrl-C or SIGTERM stops cleanly (see interrupts.ts): the failing seeds
 * so far are printed and a partial report is written with unrun seeds marked; `--max-failures`
 * stops the same way and the report says why.
 */
import { availableParallelism } from "node:os";
import { basename, dirname, resolve } from "node:path";
import type { Command } from "commander";
import { InputError } from "../../core/errors.js";
import { checkDeterminism, determinismSample, parseDeterminismPercent } from "../determinism.js";
import { FailureCollector, docExitCode, failureDoc, toSweepDoc, type FailureDoc, type Stopped, type SweepDoc } from "../../core/report.js";
import type { RunResult } from "../../core/run.js";
import { DEFAULT_SHRINK_BUDGET, type ShrinkResult } from "../../core/shrink.js";
import { configureIsolation } from "../isolate/limits.js";
import { sessionOf } from "../isolate/session.js";
import { shrinkSeed } from "../isolate/run-target.js";
import { SweepAccumulator, seedStatus, shardRange, validateRange, type SeedRange, type Shard } from "../../core/sweep.js";
import type { Violation } from "../../core/target.js";
import { addRunFlags, parseCount, parseSecondsMs, parseSeedBase, resolveInvocation, type CommonFlags, type Invocation } from "../common.js";
import { checkOutputPaths, type OutputSpec } from "../files.js";
import { Interrupts } from "../interrupts.js";
import type { Io } from "../io.js";
import { InProcessRunner, type SeedRunner } from "../pool/in-process.js";
import { SeedPool, type PoolStats } from "../pool/pool.js";
import { loadBuiltin } from "../builtins.js";
import { startProgress } from "../progress.js";
import { replayCommand } from "../replay-command.js";
import { runPagePaths, saveFailures } from "../save-failures.js";
import { renderRepro } from "../reporters/repro.js";
import { makeStyle, type Style } from "../reporters/style.js";
import { documentOnStdout, emitSweep, parseReporterSpecs, reporterOutputs, type ReporterSpec } from "../reporters/sweep-reporters.js";
import { FAILURES_SHOWN } from "../reporters/text.js";

export interface SweepFlags extends CommonFlags {
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
  maxFailures?: string;
  checkDeterminism?: string | boolean;
  progress?: boolean;
}

const DEFAULT_SEEDS = 100;
const DEFAULT_SEED_TIMEOUT_S = 60;
/** Failing seeds shrunk and shown as repros; the rest keep their full replay command. */
const SHRUNK_SHOWN = 5;
/**
 * Most seeds in one sweep's range. The report accounts for every seed (a line in `seeds`, a
 * testcase in JUnit), so memory and report size grow with the range: a million seeds is a
 * ~120 MB JSON report and well under a gigabyte of memory, and at `--ops 1` a few minutes on
 * two cores. Larger campaigns run several ranges (`--seed-base`).
 */
export const SEEDS_MAX = 1_000_000;
/** Most worker threads (each is a V8 isolate of its own, tens of MB). */
export const JOBS_MAX = 64;

export function registerSweep(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program
    .command("sweep")
    .description("run a range of seeds on worker threads; exit 1 if any violates an invariant, else 4 if any is inconclusive")
    .option("-n, --seeds <n>", `how many seeds (default: ${DEFAULT_SEEDS}, at most ${SEEDS_MAX.toLocaleString("en-US")})`)
    .option("--seed-base <n|random>", "first seed (default: 0); 'random' draws one and prints it")
    .option("--shard <i/n>", "run only shard i of n of the seed range (merge the reports with `simctl merge`)")
    .option("-j, --jobs <n>", `most worker threads at a time, at most ${JOBS_MAX} (default: the number of cores); one starts, and more join only while the seeds left repay their start-up (small sweeps of built-in targets without --jobs run in-process)`)
    .option("--seed-timeout <seconds>", `wall-clock limit per seed; a seed over it is a hang (default: ${DEFAULT_SEED_TIMEOUT_S})`)
    .option("--worker-heap-mb <mb>", "heap limit per worker thread; a seed that exceeds it is a crash")
    .option("--reporter <name[:file]>", "text | json | junit | github, repeatable; NAME:FILE writes to a file (default: text)", collect, undefined)
    .option("--out <file>", "write the (one) reporter without a file to this file instead of stdout")
    .option("--save-failures <dir>", "write one replay file per failing seed into this directory")
    .option("--shrink", "shrink each failing seed to a short repro (saved by --save-failures)")
    .option("--shrink-budget <runs>", `most re-runs per shrunk seed (default: ${DEFAULT_SHRINK_BUDGET})`)
    .option("--max-failures <n>", "stop the sweep after n failing (failed or errored) seeds; the seeds not run are reported as such")
    .option("--check-determinism [percent]", "run that share of the seeds (default 10%) twice more, away from the sweep's worker, and report any whose op, state, trace hash or verdict differs (exit 3)")
    .option("--no-progress", "no progress bar (it shows only on a terminal, never in CI)");
  addRunFlags(cmd, { report: false }).action(async (flags: SweepFlags & { reporter?: string[] }) => {
    setExit(await runSweepCommand({ ...flags, reporters: flags.reporter }, io));
  });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Every flag of a sweep, checked before anything is loaded or run. */
interface SweepPlan {
  readonly specs: ReporterSpec[];
  readonly count: number | undefined;
  readonly seedBase: { base: number; random: boolean } | undefined;
  readonly shard: Shard | undefined;
  readonly jobs: number | undefined;
  readonly seedTimeoutMs: number;
  readonly heapMb: number | undefined;
  readonly shrinkBudget: number;
  readonly maxFailures: number | undefined;
  /** The share of seeds `--check-determinism` re-runs, or undefined. */
  readonly determinismPercent: number | undefined;
}

function planSweep(flags: SweepFlags): SweepPlan {
  const seedsLimit = { value: SEEDS_MAX, why: "the most seeds one sweep accounts for; run larger campaigns as several ranges with --seed-base" };
  return {
    specs: parseReporterSpecs(flags.reporters, flags.out),
    count: flags.seeds !== undefined ? parseCount(flags.seeds, "--seeds", seedsLimit) : undefined,
    seedBase: flags.seedBase !== undefined ? parseSeedBase(flags.seedBase, undefined) : undefined,
    shard: flags.shard !== undefined ? parseShard(flags.shard) : undefined,
    jobs: flags.jobs !== undefined ? parseCount(flags.jobs, "--jobs", { value: JOBS_MAX, why: "worker threads" }) : undefined,
    seedTimeoutMs: parseSecondsMs(flags.seedTimeout ?? String(DEFAULT_SEED_TIMEOUT_S), "--seed-timeout"),
    heapMb: flags.workerHeapMb !== undefined ? parseCount(flags.workerHeapMb, "--worker-heap-mb") : undefined,
    shrinkBudget: flags.shrinkBudget !== undefined ? parseCount(flags.shrinkBudget, "--shrink-budget") : DEFAULT_SHRINK_BUDGET,
    maxFailures: flags.maxFailures !== undefined ? parseCount(flags.maxFailures, "--max-failures") : undefined,
    determinismPercent: parseDeterminismPercent(flags.checkDeterminism),
  };
}

export async function runSweepCommand(flags: SweepFlags, io: Io): Promise<number> {
  // Bad input is found before seed 0: every flag, then every output path, then the target.
  const plan = planSweep(flags);
  configureIsolation({ seedTimeoutMs: plan.seedTimeoutMs, heapMb: plan.heapMb, isolateBuiltins: false });
  const saveDir: OutputSpec[] = flags.saveFailures !== undefined ? [{ path: flags.saveFailures, flag: "--save-failures", kind: "dir" }] : [];
  checkOutputPaths([...reporterOutputs(plan.specs), ...saveDir]);
  checkNotASavedName(plan.specs, flags.saveFailures);
  // A JSON or XML document on stdout: whatever the target writes to stdout (when its module is
  // loaded, in this thread or a worker's) goes to stderr, so the document stays valid.
  if (documentOnStdout(plan.specs)) io.claimStdout?.();
  const inv = await resolveInvocation({ ...flags, reporter: undefined }, io);
  const count = plan.count ?? checkScenarioSeeds(inv.scenario?.seeds ?? DEFAULT_SEEDS);
  const { base, random } = plan.seedBase ?? parseSeedBase(undefined, inv.scenario);
  const range: SeedRange = { base, count };
  validateRange(range);
  const part = plan.shard !== undefined ? shardRange(range, plan.shard) : range;
  if (random) io.err(`seed base: ${base}\n`);
  const interrupts = new Interrupts(io).install(() => undefined);
  try {
    return await sweepAndReport(inv, range, part, plan, flags, io, interrupts, random);
  } finally {
    interrupts.dispose();
  }
}

/** A report inside the --save-failures directory must not be named like a seed's file there (one would replace the other). */
function checkNotASavedName(specs: readonly ReporterSpec[], dir: string | undefined): void {
  if (dir === undefined) return;
  for (const spec of specs) {
    if (spec.file === undefined || resolve(dirname(spec.file)) !== resolve(dir) || !/-seed-\d+\.(?:json|html)$/.test(basename(spec.file))) continue;
    throw new InputError(`${spec.flag ?? `--reporter ${spec.name}`}: '${spec.file}' is named like a failing seed's file in --save-failures ${dir}: name the report otherwise`);
  }
}

function checkScenarioSeeds(seeds: number): number {
  if (seeds > SEEDS_MAX) throw new InputError(`the scenario's seeds ${seeds} is over the limit of ${SEEDS_MAX.toLocaleString("en-US")} (the most seeds one sweep accounts for)`);
  return seeds;
}

async function sweepAndReport(inv: Invocation, range: SeedRange, part: SeedRange, plan: SweepPlan, flags: SweepFlags, io: Io, interrupts: Interrupts, random: boolean): Promise<number> {
  const pooled = await runPool(inv, range, part, plan, flags, io, interrupts);
  const { failures } = pooled;
  const doc = plan.determinismPercent !== undefined && pooled.doc.stopped === undefined ? await withDeterminism(inv, pooled.doc, plan.determinismPercent) : pooled.doc;
  let shrunk = new Map<number, ShrinkResult<unknown>>();
  if (flags.shrink === true && doc.stopped === undefined) {
    let stop = false;
    interrupts.onStop(() => (stop = true));
    shrunk = await shrinkFailures(inv, failures, plan.shrinkBudget, () => stop);
  }
  const style = makeStyle(io, flags.color);
  const header = random ? [`seed base: ${range.base} (random)`] : [];
  // Every report that can be written is written; the first write failure is the exit code (2).
  let writeFailure: unknown;
  // With an HTML report, --save-failures also writes each saved seed's run page, which it links to.
  const pages = flags.saveFailures !== undefined && plan.specs.some((s) => s.name === "html") ? runPagePaths(inv, failures, flags.saveFailures) : undefined;
  await emitSweep(plan.specs, doc, { style, invariants: inv.target.invariants }, header, io, pages === undefined ? undefined : (seed) => pages.get(seed)).catch((err: unknown) => (writeFailure ??= err));
  if (shrunk.size > 0 && plan.specs.some((s) => s.name === "text" && s.file === undefined)) io.out(renderShrunk(inv, shrunk, style));
  if (flags.saveFailures !== undefined) await saveFailures(inv, failures, flags.saveFailures, shrunk, interrupts, io, pages).catch((err: unknown) => (writeFailure ??= err));
  const signalled = interrupts.signal !== undefined;
  if (signalled) io.err(interruptedListing(doc));
  if (writeFailure !== undefined) throw writeFailure;
  if (signalled) return interrupts.exitCode;
  return docExitCode(doc);
}

/** The sweep's document with the outcome of `--check-determinism` on its share of the seeds. */
async function withDeterminism(inv: Invocation, doc: SweepDoc, percent: number): Promise<SweepDoc> {
  const swept = new Map(doc.seeds.map((s) => [s.seed, s]));
  const sample = determinismSample(doc.seeds.map((s) => s.seed), percent);
  const check = await checkDeterminism(inv.target, inv.options, sample, percent, swept);
  return { ...doc, determinism: { percent: check.percent, checked: check.checked.length, nondeterministic: [...check.nondeterministic] } };
}

/** What an interrupted sweep prints on stderr: the failing seeds so far (the first few) and their replay commands. */
function interruptedListing(doc: SweepDoc): string {
  const list = (entries: readonly FailureDoc[]): string => {
    const shown = entries.slice(0, FAILURES_SHOWN).map((f) => `  ${f.replay}`);
    if (entries.length > FAILURES_SHOWN) shown.push(`  … and ${entries.length - FAILURES_SHOWN} more (every one is in the report: --reporter json:FILE)`);
    return shown.join("\n");
  };
  const failing = doc.failures.filter((f) => f.status !== "inconclusive");
  const inconclusive = doc.failures.filter((f) => f.status === "inconclusive");
  const also = inconclusive.length > 0 ? `inconclusive seeds so far:\n${list(inconclusive)}\n` : "";
  return `interrupted: ${doc.summary.notRun} seeds not run; failing seeds so far:\n${list(failing) || "  (none)"}\n${also}`;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Run the seeds of `part`. A signal or `--max-failures` cancels the run and leaves unrun seeds
 * marked. Memory stays bounded by the seeds, not by what the target returns: each failing
 * result becomes a bounded failure entry as it arrives (details only for the lowest seeds), and
 * what the accumulator keeps of it is a light copy.
 */
async function runPool(inv: Invocation, range: SeedRange, part: SeedRange, plan: SweepPlan, flags: SweepFlags, io: Io, interrupts: Interrupts) {
  const acc = new SweepAccumulator(inv.target, inv.options, range, plan.shard);
  const collector = new FailureCollector();
  /** Failed and errored seeds (not inconclusive ones), light: what --shrink and --save-failures act on. */
  const failures: RunResult[] = [];
  const replayFor = (seed: number, hash: string): string => replayCommand(inv, seed, hash === "" ? undefined : hash);
  const seeds = Array.from({ length: part.count }, (_, i) => part.base + i);
  const progress = await startProgress(io, seeds.length, flags.progress !== false);
  let stopped: Stopped | undefined;
  let failing = 0;
  const onResult = (r: RunResult): void => {
    const status = seedStatus(r);
    if (status === "passed") acc.add(r);
    else {
      const entry = failureDoc(r, replayFor(r.seed, r.traceHash));
      collector.add(entry);
      const first = entry.violations.slice(0, 1) as Violation[];
      const light: Mutable<RunResult> = { ...r, violations: status === "inconclusive" ? [] : first, inconclusive: status === "inconclusive" ? first : [], recent: [], recentOps: [] };
      delete light.recorded;
      delete light.checkpoints;
      acc.add(light);
      light.histogram = {}; // summed by add; not kept per failing seed
      if (status !== "inconclusive") {
        failures.push(light);
        failing++;
      }
    }
    progress.tick(status, r.steps);
    if (plan.maxFailures !== undefined && failing >= plan.maxFailures && stopped === undefined && part.count > acc.size) {
      stopped = { reason: "max-failures", message: `stopped after ${failing} failing seed${failing === 1 ? "" : "s"} (--max-failures ${plan.maxFailures})` };
      pool.cancel();
    }
  };
  const totalSteps = part.count * inv.options.ops;
  const inProcess = plan.jobs === undefined && plan.heapMb === undefined && flags.seedTimeout === undefined && (await loadBuiltin(inv.targetSpec)) === inv.target && totalSteps <= IN_PROCESS_STEPS_MAX;
  const seedPool = inProcess
    ? undefined
    : new SeedPool(
        {
          // An upper bound: the pool adds workers only while they pay for themselves.
          jobs: plan.jobs ?? Math.min(availableParallelism(), JOBS_MAX),
          setup: { targetSpec: inv.targetSpec, implSpec: inv.implSpec, cwd: io.cwd },
          options: inv.options,
          // The worker that loaded a user's module (to learn its tables) runs seeds too: loaded
          // once. Not with --check-determinism, whose re-runs must happen away from the sweep's workers.
          lent: plan.determinismPercent === undefined ? sessionOf(inv.target)?.lend() : undefined,
          seedTimeoutMs: plan.seedTimeoutMs,
          heapMb: plan.heapMb,
          targetName: inv.target.name,
        },
        seeds,
        onResult,
      );
  const pool: SeedRunner = seedPool ?? new InProcessRunner(inv.target, inv.options, seeds, onResult);
  interrupts.onStop(() => {
    stopped ??= { reason: interrupts.signal!, message: `interrupted by ${interrupts.signal!}` };
    pool.cancel();
  });
  const started = performance.now();
  try {
    await pool.run();
  } finally {
    progress.stop();
  }
  const wallMs = performance.now() - started;
  if (seedPool !== undefined && isSet(io.env.SIMCTL_POOL_STATS)) io.err(poolStatsLine(seedPool.stats()));
  for (const seed of [...pool.running(), ...pool.unstarted()]) acc.notRun(seed);
  const doc: SweepDoc = toSweepDoc(acc.report(), wallMs, replayFor, { failures: collector.failures(), stopped, impl: inv.implSpec });
  failures.sort((a, b) => a.seed - b.seed);
  return { doc, failures };
}

/**
 * Steps up to which a sweep of a built-in target without --jobs runs in the main thread: even
 * one worker costs more to start (~0.1 s of loading, and warming up again what the main thread
 * has warm already) than such a sweep takes. Above it, the pool decides how many workers pay.
 */
const IN_PROCESS_STEPS_MAX = 200_000;

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0";
}

/**
 * `SIMCTL_POOL_STATS=1`: how many workers the pool ran, on stderr (for tests and tuning; how many
 * run depends on timing, so it stays out of the report, which must not).
 */
function poolStatsLine(stats: PoolStats): string {
  return `simctl: pool: ${JSON.stringify(stats)}\n`;
}

function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new InputError(`--shard must be i/n (like 2/4), got '${text}'`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  shardRange({ base: 0, count: 1 }, shard); // checks 1 <= i <= n
  return shard;
}

/** Shrink the failed seeds (not the errored ones: a hang or crash cannot be re-run in-process). */
async function shrinkFailures(inv: Invocation, failures: readonly RunResult[], budget: number, stop: () => boolean): Promise<Map<number, ShrinkResult<unknown>>> {
  const out = new Map<number, ShrinkResult<unknown>>();
  for (const f of failures) {
    if (stop()) break;
    if (!isErrored(f)) out.set(f.seed, await shrinkSeed(inv.target, f.seed, inv.options, { budget }));
  }
  return out;
}

function renderShrunk(inv: Invocation, shrunk: ReadonlyMap<number, ShrinkResult<unknown>>, style: Style): string {
  const shown = [...shrunk].slice(0, SHRUNK_SHOWN);
  const more = shrunk.size - shown.length;
  return [style.bold(`Shrunk repros (${shrunk.size})`), "", ...shown.map(([seed, s]) => renderRepro(inv.target, seed, s, style)), more > 0 ? `(${more} more: see --save-failures)\n` : ""].join("\n");
}

function isErrored(r: RunResult): boolean {
  return seedStatus(r) === "errored";
}
