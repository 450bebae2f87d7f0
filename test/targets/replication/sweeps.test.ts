/**
 * The replication target under sweeps: no violation and nothing inconclusive at every fault
 * level, with swarm testing and on the `local` workload; every declared kind reached at stormy;
 * and a seed replays to the same trace hash.
 */
import { describe, expect, it } from "vitest";
import { runSeed, sweep, type RecordedStep, type SweepReport } from "../../../src/index.js";
import target from "../../../src/targets/replication/index.js";
import type { ReplicationOp } from "../../../src/targets/replication/index.js";

const OPS = 500;

function clean(report: SweepReport, seeds: number): void {
  expect(report.failures.map((f) => `${f.seed}: ${f.violations[0]?.invariant} ${f.violations[0]?.message}`)).toEqual([]);
  expect(report.inconclusive).toBe(0);
  expect(report.passed).toBe(seeds);
}

describe("replication sweeps without bugs", () => {
  // The CI matrix sweeps 100 seeds of every level x workload x swarm through the CLI; these are
  // the in-process checks, sized to keep `npm test` inside its budget.
  it("sunny: 60 seeds pass", async () => {
    clean(await sweep(target, { base: 0, count: 60 }, { ops: OPS, faultLevel: "sunny" }), 60);
  });

  it("stormy: 100 seeds pass and reach every declared kind of the default workload", async () => {
    const report = await sweep(target, { base: 0, count: 100 }, { ops: OPS, faultLevel: "stormy" });
    clean(report, 100);
    expect(report.unreached).toEqual([]);
    // The paths that only faults open were taken, many times over.
    for (const kind of ["quorum.reject", "quorum.timeout", "client.lost", "delivery.gap", "quorum.catch-up", "node.crash", "move.done"]) {
      expect(report.histogram[kind], kind).toBeGreaterThan(10);
    }
  });

  // The CLI acceptance sweep runs 200; half keeps this suite's time in bounds.
  it("radioactive: 50 seeds pass", async () => {
    clean(await sweep(target, { base: 0, count: 50 }, { ops: OPS, faultLevel: "radioactive" }), 50);
  });

  it("stormy with swarm testing (1, 3 or 5 validators, redrawn network options): 80 seeds pass", async () => {
    clean(await sweep(target, { base: 0, count: 80 }, { ops: OPS, faultLevel: "stormy", swarm: true }), 80);
  });

  it("the local workload (LocalReplicator on one node): 50 stormy seeds pass and reach its kinds", async () => {
    const report = await sweep(target, { base: 0, count: 50 }, { ops: OPS, faultLevel: "stormy", workload: "local" });
    clean(report, 50);
    expect(report.unreached).toEqual([]);
    expect(report.histogram["local.accept"]).toBeGreaterThan(1000);
  });
});

describe("replication determinism", () => {
  it("the same seed gives the same trace hash, generated twice and replayed from its recorded steps", async () => {
    for (const seed of [3, 17]) {
      const options = { ops: OPS, faultLevel: "stormy" as const };
      const a = await runSeed(target, seed, options, { record: true });
      const b = await runSeed(target, seed, options);
      const replayed = await runSeed(target, seed, options, { steps: a.recorded as readonly RecordedStep<ReplicationOp>[] });
      expect(b.traceHash).toBe(a.traceHash);
      expect(replayed.traceHash).toBe(a.traceHash);
      expect(a.violations).toEqual([]);
    }
  });

  it("ops survive a replay file: parseOp accepts what a run records and rejects what no client asks", async () => {
    const run = await runSeed(target, 5, { ops: 100, faultLevel: "stormy" }, { record: true });
    for (const step of run.recorded!) expect(target.parseOp!(JSON.parse(JSON.stringify(step.op)))).toEqual(step.op);
    expect(() => target.parseOp!({ t: "put", j: 9, key: 0, id: 1 })).toThrow(/not a replication op/);
    expect(target.describeOp!({ t: "put", j: 0, key: 1, id: 7 })).toBe("put acme/tasks k1 = v7");
  });
});
