/**
 * The CLI and scale sections of `npm run bench`: per-step cost against run length and simctl
 * against fast-check (each in a fresh process of its own, bench/isolated.ts), the CLI's start-up (issue 19) and a user's TypeScript target's
 * (issue 13), the CPU cost of `--jobs 2` and the memory of a 1M-op run (child processes); each
 * printed as a table, issue 19's goals returned as rows for the closing summary.
 */
import { CLI_PAIRS, benchCliSweep } from "./cli-sweep.js";
import { formatMsRange } from "./cpu-wall.js";
import type { ChildSummary } from "./child.js";
import { FC_CASES, FC_OPS, FC_PAIRS, FC_PROCESSES, poolVersus, type VersusPairs } from "./fast-check.js";
import { inFreshProcess } from "./isolated.js";
import { JOBS_PAIRS, JOBS_SEEDS, benchJobs } from "./jobs.js";
import { MEMORY_OPS, MEMORY_RUNS, benchMemory } from "./memory.js";
import { newTable, verdict, type GoalRow } from "./report.js";
import { SCALE_ROUNDS, SCALE_STEPS, type ScaleResult } from "./scale.js";
import { STARTUP_RUNS, benchStartup } from "./startup.js";
import { formatInt, formatMs, formatRatio, formatSummary, type Summary } from "./stats.js";

const BEYOND_NODE_GOAL_MS = 500;
const STARTUP_GOAL_MS = 1_000;
const JOBS_CPU_GOAL = 1.1;
const SCALE_SPREAD_GOAL = 1.25;
const VERSUS_GOAL = 5;
const MEMORY_GOAL_MIB = 200;

const ms = (s: Summary | undefined): string => (s === undefined ? "-" : formatMsRange(s));
const ratio = (s: Summary): string => formatSummary(s, formatRatio);
const childRow = (command: string, s: ChildSummary): string[] => [command, ms(s.wallMs), ms(s.cpuMs)];

export async function printStartup(): Promise<GoalRow[]> {
  const cli = await benchCliSweep();
  console.log(`\nStart-up of the built CLI: ${CLI_PAIRS} pairs interleaved with bare \`${cli.bare}\` after a warm-up each, median (min .. max); CPU = user + sys of the child, all threads (GNU time, 10 ms resolution); goal judged on median(sweep wall) - median(node wall):`);
  const t = newTable(["command", "wall", "CPU time", "goal", "result"]);
  t.push([...childRow(cli.command, cli.sweep), "", ""], [...childRow(cli.bare, cli.node), "", ""]);
  const met = cli.beyondNodeMs <= BEYOND_NODE_GOAL_MS;
  t.push(["beyond node (per pair: " + ms(cli.pairDiffMs) + ")", formatMs(cli.beyondNodeMs), "", `<= ${formatMs(BEYOND_NODE_GOAL_MS)} wall`, verdict(met)]);
  console.log(t.toString());

  const startup = await benchStartup();
  console.log(`\nStart-up of a user's TypeScript target: ${STARTUP_RUNS} runs interleaved with bare \`node -e ""\`, median (min .. max); goal judged on the wall medians:`);
  const s = newTable(["command", "wall", "CPU time", "goal", "result"]);
  s.push([...childRow(startup.command, startup.sweep), "", ""], [...childRow('node -e ""', startup.node), "", ""]);
  s.push(["beyond node's start-up", formatMs(startup.beyondNodeMs), "", `< ${formatMs(STARTUP_GOAL_MS)} wall`, verdict(startup.beyondNodeMs < STARTUP_GOAL_MS)]);
  console.log(s.toString());
  return [{ goal: `${cli.command}: <= ${formatMs(BEYOND_NODE_GOAL_MS)} wall beyond node's start-up`, figure: formatMs(cli.beyondNodeMs), met }];
}

async function printJobs(): Promise<GoalRow> {
  const r = await benchJobs();
  console.log(`\nCLI sweep of ${formatInt(JOBS_SEEDS)} seeds, --jobs 1 and --jobs 2 (--no-progress), ${JOBS_PAIRS} pairs interleaved after a warm-up each; CPU = user + sys of the child and all its threads; ratios per pair, median (min .. max):`);
  const t = newTable(["measure", "figure", "goal", "result"]);
  t.push(["--jobs 1: wall / CPU time", `${ms(r.one.wallMs)} / ${ms(r.one.cpuMs)}`, "", ""]);
  t.push(["--jobs 2: wall / CPU time", `${ms(r.two.wallMs)} / ${ms(r.two.cpuMs)}`, "", ""]);
  const met = r.cpuRatio === undefined ? undefined : r.cpuRatio.median <= JOBS_CPU_GOAL;
  t.push(["CPU jobs 2 / jobs 1", r.cpuRatio === undefined ? "- (no GNU time)" : ratio(r.cpuRatio), `<= ${formatRatio(JOBS_CPU_GOAL)}`, verdict(met)]);
  // Shown, not judged: the wall speed-up on a shared 2-core machine measures the neighbours too.
  t.push(["wall speed-up jobs 1 / jobs 2", ratio(r.wallSpeedup), "(information; was >= 1.8x)", "-"]);
  console.log(t.toString());
  return { goal: `--jobs 2 CPU time / --jobs 1 (${formatInt(JOBS_SEEDS)} seeds) <= ${formatRatio(JOBS_CPU_GOAL)}`, figure: r.cpuRatio === undefined ? "-" : formatRatio(r.cpuRatio.median), met };
}

function printScaling(): GoalRow {
  const r = inFreshProcess<ScaleResult>("scale");
  console.log(`\nPer-step cost against run length: done-ledger stormy sweeps in a fresh process, ${formatInt(SCALE_STEPS)} steps each, ${SCALE_ROUNDS} rounds interleaved after a warm-up, CPU ns per step, median (min .. max):`);
  const t = newTable(["sweep", "ns/step (CPU)", "goal", "result"]);
  for (const p of r.points) t.push([`${formatInt(p.seeds)} seeds x ${formatInt(p.ops)} ops`, formatSummary(p.nsPerStep, (v) => v.toFixed(0)), "", ""]);
  const met = r.spread <= SCALE_SPREAD_GOAL;
  t.push(["largest / smallest median ns/step", formatRatio(r.spread), `<= ${formatRatio(SCALE_SPREAD_GOAL)}`, verdict(met)]);
  console.log(t.toString());
  return { goal: `per-step cost flat from 500 to 8,000 ops per seed: largest / smallest median ns/step <= ${formatRatio(SCALE_SPREAD_GOAL)}`, figure: formatRatio(r.spread), met };
}

function printVersus(): GoalRow {
  const r = poolVersus(Array.from({ length: FC_PROCESSES }, () => inFreshProcess<VersusPairs>("fast-check")));
  console.log(`\nsimctl against fast-check, the same work per run: ${FC_CASES} cases x exactly ${FC_OPS} done-ledger ops, default op weights, sunny, same SUT, oracle and checks; in each of ${FC_PROCESSES} fresh processes ${FC_PAIRS} pairs interleaved after a warm-up each, all ${FC_PROCESSES * FC_PAIRS} pairs pooled, CPU time, median (min .. max):`);
  const t = newTable(["measure", "figure", "goal", "result"]);
  t.push([`simctl sweep ${FC_CASES} seeds x ${FC_OPS} ops`, `${formatSummary(r.simctl, formatInt)} steps/CPU-s`, "", ""]);
  t.push([`fast-check fc.modelRun, ${FC_CASES} runs x ${FC_OPS} commands`, `${formatSummary(r.fastCheck, formatInt)} steps/CPU-s`, "", ""]);
  t.push(["fast-check, each process's median", r.fastCheckByProcess.map(formatInt).join(", "), "", ""]);
  const met = r.ratio.median >= VERSUS_GOAL;
  t.push(["simctl / fast-check (per pair)", ratio(r.ratio), `>= ${VERSUS_GOAL}x`, verdict(met)]);
  console.log(t.toString());
  return { goal: `simctl / fast-check steps per CPU-s (${FC_CASES} x ${FC_OPS} ops, sunny) >= ${VERSUS_GOAL}x`, figure: formatRatio(r.ratio.median), met };
}

function printMemory(): GoalRow {
  const r = benchMemory();
  console.log(`\nMemory of a long run: done-ledger seed 1, stormy, ${formatInt(MEMORY_OPS)} ops, in a fresh child process each time (built library), ${MEMORY_RUNS} runs, median (min .. max):`);
  const t = newTable(["measure", "figure", "goal", "result"]);
  const mib = (v: number): string => v.toFixed(1);
  const met = r.maxRssMiB.median < MEMORY_GOAL_MIB;
  t.push(["peak RSS (MiB)", formatSummary(r.maxRssMiB, mib), `< ${MEMORY_GOAL_MIB} MiB`, verdict(met)]);
  t.push([`steps/CPU-s (${formatInt(r.steps)} steps)`, formatSummary(r.stepsPerCpuSec, formatInt), "", ""]);
  console.log(t.toString());
  return { goal: `peak RSS of a ${formatInt(MEMORY_OPS)}-op done-ledger run < ${MEMORY_GOAL_MIB} MiB`, figure: `${mib(r.maxRssMiB.median)} MiB`, met };
}

/** Per-step cost against run length and simctl against fast-check, each in a fresh process. */
export function printScale(): GoalRow[] {
  return [printScaling(), printVersus()];
}

/** The CLI's --jobs cost and a long run's memory: child processes timed from outside. */
export async function printChildScale(): Promise<GoalRow[]> {
  return [await printJobs(), printMemory()];
}
