/**
 * The failover simulation at library level: the built-in manager holds F0-F5 on stormy seeds,
 * each planted bug is caught by an invariant it names, a seed replays to the same trace and
 * observation, a certify-workload run measures a takeover, a manager that breaks its contract is
 * an FX violation, and a user's manager (examples/) passes while its unfenced copy is caught.
 */
import { describe, expect, it } from "vitest";
import { runSeed, type RunOptions, type Target } from "../../../src/index.js";
import builtIn, { BUGS, CERTIFY_OPS, expandedBackends, makeFailoverTarget, standardManager, type FailoverManager, type FailoverManagerFactory, type Observation } from "../../../src/targets/failover/index.js";
import type { FailoverOp } from "../../../src/targets/failover/ops.js";
import unfenced from "../../../examples/failover-manager-unfenced.js";
import example from "../../../examples/failover-manager.js";
import { failures as failuresOf } from "../../support/failures.js";

const STORMY: RunOptions = { ops: 300, faultLevel: "stormy" };

const failures = <Op,>(target: Target<Op>, count: number, options: RunOptions = STORMY): Promise<string[]> => failuresOf(target, count, options);

/** The first seed below `limit` that breaks an invariant, with that invariant. */
async function firstFailure(target: Target<FailoverOp>, limit: number, options: RunOptions = STORMY): Promise<{ seed: number; invariant: string } | undefined> {
  for (let seed = 0; seed < limit; seed++) {
    const v = (await runSeed(target, seed, options)).violations[0];
    if (v !== undefined) return { seed, invariant: v.invariant };
  }
  return undefined;
}

/** A manager's write as a broken one may have it: any answer, or a throw. */
type AnyWrite = (key: number, id: number) => unknown;

/** The standard manager, with its write answers (or its serving report) replaced. */
function wrapped(change: { readonly write?: AnyWrite; readonly badState?: boolean }): FailoverManagerFactory {
  return (host, durable) => {
    const inner = standardManager(change.badState === true ? { ...host, serving: (epoch) => host.serving(epoch, [[1], [2]]) } : host, durable);
    const write: AnyWrite = change.write ?? ((key, id) => inner.write(key, id));
    return { write: write as FailoverManager["write"] };
  };
}

describe("failover simulation, built-in manager", () => {
  it("15 stormy seeds of the default workload break no invariant and end conclusive", async () => {
    expect(await failures(builtIn, 15)).toEqual([]);
  });

  it.each(Object.entries(BUGS))("planted bug %s is caught within 50 stormy seeds, first by an invariant it names", async (bug, spec) => {
    const found = await firstFailure(builtIn, 50, { ...STORMY, bug });
    expect(found, `no seed of 0..49 caught ${bug}`).toBeDefined();
    expect(spec.breaks as readonly string[]).toContain(found!.invariant);
  });

  it("a seed replays to the same trace hash and the same observation; another seed differs", async () => {
    const seen: Observation[] = [];
    const target = makeFailoverTarget(standardManager, { report: (r) => seen.push(r.observation) });
    const [a, b, c] = [await runSeed(target, 7, STORMY), await runSeed(target, 7, STORMY), await runSeed(target, 8, STORMY)];
    expect(seen).toHaveLength(3);
    expect(b.traceHash).toBe(a.traceHash);
    expect(seen[1]).toEqual(seen[0]);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it("a certify-workload run measures one takeover and recovery within the continuity SLO", async () => {
    const backend = expandedBackends().find((b) => b.name === "etcd-lease")!;
    for (const seed of [0, 1, 2]) {
      let observation: Observation | undefined;
      const target = makeFailoverTarget(standardManager, { backend, pressure: "nominal", report: (r) => (observation = r.observation) });
      const r = await runSeed(target, seed, { ops: CERTIFY_OPS, faultLevel: "sunny", workload: "certify" });
      expect(r.violations).toEqual([]);
      expect(observation).toMatchObject({ backend: "etcd-lease", pressure: "nominal", continuityMet: true, dataLossEvents: 0 });
      expect(observation!.takeoverMs, `seed ${seed}`).toBeGreaterThan(0);
      expect(observation!.recoveryMs, `seed ${seed}`).toBeGreaterThan(0);
      expect(observation!.takeoverMs + observation!.recoveryMs).toBeLessThanOrEqual(backend.continuitySloMs);
    }
  });
});

describe("a manager that breaks its contract is an FX violation", () => {
  it("a write answered 'yes'", async () => {
    const r = await runSeed(makeFailoverTarget(wrapped({ write: () => Promise.resolve("yes") })), 1, STORMY);
    expect(r.violations[0]?.invariant).toBe("FX");
    expect(r.violations[0]?.message).toContain('answered "yes", not one of ok, not-primary, unavailable, fenced');
  });

  it("a write that throws, and one that rejects", async () => {
    const threw = await runSeed(makeFailoverTarget(wrapped({ write: () => { throw new Error("boom"); } })), 1, STORMY);
    expect(threw.violations[0]?.invariant).toBe("FX");
    expect(threw.violations[0]?.message).toMatch(/write\(\d+, \d+\) threw: boom/);
    const rejected = await runSeed(makeFailoverTarget(wrapped({ write: () => Promise.reject(new Error("nope")) })), 1, STORMY);
    expect(rejected.violations[0]?.invariant).toBe("FX");
    expect(rejected.violations[0]?.message).toContain("threw: nope");
  });

  it("a primary that reports a state that is not one list per key", async () => {
    const r = await runSeed(makeFailoverTarget(wrapped({ badState: true })), 1, STORMY);
    expect(r.violations[0]?.invariant).toBe("FX");
    expect(r.violations[0]?.message).toContain("is not one list of write ids per key");
  });
});

describe("a user's failover manager (examples/)", () => {
  it("the closure-based lease manager passes 10 stormy seeds", async () => {
    expect(await failures(makeFailoverTarget(example), 10)).toEqual([]);
  });

  it("its unfenced copy is caught within 50 stormy seeds by F1 or F2", async () => {
    const found = await firstFailure(makeFailoverTarget(unfenced), 50);
    expect(found, "no seed of 0..49 caught the unfenced manager").toBeDefined();
    expect(["F1", "F2"]).toContain(found!.invariant);
  });

  it("impl.plug (what --impl calls) builds the failover target around it, and refuses what is not a factory", () => {
    const plugged = builtIn.impl!.plug(example);
    expect(plugged.name).toBe("failover");
    expect(Object.keys(plugged.invariants)).toEqual(["F0", "F1", "F2", "F3", "F4", "F5", "FX"]);
    expect(() => builtIn.impl!.plug({ write() {} })).toThrow(/the default export is object, not a failover manager factory/);
  });
});
