/**
 * Every planted bug of MemStore is caught within 50 stormy seeds by an invariant its `breaks`
 * names; together they break every invariant; one first failing seed shrinks to a short repro that
 * fails the same way.
 */
import { describe, expect, it } from "vitest";
import { runSeed, shrinkSeed } from "../../../src/index.js";
import target from "../../../src/targets/raft-storage/index.js";

const STORMY = { ops: 200, faultLevel: "stormy" } as const;

/** The first seed of 0..49 that fails with `bug`, and its first violation. */
async function firstFailure(bug: string): Promise<{ seed: number; invariant: string } | undefined> {
  for (let seed = 0; seed < 50; seed++) {
    const r = await runSeed(target, seed, { ...STORMY, bug });
    const v = r.violations[0];
    if (v !== undefined) return { seed, invariant: v.invariant };
  }
  return undefined;
}

describe("raft-storage planted bugs", () => {
  for (const [bug, spec] of Object.entries(target.bugs)) {
    it(`${bug} is caught within 50 stormy seeds as one of ${spec.breaks.join(", ")}`, async () => {
      const found = await firstFailure(bug);
      expect(found, "no seed of 0..49 failed").toBeDefined();
      expect(spec.breaks).toContain(found!.invariant);
    });
  }

  it("together the bugs break every invariant", () => {
    const broken = new Set(Object.values(target.bugs).flatMap((b) => b.breaks));
    expect([...broken].sort()).toEqual(Object.keys(target.invariants).sort());
  });

  it("compact-past-applied's first failing seed shrinks to a few steps failing S5", async () => {
    const found = await firstFailure("compact-past-applied");
    const shrunk = await shrinkSeed(target, found!.seed, { ...STORMY, bug: "compact-past-applied" });
    expect(shrunk.invariant).toBe("S5");
    expect(shrunk.result.violations[0]?.invariant).toBe("S5");
    expect(shrunk.steps.length).toBeLessThanOrEqual(Math.min(6, shrunk.originalSteps));
  });
});
