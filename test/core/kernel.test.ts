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
    const push = (t: number, name: string): void => void q.push(t, 0, () => order.push(name));
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

  it("a cancelled event never pops; cancelling twice or after firing does nothing", () => {
    const q = new EventQueue();
    const fired: string[] = [];
    const a = q.push(1, 0, () => fired.push("a"));
    const b = q.push(2, 0, () => fired.push("b"));
    q.push(3, 0, () => fired.push("c"));
    expect(q.size).toBe(3);
    expect(b.cancel()).toBe(true);
    expect(b.cancel()).toBe(false);
    expect(b.pending).toBe(false);
    expect(q.size).toBe(2);
    expect(a.cancel()).toBe(true);
    expect(q.peekTimeMs()).toBe(3);
    const c = q.pop()!;
    c.fire();
    expect(c.cancel()).toBe(false);
    expect(fired).toEqual(["c"]);
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
  });

  it("keeps order through mass cancellation and compaction", () => {
    const q = new EventQueue();
    const rng = Rng.forSeed(4);
    const items = Array.from({ length: 5000 }, (_, i) => ({ t: rng.int(300), i, e: undefined as ReturnType<EventQueue["push"]> | undefined }));
    const fired: number[] = [];
    for (const it of items) it.e = q.push(it.t, 0, () => fired.push(it.i));
    // Cancel 90%: the heap is rebuilt without them along the way.
    for (const it of items) if (it.i % 10 !== 0) it.e!.cancel();
    expect(q.size).toBe(500);
    while (q.size > 0) q.pop()?.fire();
    const expected = items.filter((x) => x.i % 10 === 0).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
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
  /** Who is asking: the decider reads these fields on every draw. */
  const at = (): { causeStep: number; stepIndex: number; firing: number } => ({ causeStep: 0, stepIndex: 0, firing: -1 });

  it("records positive decisions by causing step and replays exactly them", () => {
    const where = at();
    const gen = new FaultDecider(["drop", "delay"], Rng.forSeed(5).fork("faults"), [true, true], where);
    gen.generate(true);
    const drawn: (number | null)[] = [];
    for (let step = 0; step < 50; step++) {
      where.causeStep = where.stepIndex = step;
      drawn.push(gen.draw(0, 0.3), gen.draw(1, 0.3, 10, 20), gen.draw(1, 0.3, 10, 20));
    }
    expect(drawn.some((d) => d !== null)).toBe(true);
    const steps = Array.from({ length: 50 }, (_, i) => ({ faults: gen.recorded()[i] }));
    const where2 = at();
    const rep = new FaultDecider(["drop", "delay"], Rng.forSeed(999), [true, true], where2);
    rep.replay(steps, false);
    const replayed: (number | null)[] = [];
    for (let step = 0; step < 50; step++) {
      where2.causeStep = where2.stepIndex = step;
      replayed.push(rep.draw(0, 0.3), rep.draw(1, 0.3, 10, 20), rep.draw(1, 0.3, 10, 20));
    }
    expect(replayed).toEqual(drawn);
  });

  it("keys a decision taken while an event fires by the event's causing step, and names the event", () => {
    const where = at();
    const d = new FaultDecider(["lost"], Rng.forSeed(1), [true], where, ["net.ack"]);
    d.generate(true);
    where.stepIndex = 7;
    where.causeStep = 2;
    where.firing = 0;
    expect(d.draw(0, 1)).toBe(0);
    where.causeStep = 5;
    expect(d.draw(0, 1)).toBe(0);
    where.causeStep = 2;
    expect(d.draw(0, 1)).toBe(0);
    expect(d.recorded()[2]).toEqual([{ kind: "lost", on: "net.ack" }, { kind: "lost", at: 1, on: "net.ack" }]);
    expect(d.recorded()[5]).toEqual([{ kind: "lost", on: "net.ack" }]);
    expect(d.recorded()[7]).toBeUndefined();
  });

  it("replays /1 decisions by the step during which they were decided, recording them by cause", () => {
    const where = at();
    const d = new FaultDecider(["lost"], Rng.forSeed(1), [true], where);
    d.replay([undefined, undefined, undefined, { faults: [{ kind: "lost", at: 1 }] }], true, true);
    where.stepIndex = 3;
    where.causeStep = 1;
    expect(d.draw(0, 0)).toBeNull();
    where.causeStep = 0;
    expect(d.draw(0, 0)).toBe(0);
    expect(d.recorded()[0]).toEqual([{ kind: "lost" }]);
  });

  it("never fires a disabled kind, and nothing while off", () => {
    const d = new FaultDecider(["drop"], Rng.forSeed(1), [false], at());
    d.generate(false);
    for (let i = 0; i < 100; i++) expect(d.draw(0, 1)).toBeNull();
    const on = new FaultDecider(["drop"], Rng.forSeed(1), [true], at());
    on.disable();
    expect(on.draw(0, 1)).toBeNull();
  });
});
