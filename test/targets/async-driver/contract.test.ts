/**
 * Async driver contracts: the built-ins, the rules of `valid`, consistency and telemetry parity,
 * budget evaluation, signatures and contract files (the seed's `integration/async_driver` values).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { budgetFailures, DEFAULT_BUDGET_LINES, defaultBudgets, evaluateBudgets, type Benchmark, type Budget } from "../../../src/targets/async-driver/budget.js";
import { parseDriverContract } from "../../../src/targets/async-driver/contract-file.js";
import { BENCHMARK_PROFILES, DRIVER_CAPABILITIES, DRIVER_CLASSES, type DriverCapability, type DriverContract } from "../../../src/targets/async-driver/contract.js";
import { clickhouseAsyncDriver, kafkaAsyncDriver, objectStoreAsyncDriver, postgresAsyncDriver, supportedDrivers } from "../../../src/targets/async-driver/drivers.js";
import { capabilityLabel, classLabel, profileLabel } from "../../../src/targets/async-driver/labels.js";
import { benchmarkSignature, budgetResultSignature, capabilityMatrixSignature, driverSignature } from "../../../src/targets/async-driver/signature.js";
import {
  consistencyProblems,
  contractsConsistent,
  parityProblems,
  timeoutRetryTelemetryParity,
  valid,
  worstCaseCallMs,
} from "../../../src/targets/async-driver/valid.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "examples");
const example = (name: string): unknown => JSON.parse(readFileSync(join(EXAMPLES, name), "utf8"));

const pg = postgresAsyncDriver();
const without = (d: DriverContract, cap: DriverCapability): DriverContract => ({ ...d, capabilities: d.capabilities.filter((c) => c !== cap) });
const retry = (d: DriverContract, r: Partial<DriverContract["retryPolicy"]>): DriverContract => ({ ...d, retryPolicy: { ...d.retryPolicy, ...r } });
const timeouts = (d: DriverContract, t: Partial<DriverContract["timeoutPolicy"]>): DriverContract => ({ ...d, timeoutPolicy: { ...d.timeoutPolicy, ...t } });

/** The same value with every object's keys in reverse order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
  return v;
}

describe("built-in drivers", () => {
  it("one per class, each valid; the set is consistent and has telemetry parity", () => {
    const drivers = supportedDrivers();
    expect(drivers.map((d) => d.class)).toEqual([...DRIVER_CLASSES]);
    for (const d of drivers) expect(valid(d), d.name).toEqual([]);
    expect(consistencyProblems()).toEqual([]);
    expect(parityProblems()).toEqual([]);
    expect(contractsConsistent()).toBe(true);
    expect(timeoutRetryTelemetryParity()).toBe(true);
  });

  it("stay inside the ranges the simulation relies on", () => {
    for (const d of supportedDrivers()) {
      expect(d.timeoutPolicy.requestMs, d.name).toBeGreaterThanOrEqual(500);
      expect(d.timeoutPolicy.requestMs, d.name).toBeLessThanOrEqual(5_000);
      expect(d.retryPolicy.baseBackoffMs, d.name).toBeGreaterThanOrEqual(10);
      expect(d.retryPolicy.maxBackoffMs, d.name).toBeLessThanOrEqual(2_000);
    }
    expect(pg).toMatchObject({ providerModule: "pg", maxInFlight: 16, maxQueueDepth: 256 });
    expect(kafkaAsyncDriver().capabilities).toContain("checkpoint-resume");
    expect(objectStoreAsyncDriver().capabilities).toContain("batch-write");
  });

  it("labels are distinct within each enum", () => {
    expect(new Set(DRIVER_CLASSES.map(classLabel)).size).toBe(DRIVER_CLASSES.length);
    expect(new Set(DRIVER_CAPABILITIES.map(capabilityLabel)).size).toBe(DRIVER_CAPABILITIES.length);
    expect(new Set(BENCHMARK_PROFILES.map(profileLabel)).size).toBe(BENCHMARK_PROFILES.length);
    expect(classLabel("object-store")).toBe("object-store adapter");
    expect(capabilityLabel("mixed-latency-tolerance")).toBe("mixed-latency tolerance");
  });
});

describe("valid", () => {
  it("names every rule a contract breaks, each with its field", () => {
    const bad: DriverContract = {
      ...pg,
      name: "Bad_Name",
      providerModule: "",
      maxInFlight: 0,
      maxQueueDepth: 1.5,
      timeoutPolicy: { connectMs: 0, requestMs: 1_000, idleMs: 500 },
      retryPolicy: { maxAttempts: 25, baseBackoffMs: 500, maxBackoffMs: 100, jitterPercent: 101 },
      telemetry: { ...pg.telemetry, retryMetric: "Retries", latencyMetric: pg.telemetry.timeoutMetric },
      capabilities: [...pg.capabilities, "batch-read"],
      supportTier: "",
      tuningGuide: "my guide.md",
    };
    expect(valid(bad).map((p) => p.field)).toEqual([
      "name",
      "providerModule",
      "maxInFlight",
      "maxQueueDepth",
      "timeoutPolicy.connectMs",
      "timeoutPolicy.idleMs",
      "retryPolicy.maxAttempts",
      "retryPolicy.maxBackoffMs",
      "retryPolicy.jitterPercent",
      "telemetry.retryMetric",
      "telemetry",
      "capabilities",
      "supportTier",
      "tuningGuide",
    ]);
    expect(valid(bad)).toContainEqual({ field: "maxInFlight", reason: "must be an integer from 1 to 10000, got 0" });
    expect(valid(bad)).toContainEqual({ field: "capabilities", reason: "lists 'batch-read' twice" });
  });

  // Each case breaks exactly one rule that links capabilities, class and policies.
  const cases: [string, DriverContract, string, RegExp][] = [
    ["an async driver must not block", without(pg, "non-blocking-execute"), "capabilities", /must include non-blocking-execute/],
    ["bounds must be declared", without(pg, "bounded-concurrency"), "capabilities", /must include bounded-concurrency: .*in-flight requests \(16\)/],
    ["timeouts must be reported", without(pg, "timeout-telemetry"), "capabilities", /must include timeout-telemetry: requests time out after 1000 ms/],
    ["retries must be reported", without(pg, "retry-telemetry"), "capabilities", /must include retry-telemetry: it retries \(maxAttempts 3\)/],
    ["a stream resumes from a checkpoint", without(kafkaAsyncDriver(), "checkpoint-resume"), "capabilities", /must include checkpoint-resume/],
    ["a columnar driver writes in batches", without(clickhouseAsyncDriver(), "batch-write"), "capabilities", /must include batch-write: columnar drivers write in batches/],
    ["an object store writes in batches", without(objectStoreAsyncDriver(), "batch-write"), "capabilities", /must include batch-write: object-store drivers write/],
    ["retried writes must be idempotent", without(pg, "idempotent-write"), "capabilities", /must include idempotent-write: it retries/],
    ["mixed latency needs jitter", retry(pg, { jitterPercent: 0 }), "retryPolicy.jitterPercent", /herds/],
    ["mixed latency needs a retry", retry(pg, { maxAttempts: 1 }), "retryPolicy.maxAttempts", /must be at least 2 with mixed-latency-tolerance/],
    ["idle at least a request", timeouts(clickhouseAsyncDriver(), { idleMs: 4_000 }), "timeoutPolicy.idleMs", /at least requestMs \(5000 ms\)/],
    ["idle at least a connect", timeouts(pg, { idleMs: 1_500 }), "timeoutPolicy.idleMs", /at least connectMs \(2000 ms\)/],
    ["the backoff cap above the base", retry(pg, { maxBackoffMs: 20 }), "retryPolicy.maxBackoffMs", /at least baseBackoffMs \(25 ms\)/],
  ];
  it.each(cases)("%s: breaking only that rule gives exactly its problem", (_, contract, field, reason) => {
    const problems = valid(contract);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe(field);
    expect(problems[0]!.reason).toMatch(reason);
  });

  it("the conditional rules do not fire when their condition is off", () => {
    // No retries: neither retry telemetry nor idempotent writes are required.
    const once = without(without(without(retry(pg, { maxAttempts: 1 }), "retry-telemetry"), "idempotent-write"), "mixed-latency-tolerance");
    expect(valid(once)).toEqual([]);
    // Without the tolerance claim, unjittered retries are allowed (a weaker contract, not a wrong one).
    expect(valid(without(retry(pg, { jitterPercent: 0 }), "mixed-latency-tolerance"))).toEqual([]);
    // A connect slower than a request is fine: neither order is wrong.
    expect(pg.timeoutPolicy.connectMs).toBeGreaterThan(pg.timeoutPolicy.requestMs);
  });
});

describe("consistency", () => {
  it("the worst-case call: every attempt connects and times out, every backoff at its longest", () => {
    // 3 x (2000 + 1000), plus 25 and 50 ms backoffs with 20% jitter (30 and 60).
    expect(worstCaseCallMs(pg)).toBe(9_090);
  });

  it("names an invalid driver, a repeated name, a call over the deadline and an idle timeout under a backoff", () => {
    const slow = timeouts(objectStoreAsyncDriver(), { requestMs: 20_000 });
    const idle = retry(timeouts(pg, { connectMs: 500, requestMs: 500, idleMs: 500 }), { baseBackoffMs: 1_000, maxBackoffMs: 2_000 });
    const problems = consistencyProblems([without(pg, "timeout-telemetry"), pg, slow, idle]);
    expect(problems.map((p) => [p.driver, p.field])).toEqual([
      ["postgres-async", "contract"],
      ["object-store-async", "retryPolicy"],
      ["postgres-async", "timeoutPolicy.idleMs"],
      ["postgres-async", "name"],
    ]);
    expect(problems[0]!.reason).toBe("is not valid: breaks 1 rule (capabilities)");
    expect(problems[1]!.reason).toMatch(/^a call can take 69450 ms .* over the 60000 ms call deadline$/);
    expect(problems[2]!.reason).toMatch(/longest backoff \(2400 ms\)/);
    expect(contractsConsistent([pg, pg])).toBe(false);
    expect(contractsConsistent([pg, kafkaAsyncDriver()])).toBe(true);
  });
});

describe("telemetry parity", () => {
  it("names a missing capability, a metric off the convention, a split prefix and a shared prefix", () => {
    const kafka = kafkaAsyncDriver();
    const offConvention = { ...kafka, telemetry: { ...kafka.telemetry, timeoutMetric: "driver.kafka.timeout_count" } };
    const split = { ...clickhouseAsyncDriver(), telemetry: { ...clickhouseAsyncDriver().telemetry, retryMetric: "driver.ch.retries" } };
    const shared = { ...objectStoreAsyncDriver(), name: "s3-copy" };
    const problems = parityProblems([without(pg, "retry-telemetry"), offConvention, split, objectStoreAsyncDriver(), shared]);
    expect(problems.map((p) => [p.driver, p.field])).toEqual([
      ["postgres-async", "capabilities"],
      ["kafka-async", "telemetry.timeoutMetric"],
      ["clickhouse-async", "telemetry.retryMetric"],
      ["s3-copy", "telemetry"],
    ]);
    expect(problems[1]!.reason).toBe("'driver.kafka.timeout_count' breaks the naming convention: must be 'driver.kafka.timeouts'");
    expect(problems[3]!.reason).toMatch(/prefix 'driver\.s3' like object-store-async/);
    expect(timeoutRetryTelemetryParity([without(pg, "timeout-telemetry")])).toBe(false);
    expect(timeoutRetryTelemetryParity([pg, kafka])).toBe(true);
  });
});

describe("budgets", () => {
  const bench = (extra: Partial<Benchmark> = {}): Benchmark => ({
    driver: "postgres-async",
    profile: "mixed-latency",
    p50LatencyMs: 120,
    p95LatencyMs: 700,
    timeoutRateBps: 50,
    retryRateBps: 100,
    throughputOpsPerSec: 120,
    ...extra,
  });

  // The lines the reason checks are held to, fixed here: the defaults move as the drivers are tuned.
  const budgets: readonly Budget[] = [
    { profile: "heavy-data", maxP95LatencyMs: 2_000, maxTimeoutRateBps: 100, maxRetryRateBps: 300, minThroughputOpsPerSec: 50 },
    { profile: "mixed-latency", maxP95LatencyMs: 800, maxTimeoutRateBps: 200, maxRetryRateBps: 600, minThroughputOpsPerSec: 50 },
  ];

  it("one default budget per profile, in profile order, with the lines of DEFAULT_BUDGET_LINES", () => {
    const defaults = defaultBudgets();
    expect(defaults.map((b) => b.profile)).toEqual([...BENCHMARK_PROFILES]);
    for (const { profile, ...lines } of defaults) expect(lines, profile).toEqual(DEFAULT_BUDGET_LINES[profile]);
  });

  it("a pass lists all four figures against their lines; each line alone can fail, named with its figure", () => {
    const results = evaluateBudgets(
      [
        bench(),
        bench({ p95LatencyMs: 912 }),
        bench({ timeoutRateBps: 201 }),
        bench({ retryRateBps: 650 }),
        bench({ throughputOpsPerSec: 49 }),
        bench({ profile: "heavy-data", p95LatencyMs: 2_000, timeoutRateBps: 100, retryRateBps: 300, throughputOpsPerSec: 50 }),
      ],
      budgets,
    );
    expect(results.map((r) => r.reason)).toEqual([
      "p95 latency 700 ms <= 800 ms, timeout rate 50 bps <= 200 bps, retry rate 100 bps <= 600 bps, throughput 120 ops/s >= 50 ops/s",
      "p95 latency 912 ms exceeds the mixed-latency budget's 800 ms",
      "timeout rate 201 bps exceeds the mixed-latency budget's 200 bps",
      "retry rate 650 bps exceeds the mixed-latency budget's 600 bps",
      "throughput 49 ops/s is below the mixed-latency budget's 50 ops/s",
      "p95 latency 2000 ms <= 2000 ms, timeout rate 100 bps <= 100 bps, retry rate 300 bps <= 300 bps, throughput 50 ops/s >= 50 ops/s",
    ]);
    expect(results.map((r) => r.passed)).toEqual([true, false, false, false, false, true]);
    expect(results[1]).toMatchObject({ driver: "postgres-async", profile: "mixed-latency" });
    expect(budgetFailures(results)).toBe(4);
  });

  it("every broken line is named; a profile without a budget fails", () => {
    const [both, orphan] = evaluateBudgets([bench({ p95LatencyMs: 900, throughputOpsPerSec: 10 }), bench({ profile: "heavy-data" })], [budgets[1]!]);
    expect(both!.reason).toBe("p95 latency 900 ms exceeds the mixed-latency budget's 800 ms; throughput 10 ops/s is below the mixed-latency budget's 50 ops/s");
    expect(orphan).toEqual({ driver: "postgres-async", profile: "heavy-data", passed: false, reason: "no budget for the heavy-data profile" });
    expect(budgetFailures([])).toBe(0);
  });
});

describe("signatures", () => {
  it("are stable across key order and differ for different values", () => {
    expect(driverSignature(reversedKeys(pg) as DriverContract)).toBe(driverSignature(pg));
    expect(driverSignature(pg)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(driverSignature(retry(pg, { jitterPercent: 21 }))).not.toBe(driverSignature(pg));
    const b: Benchmark = { driver: "d", profile: "heavy-data", p50LatencyMs: 1, p95LatencyMs: 2, timeoutRateBps: 3, retryRateBps: 4, throughputOpsPerSec: 5 };
    expect(benchmarkSignature(reversedKeys(b) as Benchmark)).toBe(benchmarkSignature(b));
    expect(benchmarkSignature({ ...b, p95LatencyMs: 3 })).not.toBe(benchmarkSignature(b));
    const r = evaluateBudgets([b], defaultBudgets())[0]!;
    expect(budgetResultSignature(reversedKeys(r) as typeof r)).toBe(budgetResultSignature(r));
    expect(budgetResultSignature({ ...r, passed: !r.passed })).not.toBe(budgetResultSignature(r));
  });

  it("the capability matrix: independent of driver and capability order, sensitive to capabilities only", () => {
    const drivers = supportedDrivers();
    const shuffled = [...drivers].reverse().map((d) => ({ ...d, capabilities: [...d.capabilities].reverse() }));
    expect(capabilityMatrixSignature(shuffled)).toBe(capabilityMatrixSignature());
    expect(capabilityMatrixSignature([without(pg, "batch-read"), ...drivers.slice(1)])).not.toBe(capabilityMatrixSignature(drivers));
    expect(capabilityMatrixSignature([{ ...pg, maxInFlight: 99 }, ...drivers.slice(1)])).toBe(capabilityMatrixSignature(drivers));
    expect(capabilityMatrixSignature([pg, pg])).not.toBe(capabilityMatrixSignature([pg]));
  });
});

describe("contract files", () => {
  it("a well-formed contract loads as it was written", () => {
    expect(parseDriverContract(JSON.parse(JSON.stringify(pg)), "pg.json")).toEqual(pg);
    const user = parseDriverContract(example("driver-contract.json"), "driver-contract.json");
    expect(valid(user)).toEqual([]);
    const broken = parseDriverContract(example("driver-contract-broken-rule.json"), "broken.json");
    expect(valid(broken).map((p) => p.field)).toEqual(["capabilities"]);
    expect(valid(broken)[0]!.reason).toMatch(/idempotent-write/);
  });

  it("a malformed contract names its first malformed field", () => {
    expect(() => parseDriverContract(example("driver-contract-malformed.json"), "m.json")).toThrow(/^m\.json is not a driver contract at maxInFlight: /);
    expect(() => parseDriverContract({ ...pg, timeoutPolicy: { ...pg.timeoutPolicy, requestMs: "1s" } }, "x.json")).toThrow(/at timeoutPolicy\.requestMs: /);
    expect(() => parseDriverContract({ ...pg, capabilities: ["batch-read", "teleport"] }, "x.json")).toThrow(/at capabilities\.1: /);
    expect(() => parseDriverContract({ ...pg, class: "mainframe" }, "x.json")).toThrow(/at class: /);
    expect(() => parseDriverContract({ ...pg, retryPolicy: { ...pg.retryPolicy, maxAttempts: 2.5 } }, "x.json")).toThrow(/at retryPolicy\.maxAttempts: /);
    expect(() => parseDriverContract({ ...pg, extra: 1 }, "x.json")).toThrow(/^x\.json is not a driver contract/);
  });
});
