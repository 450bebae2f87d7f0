/**
 * `eventNode` of the built-in targets with more than one node or a disk: every per-node event of
 * a target's own lands in a lane of its cluster, net.* and own events of one host share its lane,
 * and asking for lanes (a trace sink) leaves the trace hash alone.
 */
import { describe, expect, it } from "vitest";
import { runSeed, type Instance, type Target, type TraceEntry } from "../../src/index.js";
import { BUILTIN_TARGETS } from "../../src/targets/index.js";

const OPTIONS = { ops: 60, faultLevel: "stormy" } as const;
const SEEDS = [1, 2, 3];

interface Case {
  /** The target's own kinds that happen on a node. */
  readonly perNode: (kind: string) => boolean;
  /** The lane an own kind must land in when the test knows it exactly (else only the range is checked). */
  readonly lane?: (e: TraceEntry) => number | undefined;
  /** A network target: at least two lanes appear. */
  readonly network: boolean;
}

const prefix =
  (...ps: string[]) =>
  (kind: string): boolean =>
    ps.some((p) => kind.startsWith(p));

const CASES: Readonly<Record<string, Case>> = {
  replication: {
    perNode: (k) => prefix("quorum.", "delivery.", "apply.", "read.")(k),
    lane: (e) => (e.kind.startsWith("read.") ? e.b : e.a),
    network: true,
  },
  raft: { perNode: prefix("raft."), lane: (e) => e.a, network: true },
  failover: {
    // fail.* name the lease holder, or 0 when nobody up held it (then no node).
    perNode: (k) => prefix("store.", "failover.", "manager.", "pressure.")(k),
    // Node 0 is the store; servers are 1..3.
    lane: (e) => (e.kind.startsWith("store.") ? 0 : e.a),
    network: true,
  },
  "async-driver": {
    perNode: prefix("service.", "driver.", "request."),
    // Node 0 runs the application and its driver, node 1 the service.
    lane: (e) => (e.kind.startsWith("service.") ? 1 : 0),
    network: true,
  },
  "raft-storage": { perNode: prefix("log.", "apply.", "install.", "crash.", "recovery."), lane: () => 0, network: false },
};

/** Kinds of the clients, the ops and the operator: no node. */
const noNode = prefix("op.", "client.", "move.");

interface Traced {
  readonly entries: TraceEntry[];
  /** The number of nodes of the run, from its cluster (1 for a lone store on its disk). */
  readonly nodes: number;
  readonly hash: string;
  readonly violations: readonly { readonly invariant: string }[];
}

async function traced(target: Target<unknown>, seed: number): Promise<Traced> {
  const entries: TraceEntry[] = [];
  let instance: Instance<unknown> | undefined;
  const watched: Target<unknown> = { ...target, create: (ctx) => (instance = target.create(ctx)) };
  const r = await runSeed(watched, seed, OPTIONS, { traceSink: (e) => entries.push(e) });
  const nodes = (instance as { cluster?: { size: number } } | undefined)?.cluster?.size ?? 1;
  return { entries, nodes, hash: String(r.traceHash), violations: r.violations };
}

describe("eventNode of the built-in targets", () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: own per-node events land in a lane of the cluster, net.deliver at its receiver, hashes unchanged`, async () => {
      const target = BUILTIN_TARGETS.get(name)!;
      expect(target.eventNode, name).toBeTypeOf("function");
      const own = new Set<string>();
      const lanes = new Set<number>();
      for (const seed of SEEDS) {
        const run = await traced(target, seed);
        const where = `${name} seed ${seed}`;
        expect(run.violations.filter((v) => v.invariant === "target-error"), where).toEqual([]);
        // The cluster's size agrees with the ids the network uses.
        for (const e of run.entries) {
          if (e.kind === "net.send" || e.kind === "net.deliver") expect(Math.max(e.a, e.b), `${where} ${e.kind}`).toBeLessThan(run.nodes);
        }
        for (const e of run.entries) {
          const at = `${where} step ${e.step} ${e.kind} ${e.a} ${e.b}`;
          if (e.node !== undefined) {
            expect(Number.isInteger(e.node) && e.node >= 0 && e.node < run.nodes, `${at}: node ${e.node} of ${run.nodes}`).toBe(true);
            lanes.add(e.node);
          }
          if (e.kind === "net.deliver") expect(e.node, at).toBe(e.b);
          if (e.kind.startsWith("net.") || e.kind.startsWith("node.") || e.kind.startsWith("disk.") || e.kind.startsWith("kernel.")) continue;
          if (c.perNode(e.kind)) {
            own.add(e.kind);
            expect(e.node, at).toBeTypeOf("number");
            if (c.lane !== undefined) expect(e.node, at).toBe(c.lane(e));
          } else if (noNode(e.kind)) {
            expect(e.node, at).toBeUndefined();
          } else if (e.kind.startsWith("fail.")) {
            expect(e.node, at).toBe(e.a > 0 ? e.a : undefined);
          } else {
            expect.fail(`${at}: a kind this test does not classify`);
          }
        }
        const plain = await runSeed(target, seed, OPTIONS);
        expect(run.hash, `${where}: trace hash with a sink`).toBe(String(plain.traceHash));
      }
      expect(own.size, `${name}: own per-node kinds reached`).toBeGreaterThan(0);
      if (c.network) expect(lanes.size, `${name}: lanes`).toBeGreaterThanOrEqual(2);
    });
  }
});
