/** What `--html` keeps of a run: the window of entries, the ops, and the entries around a violation. */
import { describe, expect, it } from "vitest";
import { TAIL_AFTER_STOP, TimelineCollector, SPANS_KEPT } from "../../src/cli/html/collect.js";
import type { TraceEntry } from "../../src/core/trace.js";

function entry(step: number, timeMs = step * 10): TraceEntry {
  return { step, timeMs, kind: "k", a: 0, b: 0 };
}

describe("TimelineCollector", () => {
  it("keeps the last maxEntries entries, numbered from their place in the whole trace", () => {
    const c = new TimelineCollector({ maxEntries: 5 });
    for (let i = 0; i < 12; i++) c.sink(entry(i));
    const d = c.data();
    expect(d.total).toBe(12);
    expect(d.first).toBe(7);
    expect(d.entries.map((e) => e.step)).toEqual([7, 8, 9, 10, 11]);
    expect(d.cut).toBe(7);
  });

  it("keeps only the steps of a range, counting every entry of the run", () => {
    const c = new TimelineCollector({ fromStep: 3, toStep: 5, maxEntries: 100 });
    for (let i = 0; i < 10; i++) c.sink(entry(i));
    const d = c.data();
    expect(d.entries.map((e) => e.step)).toEqual([3, 4, 5]);
    expect(d.first).toBe(3);
    expect(d.total).toBe(10);
    expect(d.cut).toBe(0);
  });

  it("past a violation keeps a short tail and evicts nothing before it", () => {
    const c = new TimelineCollector({ maxEntries: 10, stopAt: { step: 4, timeMs: 40 } });
    for (let i = 0; i < 8; i++) c.sink(entry(i));
    for (let i = 0; i < 3 * TAIL_AFTER_STOP; i++) c.sink(entry(4, 41 + i));
    const d = c.data();
    expect(d.entries.slice(0, 5).map((e) => e.step)).toEqual([0, 1, 2, 3, 4]);
    expect(d.entries).toHaveLength(5 + TAIL_AFTER_STOP);
    expect(d.first).toBe(0);
  });

  it("records when each op started and settled, in trace positions", () => {
    const c = new TimelineCollector({ maxEntries: 100 });
    c.ops.started(0, 0, "put x");
    c.sink(entry(0));
    c.sink(entry(0));
    c.ops.started(1, 10, "get x");
    c.sink(entry(1));
    c.ops.settled(0, 12, true);
    c.ops.settled(1, 15, false);
    c.ops.started(2, 20, "del x");
    const [put, get, del] = c.data().spans;
    expect(put).toMatchObject({ step: 0, text: "put x", startEntry: 0, endEntry: 3, endMs: 12, ok: true });
    expect(get).toMatchObject({ step: 1, startEntry: 2, endEntry: 3, ok: false });
    expect(del).toMatchObject({ step: 2, endEntry: null, endMs: null });
  });

  it("lists at most the last SPANS_KEPT ops", () => {
    const c = new TimelineCollector({ maxEntries: 10 });
    for (let i = 0; i < 3 * SPANS_KEPT; i++) c.ops.started(i, i, `op ${i}`);
    const spans = c.data().spans;
    expect(spans).toHaveLength(SPANS_KEPT);
    expect(spans.at(-1)!.step).toBe(3 * SPANS_KEPT - 1);
  });
});
