/**
 * Log compaction and InstallSnapshot in the raft target: both happen at stormy, a restarted node
 * restores its state machine from its snapshot, and the planted bug "stale-snapshot" is caught.
 */
import { describe, expect, it, vi } from "vitest";
import { runSeed, sweep, type Target } from "../../../src/index.js";
import target from "../../../src/targets/raft/index.js";
import type { RaftOp } from "../../../src/targets/raft/ops.js";
import { RaftSim } from "../../../src/targets/raft/sim.js";

const OPS = 200;

describe("raft snapshots", () => {
  it("30 seeds at stormy: nodes compact and followers install snapshots, without violation", async () => {
    const report = await sweep(target, { base: 0, count: 30 }, { ops: OPS, faultLevel: "stormy" });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
    expect(report.histogram["raft.snapshot"]).toBeGreaterThan(0);
    expect(report.histogram["raft.install"]).toBeGreaterThan(0);
  });

  it("planted bug stale-snapshot is caught within 10 stormy seeds, each time as R7, R4 or R5", async () => {
    const report = await sweep(target, { base: 0, count: 10 }, { ops: OPS, faultLevel: "stormy", bug: "stale-snapshot" });
    expect(report.failed).toBeGreaterThan(0);
    for (const f of report.failures) expect(["R7", "R4", "R5"]).toContain(f.violations[0]?.invariant);
    expect(target.bugs["stale-snapshot"]?.breaks[0]).toBe("R7");
  });

  it("a node restarted after compaction restores its KV from the snapshot and ends where the others do", async () => {
    // The first seed where a restarted node finds a snapshot (index > 0) on its disk.
    for (let seed = 0; seed < 20; seed++) {
      let sim: RaftSim | undefined;
      const restores: { node: number; index: number }[] = [];
      const watched: Target<RaftOp> = {
        ...target,
        create: (ctx) => {
          const s = new RaftSim(ctx);
          // Nodes start in a later microtask, so the spy sees every start, the first ones included.
          const check = s.checker.started.bind(s.checker);
          vi.spyOn(s.checker, "started").mockImplementation((node, index, term) => {
            if (s.cluster.node(node)!.host.incarnation > 0 && index > 0) restores.push({ node, index });
            check(node, index, term);
          });
          sim = s;
          return s;
        },
      };
      const result = await runSeed(watched, seed, { ops: OPS, faultLevel: "stormy" });
      if (restores.length === 0) continue;
      expect(result.violations).toEqual([]);
      const cluster = sim!.cluster;
      const restored = cluster.node(restores[0]!.node)!;
      // It applied past the snapshot it restored, and holds what every other node holds.
      expect(restored.applied).toBeGreaterThan(restores[0]!.index);
      for (let id = 0; id < cluster.size; id++) expect([...cluster.node(id)!.kv.export()]).toEqual([...restored.kv.export()]);
      return;
    }
    expect.fail("no restart restored from a snapshot in 20 stormy seeds");
  });
});
