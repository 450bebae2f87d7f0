/**
 * `simctl drivers bench` and `drivers check` through the CLI: both profiles for all four drivers
 * within their budgets; the same figures and signatures on every run and for any --jobs; bad input
 * is one line and exit 2.
 */
import { describe, expect, it } from "vitest";
import { simctl } from "./helpers.js";

interface BenchDoc {
  readonly format: string;
  readonly benchmarks: readonly { driver: string; profile: string; p95LatencyMs: number; signature: string }[];
  readonly results: readonly { driver: string; profile: string; passed: boolean; reason: string; signature: string }[];
  readonly failures: number;
}

describe("simctl drivers", { timeout: 120_000 }, () => {
  it("bench: both profiles for all four drivers within budget, the same figures and signatures for --jobs 1 and 3", () => {
    const one = simctl(["drivers", "bench", "--seeds", "6", "--reporter", "json"]);
    const three = simctl(["drivers", "bench", "--seeds", "6", "--reporter", "json", "--jobs", "3"]);
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    const doc = JSON.parse(one.stdout) as BenchDoc;
    expect(doc.format).toBe("simctl-drivers-bench/1");
    expect(doc.benchmarks.map((b) => `${b.driver}/${b.profile}`).sort()).toEqual(
      ["clickhouse-async", "kafka-async", "object-store-async", "postgres-async"].flatMap((d) => [`${d}/heavy-data`, `${d}/mixed-latency`]).sort(),
    );
    expect(doc.results.every((r) => r.passed)).toBe(true);
    expect(doc.failures).toBe(0);
    expect(new Set(doc.benchmarks.map((b) => b.signature)).size).toBe(doc.benchmarks.length);
    const again = simctl(["drivers", "bench", "--seeds", "6", "--reporter", "json"]);
    expect(again.stdout).toBe(one.stdout);
    const other = JSON.parse(simctl(["drivers", "bench", "--seeds", "6", "--seed-base", "100", "--reporter", "json"]).stdout) as BenchDoc;
    expect(other.benchmarks.map((b) => b.signature)).not.toEqual(doc.benchmarks.map((b) => b.signature));
  });

  it("bench: text names every budget line; a contract file is benchmarked; a rule-breaking one is refused", () => {
    const text = simctl(["drivers", "bench", "--driver", "postgres-async", "--profile", "heavy-data", "--seeds", "3"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/pass postgres-async heavy-data: p95 latency \d+ ms <= 2000 ms, timeout rate \d+ bps <= 100 bps, retry rate \d+ bps <= 400 bps, throughput \d+ ops\/s >= 40 ops\/s/);
    expect(text.stdout).toContain("PASS: 1 benchmarks within their budgets");
    const mine = simctl(["drivers", "bench", "--driver", "examples/driver-contract.json", "--profile", "mixed-latency", "--seeds", "3"]);
    expect(mine.code).toBe(0);
    expect(mine.stdout).toContain("mysql-async");
    const broken = simctl(["drivers", "bench", "--driver", "examples/driver-contract-broken-rule.json", "--seeds", "1"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("idempotent-write");
  });

  it("check: the built-ins hold; a broken rule exits 1 naming it; a malformed file exits 2 naming the field", () => {
    const ok = simctl(["drivers", "check"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("capability matrix signature sha256:");
    const rule = simctl(["drivers", "check", "examples/driver-contract-broken-rule.json"]);
    expect(rule.code).toBe(1);
    expect(rule.stdout).toContain("capabilities: must include idempotent-write");
    const malformed = simctl(["drivers", "check", "examples/driver-contract-malformed.json"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr.trim().split("\n")).toHaveLength(1);
    expect(malformed.stderr).toContain("at maxInFlight");
  });

  it("bad input is one line and exit 2", () => {
    for (const args of [
      ["drivers", "bench", "--profile", "lukewarm"],
      ["drivers", "bench", "--driver", "oracle-async"],
      ["drivers", "bench", "--seeds", "0"],
      ["drivers", "bench", "--jobs", "x"],
      ["drivers", "bench", "--reporter", "xml"],
    ]) {
      const r = simctl(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });
});
