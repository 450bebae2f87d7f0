/**
 * The network is part of the run's pure function: the same seed gives the same trace hash, a
 * recorded run replays to it from its recorded steps (faults included), and a fault deleted from
 * a step (as the shrinker does) is gone from the replay while every other step keeps its own.
 */
import { describe, expect, it } from "vitest";
import { runSeed, type NetworkOptions, type RecordedStep } from "../../../src/index.js";
import { CALM, netTarget } from "./harness.js";

const N = 4;

/** Each step pings the next node; pings bounce back and forth `hops` times. */
function pingPong(network?: Partial<NetworkOptions>) {
  return netTarget({
    nodes: N,
    ...(network !== undefined ? { network } : {}),
    step: (w, op) => {
      w.send(op % N, (op + 1) % N, "ping", 3);
      w.send(op % N, (op + 2) % N, "ping", 1);
    },
  });
}

const RADIOACTIVE = { ops: 300, faultLevel: "radioactive" } as const;

describe("determinism and replay", () => {
  it("same seed, same trace hash (swarm too); another seed, another hash", async () => {
    const t = pingPong();
    const a = await runSeed(t.target, 11, RADIOACTIVE);
    const b = await runSeed(t.target, 11, RADIOACTIVE);
    const c = await runSeed(t.target, 12, RADIOACTIVE);
    expect(a.violations).toEqual([]);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.histogram).toEqual(a.histogram);
    expect(c.traceHash).not.toBe(a.traceHash);
    for (const kind of ["net.drop", "net.duplicate", "net.clog", "net.partition", "node.crash", "node.pause"]) expect(a.histogram[kind], kind).toBeGreaterThan(0);
    const s1 = await runSeed(t.target, 5, { ...RADIOACTIVE, swarm: true });
    const s2 = await runSeed(t.target, 5, { ...RADIOACTIVE, swarm: true });
    expect(s2.traceHash).toBe(s1.traceHash);
  });

  it("a recorded run replays from its recorded steps to the same trace hash, every fault kind included", async () => {
    const t = pingPong();
    const recorded = await runSeed(t.target, 7, RADIOACTIVE, { record: true });
    const kinds = new Set(recorded.recorded!.flatMap((s) => (s.faults ?? []).map((f) => f.kind)));
    expect([...kinds].sort()).toEqual(["net.clog", "net.delay", "net.duplicate", "net.loss", "net.partition", "net.reorder", "net.unpartition", "node.crash", "node.pause"]);
    const replayed = await runSeed(t.target, 7, RADIOACTIVE, { steps: recorded.recorded, record: true });
    expect(replayed.traceHash).toBe(recorded.traceHash);
    expect(replayed.recorded).toEqual(recorded.recorded);
    // Without its recorded faults the same op list runs on a perfect network.
    const bare = recorded.recorded!.map((s) => ({ op: s.op, thinkMs: s.thinkMs }));
    const quiet = await runSeed(t.target, 7, RADIOACTIVE, { steps: bare });
    for (const kind of ["net.drop", "net.duplicate", "net.clog", "net.partition", "node.crash", "node.pause"]) expect(quiet.histogram[kind], kind).toBe(0);
    expect(t.last().log.every((x) => x.at - x.sentAt === 1)).toBe(true);
  });

  it("deleting one step's recorded faults removes exactly them: every other step keeps its faults", async () => {
    // Message faults only: each step's faults then depend on that step's messages alone.
    const t = pingPong({ ...CALM, delayMeanMs: 5, loss: 0.2, duplicate: 0.1, reorder: 0.2, reorderMaxMs: 20 });
    const recorded = await runSeed(t.target, 3, { ops: 100, faultLevel: "stormy" }, { record: true });
    const steps = recorded.recorded!;
    const victim = steps.findIndex((s) => (s.faults ?? []).filter((f) => f.kind === "net.loss").length >= 2);
    expect(victim).toBeGreaterThanOrEqual(0);
    const edited: RecordedStep<number>[] = steps.map((s, i) => (i === victim ? { op: s.op, thinkMs: s.thinkMs } : s));
    const replayed = await runSeed(t.target, 3, { ops: 100, faultLevel: "stormy" }, { steps: edited, record: true });
    expect(replayed.recorded![victim]!.faults).toBeUndefined();
    replayed.recorded!.forEach((s, i) => {
      if (i !== victim) expect(s.faults, `step ${i}`).toEqual(steps[i]!.faults);
    });
    const lossesGone = steps[victim]!.faults!.filter((f) => f.kind === "net.loss").length;
    expect(recorded.histogram["net.drop"]! - replayed.histogram["net.drop"]!).toBe(lossesGone);
    expect(replayed.traceHash).not.toBe(recorded.traceHash);
  });
});
