/** swizzle-clog, swarm testing and the radioactive smoke sweep. */
import { describe, expect, it } from "vitest";
import { runSeed, sweep } from "../../../src/index.js";
import target from "../../../src/targets/done-ledger/index.js";
import { SWIZZLE_KINDS } from "../../../src/targets/done-ledger/sim.js";

describe("swizzle-clog", () => {
  for (const faultLevel of ["sunny", "stormy"] as const) {
    it(`100 seeds x 500 ops at ${faultLevel}: zero violations, every swizzle kind reached`, async () => {
      const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel, workload: "swizzle-clog" });
      expect(report.failures.map((f) => f.violations[0])).toEqual([]);
      for (const kind of SWIZZLE_KINDS) expect(report.histogram[kind], kind).toBeGreaterThan(0);
      if (faultLevel === "stormy") expect(report.unreached).toEqual([]);
    });
  }

  // The bugs that concern release order or commit failure.
  for (const [bug, invariant] of [
    ["newest-first-drains-oldest", "I9"],
    ["double-apply", "I9"],
    ["partial-commit", "I8"],
    ["skip-lower-rank", "I6"],
  ] as const) {
    it(`catches ${bug} as ${invariant}`, async () => {
      const report = await sweep(target, { base: 0, count: 20 }, { ops: 500, faultLevel: "stormy", workload: "swizzle-clog", bug });
      expect(report.failures.map((f) => f.violations[0]!.invariant)).toContain(invariant);
    });
  }

  it("does not list swizzle kinds as unreached in the default workload", async () => {
    const report = await sweep(target, { base: 0, count: 5 }, { ops: 200, faultLevel: "stormy" });
    for (const kind of SWIZZLE_KINDS) expect(report.histogram).not.toHaveProperty(kind);
  });
});

describe("swarm testing", () => {
  it("100 seeds report zero violations without bugs", async () => {
    const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: "stormy", swarm: true });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
  });

  for (const bug of Object.keys(target.bugs)) {
    it(`100 swarm seeds catch ${bug}`, async () => {
      const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: "stormy", swarm: true, bug });
      expect(report.failed).toBeGreaterThan(0);
      expect(report.failures.map((f) => f.violations[0]!.invariant)).toContain(target.bugs[bug]!.breaks[0]);
    });
  }

  it("derives its choice from the seed, varies it across seeds, and reports it", async () => {
    const a = await runSeed(target, 21, { ops: 100, faultLevel: "stormy", swarm: true });
    const b = await runSeed(target, 21, { ops: 100, faultLevel: "stormy", swarm: true });
    expect(a.swarm).toBeDefined();
    expect(b.swarm).toEqual(a.swarm);
    expect(b.traceHash).toBe(a.traceHash);
    const choices = new Set<string>();
    for (let seed = 0; seed < 10; seed++) choices.add(JSON.stringify((await runSeed(target, seed, { ops: 10, faultLevel: "stormy", swarm: true })).swarm));
    expect(choices.size).toBeGreaterThan(5);
    const plain = await runSeed(target, 21, { ops: 100, faultLevel: "stormy" });
    expect(plain.swarm).toBeUndefined();
    expect(plain.traceHash).not.toBe(a.traceHash);
  });
});

describe("radioactive", () => {
  it("a 5-seed smoke sweep of each workload reports zero violations", async () => {
    for (const workload of ["default", "swizzle-clog"]) {
      const report = await sweep(target, { base: 0, count: 5 }, { ops: 500, faultLevel: "radioactive", workload });
      expect(report.failures.map((f) => f.violations[0])).toEqual([]);
      expect(report.histogram["fault.commit-fail"]).toBeGreaterThan(0);
    }
  });
});
