/**
 * Every planted bug of the replication target is caught within 50 stormy seeds by an invariant
 * its `breaks` names, and its first failing seed shrinks to a short repro failing the same way.
 * Together the bugs break every invariant.
 */
import { describe, expect, it } from "vitest";
import { runSeed, shrinkSeed } from "../../../src/index.js";
import target from "../../../src/targets/replication/index.js";

const STORMY = { ops: 500, faultLevel: "stormy" } as const;

/** The first seed of 0..49 that fails with `bug`, and its first violation. */
async function firstFailure(bug: string): Promise<{ seed: number; invariant: string } | undefined> {
  for (let seed = 0; seed < 50; seed++) {
    const r = await runSeed(target, seed, { ...STORMY, bug });
    const v = r.violations[0];
    if (v !== undefined) return { seed, invariant: v.invariant };
  }
  return undefined;
}

describe("replication planted bugs", () => {
  for (const [bug, spec] of Object.entries(target.bugs)) {
    it(`${bug} is caught within 50 stormy seeds as one of ${spec.breaks.join(", ")}, and shrinks`, async () => {
      const found = await firstFailure(bug);
      expect(found, "no seed of 0..49 failed").toBeDefined();
      expect(spec.breaks).toContain(found!.invariant);
      const shrunk = await shrinkSeed(target, found!.seed, { ...STORMY, bug });
      expect(shrunk.invariant).toBe(found!.invariant);
      expect(shrunk.result.violations[0]?.invariant).toBe(found!.invariant);
      expect(shrunk.steps.length).toBeLessThanOrEqual(Math.min(8, shrunk.originalSteps));
    });
  }

  it("together the bugs break every invariant", () => {
    const broken = new Set(Object.values(target.bugs).flatMap((b) => b.breaks));
    expect([...broken].sort()).toEqual(Object.keys(target.invariants).sort());
  });
});
