/**
 * The network's faults, each in isolation over otherwise calm options: loss, partitions, duplicates,
 * reorders, delays, path capacity and clogs.
 */
import { describe, expect, it } from "vitest";
import { describeNetEvent, runSeed, type NetworkOptions } from "../../../src/index.js";
import { CALM, netTarget, pairs, traced, type World } from "./harness.js";

const RUN = { ops: 200, faultLevel: "stormy", livenessMsMax: 10_000 } as const;

/** Each step sends `perStep` messages around a ring of `nodes`. */
function ring(nodes: number, perStep: number, network: Partial<NetworkOptions>) {
  return netTarget({
    nodes,
    network: { ...CALM, ...network },
    step: (w: World, op: number) => {
      for (let i = 0; i < perStep; i++) w.send((op + i) % nodes, (op + i + 1) % nodes);
    },
  });
}

describe("loss", () => {
  it("a lost message is never delivered, every other one is, once", async () => {
    const t = ring(3, 10, { loss: 0.3 });
    const r = await runSeed(t.target, 4, RUN, { record: true });
    const w = t.last();
    // Each step draws one loss decision per send, in send order: its ordinal names the message.
    const lost = new Set(r.recorded!.flatMap((s, step) => (s.faults ?? []).filter((f) => f.kind === "net.loss").map((f) => step * 10 + (f.at ?? 0))));
    const delivered = w.log.map((x) => x.id);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered.filter((id) => lost.has(id))).toEqual([]);
    expect(delivered.length + lost.size).toBe(2000);
    expect(r.histogram["net.drop"]).toBe(lost.size);
    expect(lost.size / 2000).toBeGreaterThan(0.26);
    expect(lost.size / 2000).toBeLessThan(0.34);
  });
});

describe("partitions", () => {
  const modes = ["isolate-one", "random-split"] as const;
  const symmetries = ["symmetric", "one-way"] as const;
  for (const mode of modes) {
    for (const symmetry of symmetries) {
      it(`${mode}, ${symmetry}: blocks exactly its paths, and heal restores them`, async () => {
        for (const seed of [1, 2, 3]) {
          const n = 5;
          const t = netTarget({
            nodes: n,
            network: { ...CALM, partition: 1, unpartition: 0, partitionModes: [mode], partitionSymmetries: [symmetry] },
            step: (w) => {
              for (const [from, to] of pairs(n)) {
                w.send(from, to, "cut");
                w.notes[`${from}>${to}`] = w.cluster.partitioned(from, to);
              }
            },
            heal: (w) => {
              w.cluster.heal();
              for (const [from, to] of pairs(n)) w.send(from, to, "healed");
            },
          });
          const trace = traced();
          const r = await runSeed(t.target, seed, { ...RUN, ops: 3 }, { traceSink: trace.sink });
          expect(r.violations).toEqual([]);
          const started = trace.entries.filter((e) => e.kind === "net.partition");
          expect(started).toHaveLength(1);
          const { a, b } = started[0]!;
          expect(b < 0).toBe(symmetry === "one-way");
          const inA = (id: number) => Math.floor(a / 2 ** id) % 2 === 1;
          const sideA = [...Array(n).keys()].filter(inA);
          if (mode === "isolate-one") expect(sideA).toHaveLength(1);
          expect(Math.abs(b)).toBe(2 ** n - 1 - a);
          const w = t.last();
          for (const [from, to] of pairs(n)) {
            const cut = (inA(from) && !inA(to)) || (symmetry === "symmetric" && !inA(from) && inA(to));
            const got = w.log.filter((x) => x.tag === "cut" && x.from === from && x.to === to).length;
            expect(got, `${from} -> ${to} (${cut ? "cut" : "open"})`).toBe(cut ? 0 : 3);
            expect(w.notes[`${from}>${to}`]).toBe(cut);
            expect(w.log.filter((x) => x.tag === "healed" && x.from === from && x.to === to)).toHaveLength(1);
          }
          expect(trace.entries.filter((e) => e.kind === "net.heal")).toHaveLength(1);
        }
      });
    }
  }

  it("is checked at delivery too: a message on the wire when its path is cut is dropped on arrival", async () => {
    const t = netTarget({
      nodes: 3,
      network: { ...CALM, delayMinMs: 10 },
      step: (w) => {
        const step = w.ctx.step();
        if (step === 0) w.send(0, 1, "wire");
        if (step === 1) w.cluster.partition([0], "one-way");
        if (step === 1) w.send(1, 0, "back");
      },
      heal: () => undefined,
    });
    const r = await runSeed(t.target, 1, { ...RUN, ops: 2, thinkMsMin: 2, thinkMsMax: 2 });
    expect(t.last().log.map((x) => x.tag)).toEqual(["back"]);
    expect(r.histogram["net.drop"]).toBe(1);
  });

  it("holds for partitionStabilityMs, then ends with probability unpartition per tick", async () => {
    const t = netTarget({ nodes: 3, network: { ...CALM, partition: 0.2, unpartition: 0.5, partitionStabilityMs: 30 } });
    const trace = traced();
    await runSeed(t.target, 9, { ...RUN, ops: 400 }, { traceSink: trace.sink });
    const events = trace.entries.filter((e) => e.kind === "net.partition" || e.kind === "net.heal");
    expect(events.length).toBeGreaterThan(10);
    for (let i = 0; i + 1 < events.length; i += 2) {
      expect(events[i]!.kind).toBe("net.partition");
      expect(events[i + 1]!.kind).toBe("net.heal");
      expect(events[i + 1]!.timeMs - events[i]!.timeMs).toBeGreaterThanOrEqual(30);
    }
  });
});

describe("duplicates, reorders and delays", () => {
  it("duplicates at the configured rate; the copy is delivered too", async () => {
    const t = ring(4, 20, { duplicate: 0.2 });
    const r = await runSeed(t.target, 2, RUN);
    const sent = r.histogram["net.send"]!;
    const dups = r.histogram["net.duplicate"]!;
    expect(sent).toBe(4000);
    expect(dups / sent).toBeGreaterThan(0.18);
    expect(dups / sent).toBeLessThan(0.22);
    expect(t.last().log).toHaveLength(sent + dups);
  });

  it("reorders at the configured rate, each held back 1..reorderMaxMs extra", async () => {
    const t = ring(4, 20, { reorder: 0.25, reorderMaxMs: 10, delayMinMs: 2 });
    await runSeed(t.target, 3, RUN);
    const latencies = t.last().log.map((x) => x.at - x.sentAt);
    const held = latencies.filter((l) => l > 2);
    expect(latencies).toHaveLength(4000);
    expect(Math.min(...latencies)).toBe(2);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(12);
    expect(held.length / 4000).toBeGreaterThan(0.23);
    expect(held.length / 4000).toBeLessThan(0.27);
  });

  it("delays: never below delayMinMs, delayMeanMs more on average", async () => {
    const t = ring(3, 25, { delayMinMs: 3, delayMeanMs: 8 });
    await runSeed(t.target, 5, RUN);
    const latencies = t.last().log.map((x) => x.at - x.sentAt);
    expect(latencies).toHaveLength(5000);
    expect(Math.min(...latencies)).toBe(3);
    const mean = latencies.reduce((s, l) => s + l, 0) / latencies.length;
    expect(mean).toBeGreaterThan(10.6);
    expect(mean).toBeLessThan(11.4);
  });
});

describe("capacity and clogs", () => {
  it("a send beyond the path's capacity is dropped; other paths and later sends are not affected", async () => {
    const t = netTarget({
      nodes: 3,
      network: { ...CALM, pathCapacity: 3, delayMinMs: 5 },
      step: (w) => {
        for (let i = 0; i < 10; i++) w.send(0, 1, `burst`);
        for (let i = 0; i < 2; i++) w.send(0, 2, `other`);
      },
    });
    const r = await runSeed(t.target, 1, { ...RUN, ops: 4, thinkMsMin: 10, thinkMsMax: 10 });
    const log = t.last().log;
    expect(log.filter((x) => x.tag === "burst")).toHaveLength(4 * 3);
    expect(log.filter((x) => x.tag === "other")).toHaveLength(4 * 2);
    expect(r.histogram["net.drop"]).toBe(4 * 7);
    // The first three of each burst got through.
    expect(log.filter((x) => x.tag === "burst").map((x) => x.id % 12)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it("a clog holds what is sent on its path until it ends, then delivers all of it in order", async () => {
    const t = netTarget({
      nodes: 3,
      network: CALM,
      step: (w) => {
        if (w.ctx.step() === 0) w.cluster.clog(0, 1, 50);
        w.notes[`clogged${w.ctx.step()}`] = w.cluster.clogged(0, 1);
        w.send(0, 1, "clogged");
        w.send(0, 2, "open");
      },
    });
    const r = await runSeed(t.target, 1, { ...RUN, ops: 10, thinkMsMin: 10, thinkMsMax: 10 });
    const log = t.last().log;
    const clogged = log.filter((x) => x.tag === "clogged");
    expect(clogged).toHaveLength(10);
    expect(clogged.map((x) => x.id)).toEqual([...clogged.map((x) => x.id)].sort((x, y) => x - y));
    // Sent at 0, 10, 20, 30, 40 ms: held to 50; after the clog, 1 ms as usual.
    expect(clogged.map((x) => x.at)).toEqual([50, 50, 50, 50, 50, 51, 61, 71, 81, 91]);
    expect(log.filter((x) => x.tag === "open").every((x) => x.at === x.sentAt + 1)).toBe(true);
    expect(t.last().notes).toMatchObject({ clogged0: true, clogged4: true, clogged5: false });
    expect(r.histogram["net.clog"]).toBe(1);
    expect(r.histogram["net.drop"]).toBe(0);
  });

  it("drawn clogs lose nothing; heal() lets a long clog go at once", async () => {
    const t = ring(3, 10, { clog: 0.05, clogMeanMs: 20_000 });
    const r = await runSeed(t.target, 6, { ...RUN, ops: 100 });
    expect(r.histogram["net.clog"]).toBeGreaterThan(5);
    expect(r.histogram["net.drop"]).toBe(0);
    const log = t.last().log;
    expect(log).toHaveLength(1000);
    // Clogs of ~20 s would hold messages far beyond the run's ~250 ms of ops: heal() at their end
    // released them, each when it would have arrived without its clog (or at once).
    expect(log.some((x) => x.at - x.sentAt > 20)).toBe(true);
    expect(Math.max(...log.map((x) => x.at))).toBeLessThan(1000);
  });
});

describe("describeNetEvent", () => {
  it("renders paths, partitions (one-way marked) and node faults", () => {
    expect(describeNetEvent("net.deliver", 0, 2)).toBe("n0 -> n2");
    expect(describeNetEvent("net.partition", 1, 6)).toBe("{n0} | {n1, n2}");
    expect(describeNetEvent("net.heal", 5, -2, (id) => "abc"[id]!)).toBe("{a, c} -/-> {b} (one-way)");
    expect(describeNetEvent("node.crash", 1, 40)).toBe("n1, restart in 40 ms");
    expect(describeNetEvent("node.pause", 1, 0)).toBe("n1");
    expect(describeNetEvent("mine", 1, 2)).toBeUndefined();
  });
});
