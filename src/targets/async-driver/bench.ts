/**
 * Benchmarks (the seed's `run_enterprise_benchmarks`): a driver contract under a profile, over
 * seeds, in simulated time. Each seed is one run of the profile's workload with the reference
 * driver keeping that contract, at the `sunny` level (the profile's own latencies, spikes and
 * errors are the load; no background network faults), without bursts (they test backpressure,
 * not speed). Latency is measured from each request's intended start, the moment the application
 * issued it, not from when the driver got round to sending it (YCSB's correction for coordinated
 * omission: a queue in the driver counts against it), and recorded in an HdrHistogram merged over
 * the seeds in seed order, so the figures are the same however the seeds were run.
 */
import * as hdr from "hdr-histogram-js";
import { runSeed } from "../../index.js";
import type { Benchmark } from "./budget.js";
import { BENCHMARK_PROFILES, type BenchmarkProfile, type DriverContract } from "./contract.js";
import { supportedDrivers } from "./drivers.js";
import type { DriverFactory } from "./driver/driver.js";
import { referenceDriver } from "./driver/reference-driver.js";
import { BENCH_THINK_MS } from "./profiles.js";
import type { DriverRunReport } from "./sim.js";
import { makeDriverTarget } from "./target.js";

export interface BenchOptions {
  readonly seeds: number;
  readonly seedBase: number;
  /** Requests per seed (the kernel's ops). */
  readonly ops: number;
}

export const BENCH_OPS = 500;
/** Latencies up to an hour, 3 significant digits: exact below 2048 ms, within 0.1% above. */
const HISTOGRAM = { lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: 3 as const, useWebAssembly: false };

/** One seed of `contract` under `profile`. Throws when the run broke an invariant (a benchmark of a broken driver means nothing). */
export async function benchmarkRun(contract: DriverContract, profile: BenchmarkProfile, seed: number, ops: number, factory: DriverFactory = referenceDriver): Promise<DriverRunReport> {
  let report: DriverRunReport | undefined;
  const target = makeDriverTarget(factory, { driver: contract, report: (r) => (report = r) });
  const think = BENCH_THINK_MS[profile];
  const result = await runSeed(target, seed, { ops, faultLevel: "sunny", workload: profile, weights: { burst: 0 }, thinkMsMin: think.min, thinkMsMax: think.max });
  const broken = result.violations[0];
  if (broken !== undefined) throw new Error(`${contract.name} under ${profile}, seed ${seed}: ${broken.invariant} ${broken.message}`);
  if (report === undefined) throw new Error(`${contract.name} under ${profile}, seed ${seed}: the run ended without a report`);
  return report;
}

/** The benchmark of `runs` (the seeds of one driver and profile, in seed order). */
export function aggregate(contract: DriverContract, profile: BenchmarkProfile, runs: readonly DriverRunReport[]): Benchmark {
  const h = hdr.build(HISTOGRAM);
  let attempts = 0;
  let timeouts = 0;
  let retries = 0;
  let sent = 0;
  let ok = 0;
  let windowMs = 0;
  for (const r of runs) {
    for (const ms of r.latenciesMs) h.recordValue(Math.max(1, Math.round(ms)));
    attempts += r.attempts;
    timeouts += r.timeouts;
    retries += r.retries;
    sent += r.requests - r.refused;
    ok += r.okInWindow;
    windowMs += r.windowMs;
  }
  const bps = (n: number, of: number): number => (of === 0 ? 0 : Math.round((n / of) * 10_000));
  const benchmark: Benchmark = {
    driver: contract.name,
    profile,
    p50LatencyMs: h.totalCount === 0 ? 0 : h.getValueAtPercentile(50),
    p95LatencyMs: h.totalCount === 0 ? 0 : h.getValueAtPercentile(95),
    timeoutRateBps: bps(timeouts, attempts),
    retryRateBps: bps(retries, sent),
    // Sustained: requests completed ok while the load was offered, per second of it (the tail of
    // retries after the last request would otherwise count as idle time).
    throughputOpsPerSec: windowMs === 0 ? 0 : Math.round(ok / (windowMs / 1000)),
  };
  h.destroy();
  return benchmark;
}

/** Every driver under every profile, seeds run one after another in this thread. */
export async function runBenchmarks(drivers: readonly DriverContract[], profiles: readonly BenchmarkProfile[], options: BenchOptions): Promise<Benchmark[]> {
  const out: Benchmark[] = [];
  for (const contract of drivers) {
    for (const profile of profiles) {
      const runs: DriverRunReport[] = [];
      for (let i = 0; i < options.seeds; i++) runs.push(await benchmarkRun(contract, profile, options.seedBase + i, options.ops));
      out.push(aggregate(contract, profile, runs));
    }
  }
  return out;
}

/** The seed's `run_enterprise_benchmarks`: every supported driver under both profiles, `seeds` seeds each. */
export async function runEnterpriseBenchmarks(seeds = 20): Promise<Benchmark[]> {
  return runBenchmarks(supportedDrivers(), BENCHMARK_PROFILES, { seeds, seedBase: 0, ops: BENCH_OPS });
}
