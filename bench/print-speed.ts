/**
 * The speed sections of `npm run bench`: every built-in target's steps per CPU-second (each target
 * in a fresh process of its own, every invariant on) and the cluster targets' simulated-time compression, each printed as a table
 * and returned as issue 19 goal rows for the closing summary.
 */
import { COMPRESSION_OPS, COMPRESSION_RUNS, COMPRESSION_SEEDS, type CompressionBench } from "./compression.js";
import { inFreshProcess } from "./isolated.js";
import type { TargetAloneRow } from "./target-alone.js";
import type { ThroughputResult } from "./targets.js";
import type { Summary } from "./stats.js";
import { newTable, verdict, type GoalRow } from "./report.js";
import { formatInt, formatSummary } from "./stats.js";

/**
 * Steps per CPU-second goals. raft-storage's: the default 100-seed x 500-op sweep within one
 * CPU-second (50,000 steps/CPU-s), the budget of the CLI's 100-seed sweep; each of its steps drives
 * MemStore on the simulated disk (fsyncs, torn writes, crash and reopen, snapshots) under the
 * S1-S6 model, far more work than a ledger write, and it ran ~35,000-47,000 before issue 19's work.
 */
const STEP_GOALS: ReadonlyMap<string, number> = new Map([
  ["done-ledger", 1_000_000],
  ["findings-sink", 500_000],
  ["raft-storage", 50_000],
]);
const COMPRESSION_GOAL = 1000;

function stepsGoal(name: string): number {
  const goal = STEP_GOALS.get(name);
  if (goal === undefined) throw new Error(`no steps goal for ${name}`);
  return goal;
}

export function printThroughput(): GoalRow[] {
  console.log("Built-in targets, each in a fresh process of its own (as a simctl process runs one target), every invariant on: steps per CPU-second (wall beside), 5 rounds with the target's shapes interleaved after a warm-up, median (min .. max); goals judged on the CPU median.");
  console.log("Two ceilings close the table, shown and not judged: the kernel with a no-op target, and the done-ledger's own work (recorded ops replayed into its apply + check, no harness): no harness can take the done-ledger above the latter.");
  console.log("raft-storage's goal (50,000) is its default 100 x 500 sweep within one CPU-second: a step there is a MemStore call on the simulated disk under the S1-S6 model, not a ledger write.");
  const results: [string, ThroughputResult][] = [];
  for (const [name, longRun] of [["done-ledger", true], ["findings-sink", true], ["raft-storage", false]] as const) {
    for (const r of inFreshProcess<ThroughputResult[]>("throughput", name, longRun ? "long" : "sweep")) results.push([name, r]);
  }
  const table = newTable(["benchmark", "steps/CPU-s median", "min .. max", "wall steps/s median", "goal", "result"]);
  const goals: GoalRow[] = [];
  for (const [name, r] of results) {
    const s = r.stepsPerSec;
    const goal = stepsGoal(name);
    table.push([r.name, formatInt(s.median), `${formatInt(s.min)} .. ${formatInt(s.max)}`, formatInt(r.wallStepsPerSec.median), `>= ${formatInt(goal)}`, verdict(s.median >= goal)]);
    goals.push({ goal: `${r.name} >= ${formatInt(goal)} steps/CPU-s`, figure: `${formatInt(s.median)} steps/CPU-s`, met: s.median >= goal });
  }
  const kernel = inFreshProcess<{ name: string; stepsPerSec: Summary }>("kernel");
  table.push([kernel.name, formatInt(kernel.stepsPerSec.median), `${formatInt(kernel.stepsPerSec.min)} .. ${formatInt(kernel.stepsPerSec.max)}`, "", "(harness ceiling)", "-"]);
  for (const row of inFreshProcess<TargetAloneRow[]>("target-alone")) {
    table.push([row.name, formatInt(row.stepsPerSec.median), `${formatInt(row.stepsPerSec.min)} .. ${formatInt(row.stepsPerSec.max)}`, "", "(target ceiling)", "-"]);
  }
  console.log(table.toString());
  return goals;
}

function compressionTable(target: string, title: string, rows: readonly CompressionBench[]): GoalRow[] {
  console.log(`\n${title} at stormy (${COMPRESSION_SEEDS} seeds x ${COMPRESSION_OPS} ops per run, default think time and liveness phase, variants interleaved, ${COMPRESSION_RUNS} runs after a warm-up, median (min .. max); goal judged on the median):`);
  const table = newTable(["run", "steps", "simulated", "steps per CPU-second", "simulated s per CPU s", "goal", "result"]);
  const x = (v: number): string => `${formatInt(v)}x`;
  const goals: GoalRow[] = [];
  for (const r of rows) {
    const c = r.compression;
    table.push([r.label, formatInt(r.steps), `${(r.simMs / 1000).toFixed(1)} s`, formatSummary(r.stepsPerCpuSec, formatInt), formatSummary(c, x), `>= ${COMPRESSION_GOAL}x`, verdict(c.median >= COMPRESSION_GOAL)]);
    goals.push({ goal: `${target} ${r.label}: >= ${COMPRESSION_GOAL}x simulated s per CPU s`, figure: `${x(c.median)} (${formatInt(r.stepsPerCpuSec.median)} steps/CPU-s)`, met: c.median >= COMPRESSION_GOAL });
  }
  console.log(table.toString());
  return goals;
}

export function printCompression(): GoalRow[] {
  return [
    ...compressionTable("replication", "Replication", inFreshProcess<CompressionBench[]>("compression", "replication")),
    ...compressionTable("raft", "Raft", inFreshProcess<CompressionBench[]>("compression", "raft")),
    ...compressionTable("failover", "Failover (store + 3 servers; backend and pressure drawn per seed)", inFreshProcess<CompressionBench[]>("compression", "failover")),
    ...compressionTable("async-driver", "Async driver (application + database)", inFreshProcess<CompressionBench[]>("compression", "async-driver")),
  ];
}
