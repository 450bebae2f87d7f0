/**
 * The raft target: sweeps clean at sunny and stormy with every declared kind reached, a seed
 * replays to the same trace hash, every planted bug is caught by an invariant it names, and the
 * scenario regressions pass clean and fail with their bug.
 */
import { describe, expect, it } from "vitest";
import { runSeed, sweep } from "../../../src/index.js";
import target from "../../../src/targets/raft/index.js";
import { SCENARIOS, scenarioFiles } from "../../../scripts/raft-scenarios.js";

const OPS = 200;

describe("raft target", () => {
  it("30 seeds at sunny: no violation, every op completes", async () => {
    const report = await sweep(target, { base: 0, count: 30 }, { ops: OPS, faultLevel: "sunny" });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
    expect(report.passed).toBe(30);
  });

  // Torn writes need a crash while a write is unsynced: 500-op runs see enough crashes.
  it("40 seeds of 500 ops at stormy: no violation, and every declared kind reached", async () => {
    const report = await sweep(target, { base: 0, count: 40 }, { ops: 500, faultLevel: "stormy" });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
    expect(report.passed).toBe(40);
    expect(report.unreached).toEqual([]);
  });

  it("the same seed gives the same trace hash", async () => {
    const a = await runSeed(target, 7, { ops: OPS, faultLevel: "stormy" });
    const b = await runSeed(target, 7, { ops: OPS, faultLevel: "stormy" });
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.violations).toEqual([]);
  });

  // [bug, seeds, ops per seed, the invariants its failures may show first]. keep-conflicts also
  // stalls the cluster now and then (a follower that never matches): liveness. The two rarer
  // schedules (a vote forgotten across a crash, Figure 8) need longer runs and more seeds.
  it.each([
    ["double-vote", 20, OPS, ["R1"]],
    ["keep-conflicts", 20, OPS, ["R5", "R4", "R3", "liveness"]],
    ["retry-applied-twice", 20, OPS, ["RL"]],
    ["vote-not-persisted", 20, 500, ["R1"]],
    ["commit-previous-term", 40, 500, ["R4", "R5"]],
    ["apply-before-commit", 20, OPS, ["R5"]],
    ["local-read", 20, OPS, ["RL"]],
    ["unbounded-follower-commit", 20, OPS, ["R5"]],
    ["stale-snapshot", 20, OPS, ["R7", "R4", "R5"]],
  ] as const)("planted bug %s is caught within %i stormy seeds of %i ops, each time as one of %j", async (bug, count, ops, invariants) => {
    const report = await sweep(target, { base: 0, count }, { ops, faultLevel: "stormy", bug });
    expect(report.failed).toBeGreaterThan(0);
    for (const f of report.failures) expect(invariants).toContain(f.violations[0]?.invariant);
    expect(target.bugs[bug]?.breaks).toContain(invariants[0]);
  });

  it("every planted bug is in the table above", () => {
    expect(Object.keys(target.bugs).sort()).toEqual(
      ["apply-before-commit", "commit-previous-term", "double-vote", "keep-conflicts", "local-read", "retry-applied-twice", "stale-snapshot", "unbounded-follower-commit", "vote-not-persisted"],
    );
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))("scenario %s passes without a bug and fails with its own", async (_name, s) => {
    const { clean, buggy } = await scenarioFiles(s);
    expect(clean.expect.violation).toBeUndefined();
    expect(buggy.expect.violation).toBe(s.invariant);
    expect(target.bugs[s.bug]?.breaks).toContain(s.invariant);
    expect(buggy.ops).toEqual(clean.ops);
  });
});
