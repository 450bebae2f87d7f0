/** The timeline's content from trace entries: lanes, messages paired by origin, drops, duplicates, bands. */
import { describe, expect, it } from "vitest";
import type { TimelineData } from "../../src/cli/html/collect.js";
import { layout } from "../../src/cli/html/layout.js";
import type { TraceEntry } from "../../src/core/trace.js";

type E = Omit<TraceEntry, "step" | "timeMs"> & { step?: number; timeMs?: number };

function data(list: E[], first = 0): TimelineData {
  const entries = list.map((e, i) => ({ step: 0, timeMs: i, ...e }));
  return { entries, first, total: first + entries.length, cut: 0, spans: [], request: { maxEntries: 100 } };
}

describe("timeline layout", () => {
  it("has a clients lane and a lane per node named by messages and events, or one lane without nodes", () => {
    expect(layout(data([{ kind: "net.send", a: 0, b: 2 }]), []).lanes.map((l) => l.id)).toEqual(["clients", "n0", "n1", "n2"]);
    expect(layout(data([{ kind: "op.put", a: 1, b: 1 }]), []).lanes.map((l) => l.id)).toEqual(["system"]);
    const l = layout(data([{ kind: "quorum.store", a: 0, b: 9, node: 3 }, { kind: "op.put", a: 0, b: 0 }]), []);
    expect(l.lanes).toHaveLength(5);
    expect(l.laneOfRow).toEqual([4, 0]);
  });

  it("heads a node's lane with the name the target's message descriptions give it", () => {
    const l = layout(data([{ kind: "net.send", a: 0, b: 1, text: "store -> s1" }, { kind: "net.send", a: 2, b: 0, text: "n2 -> store" }]), []);
    expect(l.lanes.map((x) => [x.id, x.label])).toEqual([["clients", "clients"], ["n0", "store"], ["n1", "s1"], ["n2", "n2"]]);
  });

  it("pairs each delivery with the last send on its path before it was scheduled, not the latest one", () => {
    // Two sends 0 -> 1; the first is delivered after the second (reordered).
    const l = layout(data([{ kind: "net.send", a: 0, b: 1 }, { kind: "net.send", a: 0, b: 1 }, { kind: "net.deliver", a: 0, b: 1, origin: 1 }, { kind: "net.deliver", a: 0, b: 1, origin: 2 }]), []);
    expect(l.messages.map((m) => [m.fromRow, m.toRow])).toEqual([[0, 2], [1, 3]]);
  });

  it("uses global indices for origins when the window starts later in the trace", () => {
    const l = layout(data([{ kind: "net.send", a: 1, b: 0 }, { kind: "net.deliver", a: 1, b: 0, origin: 101 }], 100), []);
    expect(l.messages).toEqual([{ fromRow: 0, toRow: 1, from: 1, to: 0, dropped: false, dup: false }]);
  });

  it("marks drops at the send and on arrival, duplicates, and messages still in flight", () => {
    const l = layout(
      data([
        { kind: "net.send", a: 0, b: 1 },
        { kind: "net.drop", a: 0, b: 1 },
        { kind: "net.send", a: 1, b: 0 },
        { kind: "net.duplicate", a: 1, b: 0 },
        { kind: "net.deliver", a: 1, b: 0, origin: 3 },
        { kind: "net.deliver", a: 1, b: 0, origin: 4 },
        { kind: "net.drop", a: 1, b: 0 },
        { kind: "net.send", a: 0, b: 2 },
      ]),
      [],
    );
    const m = l.messages;
    expect(m).toContainEqual({ fromRow: 0, toRow: 1, from: 0, to: 1, dropped: true, dup: false });
    expect(m).toContainEqual({ fromRow: 2, toRow: 4, from: 1, to: 0, dropped: false, dup: false });
    expect(m).toContainEqual({ fromRow: 3, toRow: 5, from: 1, to: 0, dropped: true, dup: true });
    expect(m).toContainEqual({ fromRow: 7, toRow: null, from: 0, to: 2, dropped: false, dup: false });
    expect(m).toHaveLength(4);
  });

  it("draws crashes, pauses, partitions and clogs as bands until they end (or the window does)", () => {
    const l = layout(
      data([
        { kind: "node.crash", a: 1, b: 0 },
        { kind: "net.partition", a: 1, b: 6 },
        { kind: "node.restart", a: 1, b: 0 },
        { kind: "net.heal", a: 1, b: 6 },
        { kind: "node.pause", a: 2, b: 5 },
        { kind: "net.clog", a: 0, b: 1 },
      ]),
      [],
    );
    const b = l.bands.map((x) => [x.kind, x.lane, x.fromRow, x.toRow]);
    expect(b).toContainEqual(["crash", 2, 0, 2]);
    expect(b.filter((x) => String(x[0]).startsWith("partition"))).toEqual([["partition", 1, 1, 3], ["partition-other", 2, 1, 3], ["partition-other", 3, 1, 3]]);
    expect(b).toContainEqual(["pause", 3, 4, 6]);
    expect(b).toContainEqual(["clog", 1, 5, 6]);
  });

  it("puts the violation after the last entry of its step at or before its time", () => {
    const rows = data([{ kind: "op.a", a: 0, b: 0, step: 0, timeMs: 0 }, { kind: "op.b", a: 0, b: 0, step: 1, timeMs: 5 }, { kind: "x", a: 0, b: 0, step: 1, timeMs: 9 }, { kind: "y", a: 0, b: 0, step: 2, timeMs: 12 }]);
    const v = { invariant: "I1", message: "m", step: 1, timeMs: 5, seed: 0, target: "t" };
    expect(layout(rows, [v]).violationRow).toBe(2);
  });
});
