/** The findings-sink under sweeps: clean at every level and workload, every bug caught. */
import { describe, expect, it } from "vitest";
import { FAULT_LEVELS, sweep } from "../../../src/index.js";
import target from "../../../src/targets/findings-sink/index.js";

describe("findings-sink sweeps without bugs", () => {
  for (const level of FAULT_LEVELS) {
    it(`100 seeds x 500 ops at ${level} report zero violations`, async () => {
      const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: level });
      expect(report.failures.map((f) => f.violations[0])).toEqual([]);
      if (level === "stormy") expect(report.unreached).toEqual([]);
    });
  }

  it("swizzle-clog, 100 seeds at stormy: zero violations, every kind reached", async () => {
    const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: "stormy", workload: "swizzle-clog" });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
    expect(report.unreached).toEqual([]);
  });

  it("swarm, 100 seeds at stormy: zero violations", async () => {
    const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: "stormy", swarm: true });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
  });
});

describe("findings-sink planted bugs", () => {
  for (const [bug, statement] of Object.entries(target.bugs)) {
    const invariant = statement.breaks[0]!;
    it(`${bug} is caught as ${invariant} within 20 stormy seeds, and by swarm sweeps`, async () => {
      const report = await sweep(target, { base: 0, count: 20 }, { ops: 500, faultLevel: "stormy", bug });
      expect(report.failures.map((f) => f.violations[0]!.invariant)).toContain(invariant);
      const swarm = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: "stormy", bug, swarm: true });
      expect(swarm.failed).toBeGreaterThan(0);
    });
  }

  it("every invariant F1-F8 is targeted by at least one bug", () => {
    const targeted = new Set(Object.values(target.bugs).flatMap((s) => s.breaks));
    expect([...targeted].sort()).toEqual(Object.keys(target.invariants).sort());
  });
});
