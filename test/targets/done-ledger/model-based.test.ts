/**
 * Model-based testing with fast-check (`fc.commands` + `fc.modelRun`): commands are done-ledger
 * ops, the model is the oracle, the real system is the ledger driven through the same glue the
 * simulation uses, so every command is judged by I1-I10. Every case starts with a fixed fault
 * prefix (delay a write, fail its commit, then retry it successfully) before the random tail,
 * and fast-check shrinks a failing tail.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LedgerCommand, PREFIX, property, setup } from "../../support/ledger-model.js";

describe("done-ledger state machine (fast-check model-based)", () => {
  it("the prefix leaves the retried write committed after its failed first attempt", () => {
    const { real } = setup(null)();
    for (const o of PREFIX) {
      real.sim.apply(o);
      expect(real.sim.check()).toEqual([]);
    }
    expect(real.sim.ledger.getRecord({ tenantId: "t-acme", policyHash: "p-1", ovidHash: "o-0", id: "t-acme\u0000p-1\u0000o-0" })?.runId).toBe("run-prefix");
  });

  it("holds for random op sequences after the fault prefix", () => {
    fc.assert(property(null), { numRuns: 300, seed: 42 });
  });

  it("has teeth: with dirty-read planted it fails and shrinks to a short tail", () => {
    const out = fc.check(property("dirty-read"), { numRuns: 300, seed: 42 });
    expect(out.failed).toBe(true);
    expect(String(out.errorInstance)).toMatch(/I10/);
    const tail = out.counterexample![0] as Iterable<LedgerCommand>;
    expect([...tail].length).toBeLessThanOrEqual(4);
  });
});
