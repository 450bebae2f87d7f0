/**
 * The disk is part of the run's pure function: the same seed gives the same trace hash (swarm
 * too), a recorded run replays to it from its recorded steps with every disk fault kind, and a
 * step's disk faults deleted (as the shrinker does) are gone from the replay while every other
 * step keeps its own.
 */
import { describe, expect, it } from "vitest";
import {
  Cluster,
  DISK_QUIET,
  runSeed,
  type NodeHost,
  type NodeProcess,
  type RecordedStep,
  type Rng,
  type RunResult,
} from "../../../src/index.js";
import { diskTarget, every, outcome, readAll, testTarget } from "./harness.js";

/** A node that logs to its disk when told, and reads its log back after each restart. */
class Writer implements NodeProcess<number> {
  constructor(readonly host: NodeHost<number>) {
    void readAll(host.disk, "log");
  }

  receive(): void {}

  /** One random disk operation. */
  work(rng: Rng): void {
    const d = this.host.disk;
    const length = d.length("log");
    const roll = rng.int(10);
    if (roll < 4 || length === 0) void d.append("log", `e${rng.int(1000)}`);
    else if (roll < 6) void d.write("log", rng.int(length), `w${rng.int(1000)}`);
    else if (roll < 7) void d.truncate("log", rng.int(length));
    else if (roll < 9) void outcome(d.read("log", rng.int(length)));
    else void d.sync("log");
  }
}

/** A 3-node cluster with disks at the run's level; each step ticks (drawn crashes) and every running node does some disk work. */
const cluster = testTarget("disk-replay", true, (ctx) => {
  const c = new Cluster<number, Writer>(ctx, { nodes: 3, factory: (host) => new Writer(host), network: { crash: 0.05 }, disk: { readFault: 0.05, misdirect: 0.05 } });
  const rng = ctx.rng("work");
  return {
    nextOp: () => ctx.ops.int(1000),
    apply() {
      c.tick();
      for (let id = 0; id < 3; id++) for (let k = 0; k < 3; k++) c.node(id)?.work(rng);
    },
    check: () => [],
    heal: () => c.heal(),
    finish: () => [],
  };
});

const RADIOACTIVE = { ops: 300, faultLevel: "radioactive" } as const;
const DISK_FAULTS = ["disk.latency", "disk.misdirect", "disk.partial", "disk.read-fault", "disk.torn"];

function faultKinds(r: RunResult<number>): Set<string> {
  return new Set(r.recorded!.flatMap((s) => (s.faults ?? []).map((f) => f.kind)));
}

describe("determinism and replay", () => {
  it("same seed, same trace hash (swarm too); another seed, another hash", async () => {
    const a = await runSeed(cluster, 11, RADIOACTIVE);
    const b = await runSeed(cluster, 11, RADIOACTIVE);
    const c = await runSeed(cluster, 12, RADIOACTIVE);
    expect(a.violations).toEqual([]);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.histogram).toEqual(a.histogram);
    expect(c.traceHash).not.toBe(a.traceHash);
    for (const kind of ["disk.crash-lost", "disk.torn", "disk.latent", "disk.misdirected", "disk.corrupt-read", "node.crash"]) expect(a.histogram[kind], kind).toBeGreaterThan(0);
    const s1 = await runSeed(cluster, 5, { ...RADIOACTIVE, swarm: true });
    const s2 = await runSeed(cluster, 5, { ...RADIOACTIVE, swarm: true });
    expect(s2.traceHash).toBe(s1.traceHash);
  });

  it("a recorded run replays from its recorded steps to the same trace hash, every disk fault kind included; without them the disk is perfect", async () => {
    const recorded = await runSeed(cluster, 7, RADIOACTIVE, { record: true });
    const kinds = faultKinds(recorded);
    for (const kind of DISK_FAULTS) expect(kinds.has(kind), kind).toBe(true);
    const replayed = await runSeed(cluster, 7, RADIOACTIVE, { steps: recorded.recorded, record: true });
    expect(replayed.traceHash).toBe(recorded.traceHash);
    expect(replayed.recorded).toEqual(recorded.recorded);
    const bare = recorded.recorded!.map((s) => ({ op: s.op, thinkMs: s.thinkMs }));
    const quiet = await runSeed(cluster, 7, RADIOACTIVE, { steps: bare });
    for (const kind of ["node.crash", "disk.torn", "disk.crash-kept", "disk.latent", "disk.misdirected", "disk.corrupt-read"]) expect(quiet.histogram[kind], kind).toBe(0);
  });

  it("deleting one step's recorded disk faults removes exactly them: every other step keeps its faults", async () => {
    // Each step works on a file of its own and nothing crashes: a step's faults depend on it alone.
    const t = diskTarget({
      disk: { ...DISK_QUIET, writeMeanMs: 3, readMeanMs: 3, misdirect: 0.2, readFault: 0.2 },
      step: async (w) => {
        const file = `f${w.ctx.step()}`;
        for (let i = 0; i < 3; i++) void w.disk.append(file, `r${i}`);
        void w.disk.write(file, 1, "again");
        await readAll(w.disk, file);
      },
    });
    const options = { ops: 100, faultLevel: "stormy", ...every(5) } as const;
    const recorded = await runSeed(t.target, 3, options, { record: true });
    const steps = recorded.recorded!;
    const victim = steps.findIndex((s) => (s.faults ?? []).some((f) => f.kind === "disk.misdirect") && (s.faults ?? []).some((f) => f.kind === "disk.read-fault"));
    expect(victim).toBeGreaterThanOrEqual(0);
    const edited: RecordedStep<number>[] = steps.map((s, i) => (i === victim ? { op: s.op, thinkMs: s.thinkMs } : s));
    const replayed = await runSeed(t.target, 3, options, { steps: edited, record: true });
    expect(replayed.recorded![victim]!.faults).toBeUndefined();
    replayed.recorded!.forEach((s, i) => {
      if (i !== victim) expect(s.faults, `step ${i}`).toEqual(steps[i]!.faults);
    });
    const count = (kind: string) => steps[victim]!.faults!.filter((f) => f.kind === kind).length;
    expect(recorded.histogram["disk.misdirected"]! - replayed.histogram["disk.misdirected"]!).toBe(count("disk.misdirect"));
    expect(recorded.histogram["disk.latent"]! - replayed.histogram["disk.latent"]!).toBe(count("disk.read-fault"));
    expect(replayed.traceHash).not.toBe(recorded.traceHash);
  });

  it("deleting a crash's torn and partial decisions leaves a clean crash: exactly the synced records", async () => {
    const t = diskTarget({
      disk: { ...DISK_QUIET, torn: 1, partial: 1 },
      step: async (w) => {
        if (w.ctx.step() === 0) {
          void w.disk.append("log", "durable");
          void w.disk.sync("log");
          return;
        }
        for (let i = 0; i < 6; i++) void w.disk.append("log", `u${i}`);
        w.disk.crash();
        w.notes.read = (await readAll(w.disk, "log")).map((o) => ("data" in o ? o.data : `!${o.corrupt.reason}`));
      },
    });
    const options = { ops: 2, faultLevel: "stormy", ...every(10) } as const;
    const recorded = await runSeed(t.target, 2, options, { record: true });
    expect(recorded.recorded![1]!.faults!.map((f) => f.kind).sort()).toEqual(["disk.partial", "disk.torn"]);
    expect(t.last().notes.read).toContain("!torn");
    const edited = recorded.recorded!.map((s, i) => (i === 1 ? { op: s.op, thinkMs: s.thinkMs } : s));
    const replayed = await runSeed(t.target, 2, options, { steps: edited });
    expect(t.last().notes.read).toEqual(["durable"]);
    expect(replayed.histogram).toMatchObject({ "disk.torn": 0, "disk.crash-kept": 0, "disk.crash-lost": 1 });
  });
});
