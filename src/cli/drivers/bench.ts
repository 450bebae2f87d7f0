/**
 * `simctl drivers bench [--driver NAME|FILE] [--profile P] [--seeds N] [--seed-base N] [--jobs N]
 * [--reporter text|json]`: the benchmark figures of each driver under each profile (simulated time:
 * the same on every machine, for any --jobs), each against its profile's budget with every line
 * passed or failed and why, and the stable signature of each benchmark and result. Exit 1 when a
 * budget fails.
 */
import Table from "cli-table3";
import { EXIT, InputError } from "../../core/errors.js";
import { aggregate, BENCH_OPS } from "../../targets/async-driver/bench.js";
import { budgetFailures, defaultBudgets, evaluateBudgets, type Benchmark, type BudgetResult } from "../../targets/async-driver/budget.js";
import { parseDriverContract } from "../../targets/async-driver/contract-file.js";
import { BENCHMARK_PROFILES, type BenchmarkProfile, type DriverContract } from "../../targets/async-driver/contract.js";
import { supportedDrivers } from "../../targets/async-driver/drivers.js";
import { benchmarkSignature, budgetResultSignature } from "../../targets/async-driver/signature.js";
import { valid } from "../../targets/async-driver/valid.js";
import { parseChoice, parseWhole } from "../common.js";
import { readJsonFile } from "../files.js";
import type { Io } from "../io.js";
import { makeStyle } from "../reporters/style.js";
import { runTasks, type BenchTask } from "./bench-pool.js";

export interface DriversBenchFlags {
  readonly driver?: string;
  readonly profile?: string;
  readonly seeds?: string;
  readonly seedBase?: string;
  readonly jobs?: string;
  readonly reporter?: string;
  readonly color?: boolean;
}

export async function driversBench(flags: DriversBenchFlags, io: Io): Promise<number> {
  const reporter = flags.reporter ?? "text";
  if (reporter !== "text" && reporter !== "json") throw new InputError(`unknown reporter '${reporter}' (known: text, json)`);
  const profiles: BenchmarkProfile[] = flags.profile === undefined ? [...BENCHMARK_PROFILES] : [parseChoice(flags.profile, "profile", BENCHMARK_PROFILES)];
  const seeds = parseWhole(flags.seeds ?? "20", "--seeds", 1, 10_000);
  const seedBase = parseWhole(flags.seedBase ?? "0", "--seed-base", 0, 2 ** 32 - 1);
  const jobs = parseWhole(flags.jobs ?? "1", "--jobs", 1, 64);
  const drivers = await driversOf(flags.driver, io.cwd);
  const tasks: BenchTask[] = [];
  for (const contract of drivers) for (const profile of profiles) for (let i = 0; i < seeds; i++) tasks.push({ index: tasks.length, contract, profile, seed: seedBase + i, ops: BENCH_OPS });
  let reports;
  try {
    reports = await runTasks(tasks, jobs);
  } catch (err) {
    io.err(`simctl: drivers bench: a benchmark run broke its driver's contract: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.violation;
  }
  const benchmarks: Benchmark[] = [];
  for (let b = 0; b < drivers.length * profiles.length; b++) {
    const first = tasks[b * seeds]!;
    benchmarks.push(aggregate(first.contract, first.profile, reports.slice(b * seeds, (b + 1) * seeds)));
  }
  const results = evaluateBudgets(benchmarks, defaultBudgets());
  if (reporter === "json") io.out(`${JSON.stringify(json(benchmarks, results, { seeds, seedBase, ops: BENCH_OPS }), null, 2)}\n`);
  else text(benchmarks, results, { seeds, seedBase }, io, flags.color);
  return budgetFailures(results) > 0 ? EXIT.violation : EXIT.ok;
}

function json(benchmarks: readonly Benchmark[], results: readonly BudgetResult[], options: object): object {
  return {
    format: "simctl-drivers-bench/1",
    options,
    budgets: defaultBudgets(),
    benchmarks: benchmarks.map((b) => ({ ...b, signature: benchmarkSignature(b) })),
    results: results.map((r) => ({ ...r, signature: budgetResultSignature(r) })),
    failures: budgetFailures(results),
  };
}

function text(benchmarks: readonly Benchmark[], results: readonly BudgetResult[], options: { seeds: number; seedBase: number }, io: Io, color: boolean | undefined): void {
  const style = makeStyle(io, color);
  io.out(`simctl drivers bench  seeds=${options.seedBase}..${options.seedBase + options.seeds - 1} ops=${BENCH_OPS} (simulated time; latency from each request's intended start)\n`);
  const table = new Table({ head: ["driver", "profile", "p50 ms", "p95 ms", "timeouts bps", "retries bps", "ops/s", "budget", "signature"], style: { head: [], border: [] }, chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" } });
  benchmarks.forEach((b, i) => {
    const r = results[i]!;
    table.push([b.driver, b.profile, b.p50LatencyMs, b.p95LatencyMs, b.timeoutRateBps, b.retryRateBps, b.throughputOpsPerSec, r.passed ? style.green("pass") : style.red("FAIL"), benchmarkSignature(b).slice(0, 19)]);
  });
  io.out(`${table.toString()}\n`);
  for (const budget of defaultBudgets()) io.out(`budget ${budget.profile}: p95 <= ${budget.maxP95LatencyMs} ms, timeouts <= ${budget.maxTimeoutRateBps} bps, retries <= ${budget.maxRetryRateBps} bps, throughput >= ${budget.minThroughputOpsPerSec} ops/s\n`);
  for (const r of results) io.out(`${r.passed ? style.green("pass") : style.red("FAIL")} ${r.driver} ${r.profile}: ${r.reason}\n`);
  const failed = budgetFailures(results);
  io.out(failed === 0 ? `${style.green.bold("PASS")}: ${results.length} benchmarks within their budgets\n` : `${style.red.bold("FAIL")}: ${failed} of ${results.length} benchmarks over budget\n`);
}

async function driversOf(arg: string | undefined, cwd: string): Promise<DriverContract[]> {
  const builtin = supportedDrivers();
  if (arg === undefined || arg === "all") return builtin;
  const named = builtin.find((d) => d.name === arg);
  if (named !== undefined) return [named];
  if (!/[/\\]|\.json$/.test(arg)) throw new InputError(`unknown driver '${arg}' (built-in: ${builtin.map((d) => d.name).join(", ")}, all; or a path to a contract .json)`);
  const { resolve } = await import("node:path");
  const contract = parseInput(await readJsonFile(resolve(cwd, arg), "driver contract"), arg);
  const problems = valid(contract);
  if (problems.length > 0) throw new InputError(`driver contract '${arg}' breaks ${problems.map((p) => `${p.field}: ${p.reason}`).join("; ")} (see simctl drivers check)`);
  return [contract];
}

function parseInput(json: unknown, path: string): DriverContract {
  try {
    return parseDriverContract(json, `driver contract '${path}'`);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
}


