/**
 * The done-ledger under sweeps: no violation without bugs at every fault level, every event kind
 * reached at stormy, and every planted bug caught by the invariant it targets.
 */
import { describe, expect, it } from "vitest";
import { FAULT_LEVELS, sweep } from "../../../src/index.js";
import target from "../../../src/targets/done-ledger/index.js";

describe("done-ledger sweeps without bugs", () => {
  for (const level of FAULT_LEVELS) {
    it(`100 seeds x 500 ops at ${level} report zero violations`, async () => {
      const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: level });
      expect(report.failures.map((f) => f.violations[0])).toEqual([]);
      expect(report.passed).toBe(100);
      expect(report.totalSteps).toBe(50_000);
      if (level === "stormy") expect(report.unreached).toEqual([]);
    });
  }
});

describe("done-ledger planted bugs", () => {
  for (const [bug, statement] of Object.entries(target.bugs)) {
    const invariant = statement.breaks[0]!;
    it(`${bug} is caught as ${invariant} within 20 stormy seeds`, async () => {
      const report = await sweep(target, { base: 0, count: 20 }, { ops: 500, faultLevel: "stormy", bug });
      const caught = report.failures.map((f) => f.violations[0]!.invariant);
      expect(report.failed).toBeGreaterThan(0);
      expect(caught).toContain(invariant);
    });
  }

  it("every invariant I1-I10 is targeted by at least one bug", () => {
    const targeted = new Set(Object.values(target.bugs).flatMap((s) => s.breaks));
    expect([...targeted].sort()).toEqual(Object.keys(target.invariants).sort());
  });
});
