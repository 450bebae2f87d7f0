/**
 * The raft target (not registered yet): small sweeps clean at sunny and stormy, a seed replays to
 * the same trace hash, and the planted bugs are caught by the invariant they name.
 */
import { describe, expect, it } from "vitest";
import { runSeed, sweep } from "../../../src/index.js";
import target from "../../../src/targets/raft/index.js";

const OPS = 200;

describe("raft target", () => {
  it("30 seeds at sunny: no violation, every op completes", async () => {
    const report = await sweep(target, { base: 0, count: 30 }, { ops: OPS, faultLevel: "sunny" });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
    expect(report.passed).toBe(30);
  });

  it("30 seeds at stormy: no violation, and every declared kind but disk.crash-kept reached", async () => {
    const report = await sweep(target, { base: 0, count: 30 }, { ops: OPS, faultLevel: "stormy" });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
    expect(report.passed).toBe(30);
    // A crash keeps unsynced writes only when one is pending at that moment; rare at 30 seeds.
    expect(report.unreached.filter((k) => k !== "disk.crash-kept")).toEqual([]);
  });

  it("the same seed gives the same trace hash", async () => {
    const a = await runSeed(target, 7, { ops: OPS, faultLevel: "stormy" });
    const b = await runSeed(target, 7, { ops: OPS, faultLevel: "stormy" });
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.violations).toEqual([]);
  });

  // keep-conflicts also stalls the cluster now and then (a follower that never matches): liveness.
  it.each([
    ["double-vote", "stormy", ["R1"]],
    ["retry-applied-twice", "radioactive", ["RL"]],
    ["keep-conflicts", "stormy", ["R3", "R5", "liveness"]],
  ] as const)("planted bug %s is caught within 20 %s seeds, each time as one of %j", async (bug, faultLevel, invariants) => {
    const report = await sweep(target, { base: 0, count: 20 }, { ops: OPS, faultLevel, bug });
    expect(report.failed).toBeGreaterThan(0);
    for (const f of report.failures) expect(invariants).toContain(f.violations[0]?.invariant);
    expect(target.bugs[bug]?.breaks[0]).toBe(invariants[0]);
  });
});
