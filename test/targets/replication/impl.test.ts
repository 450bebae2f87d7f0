/**
 * A user's replicator under the replication target (issue 14 point 4): the example quorum driver
 * passes the same checks as the built-in one, its broken copy is caught, and `impl.plug` (what
 * `--impl` calls) builds the target around a module's default export or says why it cannot.
 */
import { describe, expect, it } from "vitest";
import { sweep } from "../../../src/index.js";
import builtIn, { makeReplicationTarget, type ReplicatorFactory } from "../../../src/targets/replication/index.js";
import broken from "../../../examples/replicator-quorum-broken.js";
import example from "../../../examples/replicator-quorum.js";

describe("a user's replicator", () => {
  it("the example quorum driver passes 60 seeds at stormy and 20 at radioactive", async () => {
    const target = makeReplicationTarget(example);
    for (const [faultLevel, count] of [["stormy", 60], ["radioactive", 20]] as const) {
      const report = await sweep(target, { base: 0, count }, { ops: 500, faultLevel });
      expect(report.failures.map((f) => `${f.seed}: ${f.violations[0]?.message}`), faultLevel).toEqual([]);
      expect(report.inconclusive).toBe(0);
    }
  });

  it("its broken copy (one vote is enough) is caught on the first stormy seeds", async () => {
    const report = await sweep(makeReplicationTarget(broken), { base: 0, count: 5 }, { ops: 500, faultLevel: "stormy" });
    expect(report.failed).toBe(5);
    expect(new Set(report.failures.map((f) => f.violations[0]!.invariant))).toEqual(new Set(["R5"]));
  });

  it("impl.plug builds the target around a module's default export, with the kinds it declares", () => {
    const factory: ReplicatorFactory = Object.assign((...args: Parameters<ReplicatorFactory>) => example(...args), { kinds: ["mine.vote"] });
    const plugged = builtIn.impl!.plug(factory);
    expect(plugged.name).toBe("replication");
    expect(plugged.eventKinds).toContain("mine.vote");
    expect(plugged.eventKinds).not.toContain("quorum.propose");
    expect(Object.keys(plugged.workloads)).toEqual(["default"]);
    expect(Object.keys(plugged.bugs)).toEqual(["reuse-seq-after-timeout"]);
    expect(() => builtIn.impl!.plug({ propose() {} })).toThrow(/not a replicator factory/);
    expect(() => builtIn.impl!.plug(Object.assign(() => undefined, { kinds: [3] }))).toThrow(/kinds must be an array of non-empty strings/);
  });
});
