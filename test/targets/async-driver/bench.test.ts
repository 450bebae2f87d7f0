/**
 * Benchmarks: aggregate's percentiles against a brute-force nearest-rank sort of the same samples
 * (exact below 2048 ms, within HdrHistogram's 3 significant digits above), its rate and
 * throughput formulas on hand-computed numbers, and runBenchmarks over every supported driver and
 * profile: within the default budgets, deterministic, and sensitive to the seeds.
 */
import { describe, expect, it } from "vitest";
import { aggregate, BENCH_OPS, BENCHMARK_PROFILES, benchmarkRun, defaultBudgets, evaluateBudgets, kafkaAsyncDriver, postgresAsyncDriver, runBenchmarks, supportedDrivers, type DriverRunReport } from "../../../src/targets/async-driver/index.js";

/** Below this, a 3-significant-digit HdrHistogram counts every integer ms in its own bucket. */
const EXACT_BELOW_MS = 2048;
const pg = postgresAsyncDriver();

/** A run report with these latency samples (and the other figures given, else zero). */
function report(latenciesMs: readonly number[], figures: Partial<DriverRunReport> = {}): DriverRunReport {
  const zero = { requests: 0, ok: 0, refused: 0, attempts: 0, timeouts: 0, retries: 0, durationMs: 0, windowMs: 0, okInWindow: 0 };
  return { driver: pg.name, profile: "mixed-latency", latenciesMs, ...zero, ...figures };
}

/**
 * The nearest-rank percentile of the samples (the smallest sample with at least p% of them at or
 * below it), on the values aggregate records: whole ms, at least 1.
 */
function nearestRank(samples: readonly number[], p: number): number {
  const sorted = samples.map((ms) => Math.max(1, Math.round(ms))).sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

/** `reported` is the exact percentile below 2048 ms, and within 0.1% of it above. */
function expectAgrees(reported: number, exact: number, what: string): void {
  if (exact < EXACT_BELOW_MS) expect(reported, what).toBe(exact);
  else expect(Math.abs(reported - exact) / exact, `${what}: ${reported} for ${exact}`).toBeLessThanOrEqual(0.001);
}

function expectPercentilesAgree(runs: readonly DriverRunReport[], what: string): void {
  const samples = runs.flatMap((r) => r.latenciesMs);
  const b = aggregate(pg, "mixed-latency", runs);
  expectAgrees(b.p50LatencyMs, nearestRank(samples, 50), `${what} p50`);
  expectAgrees(b.p95LatencyMs, nearestRank(samples, 95), `${what} p95`);
}

/** A deterministic stream of integers in [0, n) (a 32-bit LCG), for sample sets. */
function lcg(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    return x % n;
  };
}

describe("aggregate: percentiles agree with a brute-force sort of the same samples", () => {
  it("small hand-made sets, over one run and split across runs", () => {
    expectPercentilesAgree([report([5, 1, 3, 2, 4])], "1..5");
    expect(aggregate(pg, "mixed-latency", [report([5, 1, 3, 2, 4])])).toMatchObject({ p50LatencyMs: 3, p95LatencyMs: 5 });
    // 20 samples: the 10th is the median, the 19th the p95.
    const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(aggregate(pg, "mixed-latency", [report(twenty.slice(0, 7)), report(twenty.slice(7))])).toMatchObject({ p50LatencyMs: 100, p95LatencyMs: 190 });
    expectPercentilesAgree([report(twenty.slice(0, 7)), report([]), report(twenty.slice(7))], "10..200 in three runs");
  });

  it("values above 2048 ms: the p95 within 0.1%, the median still exact", () => {
    // 100 samples: 80 fast, 20 slow from 2049 to 999_999 ms, so the p95 (the 95th) is a slow one.
    const slow = [2049, 2051, 2999, 3001, 4097, 4099, 5003, 8191, 8193, 12_345, 16_383, 33_333, 65_537, 99_999, 131_071, 250_001, 400_003, 777_777, 900_001, 999_999];
    const fast = Array.from({ length: 80 }, (_, i) => 1 + ((i * 37) % 1500));
    const samples = [...fast, ...slow];
    expect(nearestRank(samples, 95)).toBeGreaterThan(EXACT_BELOW_MS);
    expectPercentilesAgree([report(samples.slice(0, 50)), report(samples.slice(50))], "fast and slow");
    // All slow: the median too falls in a bucket wider than 1 ms.
    expectPercentilesAgree([report(slow)], "slow only");
    expectPercentilesAgree([report(Array<number>(9).fill(4097))], "4097 x 9");
  });

  it("40 random sets of 1-400 samples from 1 ms to 1000 s, split across 1-3 runs", () => {
    for (let set = 0; set < 40; set++) {
      const next = lcg(set);
      // Mostly below 2048 ms, a tail of up to 1000 s: both sides of the exact range.
      const samples = Array.from({ length: 1 + next(400) }, () => (next(10) < 8 ? 1 + next(3000) : 1 + next(1_000_000)));
      const cut = [next(samples.length + 1), next(samples.length + 1)].sort((a, b) => a - b);
      const runs = [samples.slice(0, cut[0]), samples.slice(cut[0], cut[1]), samples.slice(cut[1])].map((s) => report(s));
      expectPercentilesAgree(runs, `set ${set}`);
    }
  });

  it("real runs: kafka-async under mixed-latency, seeds 2-4 (a p95 past 2048 ms)", async () => {
    const kafka = kafkaAsyncDriver();
    const runs: DriverRunReport[] = [];
    for (const seed of [2, 3, 4]) runs.push(await benchmarkRun(kafka, "mixed-latency", seed, BENCH_OPS));
    const samples = runs.flatMap((r) => r.latenciesMs);
    expect(samples.length).toBeGreaterThan(100);
    const b = aggregate(kafka, "mixed-latency", runs);
    expect(b).toMatchObject({ driver: "kafka-async", profile: "mixed-latency" });
    expectAgrees(b.p50LatencyMs, nearestRank(samples, 50), "p50");
    expectAgrees(b.p95LatencyMs, nearestRank(samples, 95), "p95");
  });
});

describe("aggregate: rates and throughput", () => {
  it("the formulas on hand-computed numbers", () => {
    const runs = [
      report([10], { requests: 100, refused: 10, attempts: 120, timeouts: 6, retries: 20, windowMs: 2_000, okInWindow: 80 }),
      report([20], { requests: 50, refused: 0, attempts: 55, timeouts: 1, retries: 5, windowMs: 1_000, okInWindow: 45 }),
    ];
    expect(aggregate(pg, "heavy-data", runs)).toEqual({
      driver: "postgres-async",
      profile: "heavy-data",
      p50LatencyMs: 10,
      p95LatencyMs: 20,
      // 7 timeouts of 175 attempts = 4%.
      timeoutRateBps: 400,
      // 25 retries of 140 requests sent (150 less 10 refused) = 17.857%, rounded to the basis point.
      retryRateBps: 1_786,
      // 125 ok within 3 s of offered load = 41.67/s, rounded.
      throughputOpsPerSec: 42,
    });
  });

  it("no runs, or runs with nothing sent, give zeros rather than NaN", () => {
    const zeros = { p50LatencyMs: 0, p95LatencyMs: 0, timeoutRateBps: 0, retryRateBps: 0, throughputOpsPerSec: 0 };
    expect(aggregate(pg, "mixed-latency", [])).toEqual({ driver: "postgres-async", profile: "mixed-latency", ...zeros });
    expect(aggregate(pg, "mixed-latency", [report([], { requests: 3, refused: 3 })])).toMatchObject(zeros);
  });
});

describe("runBenchmarks over every supported driver and both profiles", () => {
  const options = { seeds: 5, seedBase: 0, ops: BENCH_OPS };

  it("every benchmark keeps the default budget; the same seeds give the same figures, other seeds others", async () => {
    const drivers = supportedDrivers();
    const first = await runBenchmarks(drivers, BENCHMARK_PROFILES, options);
    expect(first.map((b) => `${b.driver}/${b.profile}`)).toEqual(drivers.flatMap((d) => BENCHMARK_PROFILES.map((p) => `${d.name}/${p}`)));
    for (const b of first) expect(b.throughputOpsPerSec, `${b.driver}/${b.profile}`).toBeGreaterThan(0);
    const results = evaluateBudgets(first, defaultBudgets());
    expect(results.filter((r) => !r.passed).map((r) => `${r.driver}/${r.profile}: ${r.reason}`)).toEqual([]);
    expect(results).toHaveLength(drivers.length * BENCHMARK_PROFILES.length);

    expect(await runBenchmarks(drivers, BENCHMARK_PROFILES, options)).toEqual(first);

    const other = await runBenchmarks(drivers, BENCHMARK_PROFILES, { ...options, seedBase: 1_000 });
    expect(other.map((b) => `${b.driver}/${b.profile}`)).toEqual(first.map((b) => `${b.driver}/${b.profile}`));
    expect(other).not.toEqual(first);
  });
});
