import { describe, expect, it } from "vitest";
import { EventQueue } from "../../src/core/events.js";
import { Rng } from "../../src/core/rng.js";
import { Trace } from "../../src/core/trace.js";
import { WeightedChoice } from "../../src/core/weights.js";
import { FaultDecider } from "../../src/core/decisions.js";

describe("Rng", () => {
  it("is a pure function of its seed", () => {
    const a = Rng.forSeed(42);
    const b = Rng.forSeed(42);
    const xs = Array.from({ length: 20 }, () => a.int(1000));
    expect(Array.from({ length: 20 }, () => b.int(1000))).toEqual(xs);
    expect(Array.from({ length: 20 }, () => Rng.forSeed(43).int(1000))).not.toEqual(xs);
  });

  it("forks independent streams: draws on one do not shift another", () => {
    const root1 = Rng.forSeed(7);
    const root2 = Rng.forSeed(7);
    const ops1 = root1.fork("ops");
    root2.fork("faults").float();
    root2.fork("faults").float();
    const ops2 = root2.fork("ops");
    expect([ops1.float(), ops1.float()]).toEqual([ops2.float(), ops2.float()]);
    expect(root1.fork("ops").float()).not.toEqual(root1.fork("faults").float());
  });

  it("keeps ranges in bounds", () => {
    const r = Rng.forSeed(1);
    for (let i = 0; i < 1000; i++) {
      const x = r.range(3, 5);
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(5);
    }
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
  });
});

describe("EventQueue", () => {
  it("pops by time, ties in insertion order", () => {
    const q = new EventQueue();
    const order: string[] = [];
    const push = (t: number, name: string): void => q.push(t, 0, () => order.push(name));
    push(5, "a");
    push(1, "b");
    push(5, "c");
    push(3, "d");
    push(1, "e");
    push(5, "f");
    while (q.size > 0) q.pop()?.fire();
    expect(order).toEqual(["b", "e", "d", "a", "c", "f"]);
    expect(q.peekTimeMs()).toBe(Infinity);
  });

  it("orders a large random schedule like a stable sort", () => {
    const q = new EventQueue();
    const rng = Rng.forSeed(3);
    const items = Array.from({ length: 500 }, (_, i) => ({ t: rng.int(50), i }));
    const fired: number[] = [];
    for (const it of items) q.push(it.t, 0, () => fired.push(it.i));
    while (q.size > 0) q.pop()?.fire();
    const expected = [...items].sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
    expect(fired).toEqual(expected);
  });
});

describe("Trace", () => {
  it("hashes the same entries to the same 16 hex chars, different entries differently", () => {
    const a = new Trace(["x", "y"]);
    const b = new Trace(["x", "y"]);
    const c = new Trace(["x", "y"]);
    for (const t of [a, b]) {
      t.record(0, 0, 0, 1, 2);
      t.record(1, 5, 1, 3, 4);
    }
    c.record(0, 0, 0, 1, 2);
    c.record(1, 5, 1, 3, 5);
    expect(a.hash()).toMatch(/^[0-9a-f]{16}$/);
    expect(a.hash()).toBe(b.hash());
    expect(c.hash()).not.toBe(a.hash());
    expect(a.histogram()).toEqual({ x: 1, y: 1 });
  });

  it("keeps the most recent entries in the ring, oldest first", () => {
    const t = new Trace(["k"]);
    for (let i = 0; i < 100; i++) t.record(i, i, 0, i, 0);
    const recent = t.recent();
    expect(recent.length).toBe(32);
    expect(recent[0]?.step).toBe(68);
    expect(recent[31]?.step).toBe(99);
  });
});

describe("WeightedChoice", () => {
  it("picks in proportion to weight and never picks a zero weight", () => {
    const choice = new WeightedChoice({ a: 1, b: 3, c: 0 });
    const rng = Rng.forSeed(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++) counts[choice.pick(rng)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });

  it("rejects a table with no positive weight", () => {
    expect(() => new WeightedChoice({ a: 0 })).toThrow(/positive weight/);
  });
});

describe("FaultDecider", () => {
  it("records positive decisions and replays exactly them", () => {
    const gen = new FaultDecider(["drop", "delay"], Rng.forSeed(5).fork("faults"), [true, true]);
    const drawn: (number | null)[] = [];
    const recorded = [];
    for (let step = 0; step < 50; step++) {
      gen.beginGenerated();
      drawn.push(gen.draw(0, 0.3), gen.draw(1, 0.3, 10, 20), gen.draw(1, 0.3, 10, 20));
      recorded.push(gen.takeRecorded());
    }
    expect(drawn.some((d) => d !== null)).toBe(true);
    const rep = new FaultDecider(["drop", "delay"], Rng.forSeed(999), [true, true]);
    const replayed: (number | null)[] = [];
    for (let step = 0; step < 50; step++) {
      rep.beginReplayed(recorded[step]);
      replayed.push(rep.draw(0, 0.3), rep.draw(1, 0.3, 10, 20), rep.draw(1, 0.3, 10, 20));
    }
    expect(replayed).toEqual(drawn);
  });

  it("never fires a disabled kind, and nothing while off", () => {
    const d = new FaultDecider(["drop"], Rng.forSeed(1), [false]);
    d.beginGenerated();
    for (let i = 0; i < 100; i++) expect(d.draw(0, 1)).toBeNull();
    const on = new FaultDecider(["drop"], Rng.forSeed(1), [true]);
    on.disable();
    expect(on.draw(0, 1)).toBeNull();
  });
});
