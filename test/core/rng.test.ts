/**
 * The kernel's Alea is written out for speed (src/core/rng.ts); every seed's meaning rests on it
 * drawing exactly what seedrandom's `alea(key)` draws, so the two are compared draw for draw.
 */
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/index.js";

const KEYS = ["simctl/0", "simctl/1", "simctl/9007199254740991", "simctl/42/ops", "simctl/7/faults/net", "", "ünïcödé/€", "x".repeat(300)];

describe("Rng", () => {
  it("draws the same floats as seedrandom's alea for the same key", () => {
    for (const key of KEYS) {
      const ours = new Rng(key);
      const theirs = seedrandom.alea(key);
      for (let i = 0; i < 2000; i++) expect(ours.float()).toBe(theirs());
    }
  });

  it("forks streams by name, independent of the parent's position", () => {
    const a = Rng.forSeed(5);
    a.float();
    const b = Rng.forSeed(5);
    expect(a.fork("ops").float()).toBe(b.fork("ops").float());
    expect(Rng.forSeed(5).fork("ops").float()).not.toBe(Rng.forSeed(5).fork("faults").float());
  });

  it("keeps int, range and pick inside their bounds", () => {
    const rng = Rng.forSeed(3);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(7);
      expect(n >= 0 && n < 7 && Number.isInteger(n)).toBe(true);
      const r = rng.range(-2, 2);
      expect(r >= -2 && r <= 2).toBe(true);
    }
  });
});
