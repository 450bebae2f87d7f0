/**
 * The network's options: quiet defaults, the three levels, the per-seed swarm redraw, and the
 * checks on a target's overrides.
 */
import { describe, expect, it } from "vitest";
import { faultProfile, NETWORK_QUIET, networkOptions, Rng, runSeed, swarmNetworkOptions, type NetworkOptions } from "../../../src/index.js";
import { expQuantile, exponentialMs, U_MAX, U_RANGE } from "../../../src/core/net/exponential.js";
import { netTarget } from "./harness.js";

const FAULTS = ["loss", "duplicate", "reorder", "clog", "partition", "pause", "crash"] as const;

describe("network options", () => {
  it("NETWORK_QUIET: no fault, unbounded paths, every message after exactly the minimum delay", () => {
    for (const f of FAULTS) expect(NETWORK_QUIET[f], f).toBe(0);
    expect(NETWORK_QUIET).toMatchObject({ delayMinMs: 1, delayMeanMs: 0, pathCapacity: 0 });
    expect(NETWORK_QUIET.partitionModes).toEqual(["isolate-one", "random-split"]);
    expect(NETWORK_QUIET.partitionSymmetries).toEqual(["symmetric", "one-way"]);
    expect(NETWORK_QUIET.partitionStabilityMs).toBeGreaterThan(0);
    expect(Object.isFrozen(NETWORK_QUIET)).toBe(true);
  });

  it("sunny has no fault, only a small delay; stormy has VOPR-like rates; radioactive more of every fault", () => {
    const sunny = networkOptions("sunny");
    for (const f of FAULTS) expect(sunny[f], f).toBe(0);
    expect(sunny.delayMinMs).toBe(1);
    expect(sunny.delayMeanMs).toBe(2);
    const stormy = networkOptions("stormy");
    expect(stormy.loss).toBeGreaterThanOrEqual(0.02);
    expect(stormy.loss).toBeLessThanOrEqual(0.05);
    expect(stormy.duplicate).toBeGreaterThanOrEqual(0.02);
    expect(stormy.duplicate).toBeLessThanOrEqual(0.05);
    expect(stormy.reorder).toBeGreaterThanOrEqual(0.05);
    expect(stormy.reorder).toBeLessThanOrEqual(0.1);
    expect(stormy).toMatchObject({ clog: 0.01, partition: 0.01, pause: 0.005, crash: 0.005 });
    // The probabilities the kernel's profile also names are the profile's (one source of truth).
    expect(stormy.loss).toBe(faultProfile("stormy").drop);
    const radioactive = networkOptions("radioactive");
    for (const f of FAULTS) expect(radioactive[f], f).toBeGreaterThan(stormy[f]);
  });

  it("maxDown is a minority of the cluster (at least one node)", () => {
    expect([1, 2, 3, 4, 5, 7, 9].map((n) => networkOptions("stormy", n).maxDown)).toEqual([1, 1, 1, 1, 2, 3, 4]);
    expect(networkOptions("radioactive").maxDown).toBe(1);
  });

  it("swarm redraws per seed within VOPR's ranges, keeps a zero fault at zero and maxDown, and replays from the seed", () => {
    const base = networkOptions("stormy", 5);
    const drawn = Array.from({ length: 300 }, (_, seed) => swarmNetworkOptions(Rng.forSeed(seed).fork("swarm/net"), base));
    const losses = drawn.map((o) => o.loss);
    expect(Math.max(...losses)).toBeLessThanOrEqual(0.3);
    expect(Math.max(...losses)).toBeGreaterThan(0.25);
    expect(Math.min(...losses)).toBeLessThan(0.02);
    expect(Math.max(...drawn.map((o) => o.duplicate))).toBeGreaterThan(0.4);
    expect(new Set(drawn.map((o) => o.partitionModes.join())).size).toBe(2);
    expect(drawn.every((o) => o.partitionModes.length === 1 && o.maxDown === 2)).toBe(true);
    expect(drawn.some((o) => o.pathCapacity === 0) && drawn.some((o) => o.pathCapacity >= 2 && o.pathCapacity <= 20)).toBe(true);
    expect(drawn.every((o) => o.delayMinMs >= 1 && o.delayMeanMs >= 3 && o.delayMeanMs <= 10)).toBe(true);
    expect(swarmNetworkOptions(Rng.forSeed(7).fork("swarm/net"), base)).toEqual(drawn[7]);
    const sunny = swarmNetworkOptions(Rng.forSeed(3).fork("swarm/net"), networkOptions("sunny"));
    for (const f of FAULTS) expect(sunny[f], f).toBe(0);
  });

  it("the exponential transform of a recorded integer: 0 at u=0, mean about 1, integer ms with the asked mean", () => {
    expect(expQuantile(0)).toBe(0);
    expect(expQuantile(U_MAX)).toBeCloseTo(Math.log(U_RANGE), 6);
    for (const u of [1, 1000, 500_000, 999_000]) expect(expQuantile(u)).toBeCloseTo(-Math.log(1 - u / U_RANGE), 12);
    let sum = 0;
    let sumMs = 0;
    for (let u = 0; u < U_RANGE; u += 7) {
      sum += expQuantile(u);
      sumMs += exponentialMs(2, u);
    }
    const count = Math.ceil(U_RANGE / 7);
    expect(sum / count).toBeCloseTo(1, 2);
    expect(sumMs / count).toBeGreaterThan(1.95);
    expect(sumMs / count).toBeLessThan(2.05);
  });
});

describe("cluster options", () => {
  async function optionsOf(network: Partial<NetworkOptions> | undefined, swarm = false, seed = 1) {
    const t = netTarget({ nodes: 3, ...(network !== undefined ? { network } : {}) });
    const r = await runSeed(t.target, seed, { ops: 1, faultLevel: "stormy", swarm });
    return { result: r, options: t.worlds[0]?.cluster.options };
  }

  it("uses the level's options with the overrides applied, and redraws them per seed with swarm", async () => {
    const plain = await optionsOf({ loss: 0.5, delayMeanMs: 0 });
    expect(plain.options).toEqual({ ...networkOptions("stormy", 3), loss: 0.5, delayMeanMs: 0 });
    const a = await optionsOf(undefined, true, 1);
    const b = await optionsOf(undefined, true, 2);
    const again = await optionsOf(undefined, true, 1);
    expect(a.options).not.toEqual(b.options);
    expect(again.options).toEqual(a.options);
    expect((await optionsOf({ loss: undefined, crash: 0.5 })).options).toEqual({ ...networkOptions("stormy", 3), crash: 0.5 });
    // Overrides win over the swarm's draw.
    expect((await optionsOf({ loss: 0 }, true, 1)).options?.loss).toBe(0);
  });

  it("rejects a bad override with an Error naming the field", async () => {
    const cases: [Partial<NetworkOptions>, RegExp][] = [
      [{ loss: 1.5 }, /network\.loss must be a probability in \[0, 1\], got 1\.5/],
      [{ crash: Number.NaN }, /network\.crash must be a probability/],
      [{ delayMinMs: 2.5 }, /network\.delayMinMs must be an integer from 0/],
      [{ pathCapacity: -1 }, /network\.pathCapacity must be an integer/],
      [{ partitionModes: [] }, /network\.partitionModes must be a non-empty array/],
      [{ partitionSymmetries: ["sideways" as "one-way"] }, /network\.partitionSymmetries has "sideways"/],
      [{ lossy: 0.1 } as Partial<NetworkOptions>, /network\.lossy is not a network option/],
    ];
    for (const [network, message] of cases) {
      const { result } = await optionsOf(network);
      expect(result.violations[0]?.invariant).toBe("exception");
      expect(result.violations[0]?.message).toMatch(message);
    }
  });
});
