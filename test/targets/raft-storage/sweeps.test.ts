/**
 * The raft-storage target under sweeps (issue 15): MemStore has no violation at every level and
 * with swarm testing, the stormy sweep reaches every declared kind (the target switches the disk's
 * two media faults off and does not declare them), a seed gives the same trace hash twice and when replayed from its recorded steps,
 * and `impl.plug` builds the target around a user's factory. Small sweeps: the 200-seed ones are
 * the CLI acceptance's.
 */
import { describe, expect, it } from "vitest";
import { runSeed, sweep, type RecordedStep, type SweepReport } from "../../../src/index.js";
import target, { makeRaftStorageTarget, memStore, runClauses, type RaftStorageOp } from "../../../src/targets/raft-storage/index.js";

const SEEDS = 30;
const OPS = 200;

function clean(report: SweepReport): void {
  expect(report.failures.map((f) => `${f.seed}: ${f.violations[0]?.invariant} ${f.violations[0]?.message}`)).toEqual([]);
  expect(report.passed).toBe(SEEDS);
}

describe("raft-storage sweeps of MemStore", () => {
  it("sunny and radioactive: no violation", async () => {
    for (const faultLevel of ["sunny", "radioactive"] as const) clean(await sweep(target, { base: 0, count: SEEDS }, { ops: OPS, faultLevel }));
  });

  it("stormy: no violation, and every declared kind reached (the disk's media faults are switched off and not declared)", async () => {
    const report = await sweep(target, { base: 0, count: SEEDS }, { ops: OPS, faultLevel: "stormy" });
    clean(report);
    // A batch found kept in part after a crash is rare (about one in 30 seeds): not asked of so few.
    expect(report.unreached.filter((k) => k !== "recovery.partial")).toEqual([]);
    expect(target.eventKinds).not.toContain("disk.latent"); // switched off, so not declared
    // Crashes cut calls short, recovery found them kept and lost, torn tails were cut.
    for (const kind of ["crash.mid-call", "recovery.kept", "recovery.lost", "recovery.regressed", "disk.torn", "disk.crash-kept", "disk.corrupt-read", "install.ahead", "install.within", "log.resend"]) {
      expect(report.histogram[kind], kind).toBeGreaterThan(0);
    }
  });

  it("stormy with swarm testing: no violation", async () => {
    clean(await sweep(target, { base: 0, count: SEEDS }, { ops: OPS, faultLevel: "stormy", swarm: true }));
  });
});

describe("raft-storage determinism", () => {
  it("the same seed gives the same trace hash, generated twice and replayed from its recorded steps", async () => {
    const options = { ops: OPS, faultLevel: "stormy" as const };
    for (const seed of [3, 11]) {
      const a = await runSeed(target, seed, options, { record: true });
      const b = await runSeed(target, seed, options);
      const replayed = await runSeed(target, seed, options, { steps: a.recorded as readonly RecordedStep<RaftStorageOp>[] });
      expect(b.traceHash).toBe(a.traceHash);
      expect(replayed.traceHash).toBe(a.traceHash);
      expect(a.violations).toEqual([]);
    }
  });

  it("ops survive a replay file: parseOp accepts what a run records and rejects what no Raft node asks", async () => {
    const run = await runSeed(target, 5, { ops: 100, faultLevel: "stormy" }, { record: true });
    for (const step of run.recorded!) expect(target.parseOp!(JSON.parse(JSON.stringify(step.op)))).toEqual(step.op);
    expect(() => target.parseOp!({ t: "replicate", back: 0, es: [] })).toThrow(/not a raft-storage op/);
    expect(target.describeOp!({ t: "truncate", back: 2, stop: true })).toBe("delete a conflicting suffix from 2 before the end (stop given)");
  });
});

describe("a user's store", () => {
  // A store of another design (examples/raft-store-whole-state.ts) is checked through the CLI,
  // as a user runs it: test/cli/conformance.test.ts.
  it("impl.plug builds the target around a module's default export, or says why it cannot", async () => {
    const plugged = target.impl!.plug(memStore());
    expect(plugged.name).toBe("raft-storage");
    expect(Object.keys(plugged.bugs)).toEqual([]);
    clean(await sweep(plugged, { base: 0, count: SEEDS }, { ops: 100, faultLevel: "stormy" }));
    expect(() => target.impl!.plug({ getLogEntries() {} })).toThrow(/not a RaftStorage factory/);
  });
});
