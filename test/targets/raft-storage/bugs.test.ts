/**
 * Every planted bug of MemStore is caught within 50 stormy seeds, every failing seed by an
 * invariant its `breaks` names; together they break every invariant; one failing seed shrinks to a
 * short repro that fails the same way.
 */
import { describe, expect, it } from "vitest";
import { shrinkSeed, sweep } from "../../../src/index.js";
import target from "../../../src/targets/raft-storage/index.js";

const STORMY = { ops: 200, faultLevel: "stormy" } as const;
const SEEDS = { base: 0, count: 50 };

describe("raft-storage planted bugs", () => {
  for (const [bug, spec] of Object.entries(target.bugs)) {
    it(`${bug} is caught within 50 stormy seeds, each time as one of ${spec.breaks.join(", ")}`, async () => {
      const report = await sweep(target, SEEDS, { ...STORMY, bug });
      expect(report.failed, "no seed of 0..49 failed").toBeGreaterThan(0);
      for (const f of report.failures) expect(spec.breaks, `seed ${f.seed}: ${f.violations[0]?.message}`).toContain(f.violations[0]?.invariant);
    });
  }

  it("together the bugs break every invariant", () => {
    const broken = new Set(Object.values(target.bugs).flatMap((b) => b.breaks));
    expect([...broken].sort()).toEqual(Object.keys(target.invariants).sort());
  });

  it("compact-past-applied's first failing seed shrinks to a few steps failing S5", async () => {
    const options = { ...STORMY, bug: "compact-past-applied" };
    const first = (await sweep(target, { base: 0, count: 5 }, options)).failures[0]!;
    const shrunk = await shrinkSeed(target, first.seed, options);
    expect(shrunk.invariant).toBe("S5");
    expect(shrunk.result.violations[0]?.invariant).toBe("S5");
    expect(shrunk.steps.length).toBeLessThanOrEqual(Math.min(6, shrunk.originalSteps));
  });
});
