/**
 * Disks in a cluster: each node's `host.disk` keeps its files across incarnations; a node's crash
 * crashes its disk then (unsynced writes lost), its pending disk operations never settle, its
 * stale code can do nothing more; the restart reads what was durable; completions wait out a
 * pause; a cluster without disks says how to get one.
 */
import { describe, expect, it } from "vitest";
import {
  Cluster,
  defineTarget,
  DISK_QUIET,
  diskOptions,
  NET_EVENT_KINDS,
  NET_FAULT_KINDS,
  runSeed,
  type DiskApi,
  type DiskOptions,
  type Durable,
  type NodeHost,
  type NodeProcess,
  type RunContext,
} from "../../../src/index.js";
import { CALM } from "../net/harness.js";
import { every, readAll, testTarget } from "./harness.js";

/** A node that appends and syncs when told to, noting what completes, and reads its log when it starts. */
class LogNode implements NodeProcess<string> {
  constructor(
    readonly host: NodeHost<string>,
    readonly world: World,
    readonly durable: Durable | undefined,
  ) {
    world.nodes[host.id] = this;
    if (world.noDisk) return;
    void readAll(host.disk, "log").then((read) => this.note(`boot${host.incarnation} ${read.map((o) => ("data" in o ? o.data : "!")).join(",")} ${JSON.stringify(durable)}`));
  }

  receive(): void {}

  append(data: string): void {
    void this.host.disk.append("log", data).then(() => this.note(`acked ${data}`));
  }

  sync(): void {
    void this.host.disk.sync("log").then(() => this.note("synced"));
  }

  note(what: string): void {
    this.world.log.push(`n${this.host.id}@${this.world.ctx.nowMs()} ${what}`);
  }
}

interface World {
  readonly ctx: RunContext;
  readonly cluster: Cluster<string, LogNode>;
  readonly nodes: LogNode[];
  readonly log: string[];
  readonly noDisk: boolean;
}

/** A 3-node cluster on a calm network, with `disk` (undefined: none); each step runs `step`. */
function clusterTarget(disk: Partial<DiskOptions> | true | undefined, step: (w: World) => void) {
  const worlds: World[] = [];
  const target = testTarget("disk-cluster", true, (ctx) => {
    const partial: { -readonly [K in keyof World]?: World[K] } = { ctx, nodes: [], log: [], noDisk: disk === undefined };
    const world = partial as World;
    partial.cluster = new Cluster<string, LogNode>(ctx, {
      nodes: 3,
      network: CALM,
      factory: (host, durable) => new LogNode(host, world, durable),
      ...(disk !== undefined ? { disk } : {}),
    });
    worlds.push(world);
    return { nextOp: () => 0, apply: () => step(world), check: () => [], finish: () => [] };
  });
  return { target, last: () => worlds[worlds.length - 1]! };
}

const SLOW = { faultLevel: "stormy", ...every(10) } as const;
const DISK: Partial<DiskOptions> = { ...DISK_QUIET, writeMinMs: 5, syncMinMs: 5 };

describe("disks in a cluster", () => {
  it("a node's crash loses its unsynced writes and never settles its pending operations; its stale code does nothing; the restart reads the durable log and the persisted state", async () => {
    let stale: DiskApi | undefined;
    const t = clusterTarget(DISK, (w) => {
      const step = w.ctx.step();
      const n1 = w.nodes[1]!;
      if (step === 0) {
        n1.append("a");
        n1.append("b");
        n1.sync();
        w.nodes[0]!.append("z");
      }
      if (step === 1) {
        n1.append("c");
        n1.sync();
        n1.host.persist({ saved: 1 });
        stale = n1.host.disk;
        w.cluster.crash(1);
        void stale.append("log", "from the dead").then(() => n1.note("stale acked"));
        n1.note(`stale length ${stale.length("log")}`);
      }
      if (step === 2) w.cluster.restart(1);
    });
    const r = await runSeed(t.target, 1, { ...SLOW, ops: 3 });
    expect(r.violations).toEqual([]);
    expect(t.last().log).toEqual([
      "n0@0 boot0  undefined",
      "n1@0 boot0  undefined",
      "n2@0 boot0  undefined",
      "n1@5 acked a",
      "n1@5 acked b",
      "n1@5 synced",
      "n0@5 acked z",
      // The crash took "c" back (it reached the file, unsynced); the dead incarnation's append changed nothing.
      "n1@10 stale length 2",
      "n1@20 boot1 a,b {\"saved\":1}",
    ]);
    expect(r.histogram).toMatchObject({ "node.crash": 1, "node.restart": 1, "disk.crash-lost": 1, "disk.sync": 1 });
    // Node 0's unsynced "z" is untouched by node 1's crash; the liveness phase left the run clean.
    expect(t.last().nodes[0]!.host.disk.length("log")).toBe(1);
    expect(r.histogram["kernel.timeout"] ?? 0).toBe(0);
  });

  it("a paused node's disk completions wait for the resume", async () => {
    const t = clusterTarget(DISK, (w) => {
      if (w.ctx.step() !== 0) return;
      w.nodes[1]!.append("a");
      w.cluster.pause(1, 20);
      w.nodes[2]!.append("b");
    });
    const r = await runSeed(t.target, 1, { ...SLOW, ops: 3 });
    expect(r.violations).toEqual([]);
    expect(t.last().log.filter((x) => x.includes("acked"))).toEqual(["n2@5 acked b", "n1@20 acked a"]);
  });

  it("disk: true gives every node a disk with the level's options; without disk, host.disk throws saying how to get one", async () => {
    const on = clusterTarget(true, () => undefined);
    await runSeed(on.target, 1, { ...SLOW, ops: 1, faultLevel: "radioactive" });
    expect(on.last().cluster.diskOptions).toEqual(diskOptions("radioactive"));
    expect(on.last().nodes.map((n) => n.host.disk.node)).toEqual([0, 1, 2]);
    const off = clusterTarget(undefined, (w) => {
      w.log.push(String(w.cluster.diskOptions));
      w.nodes[0]!.host.disk.length("log");
    });
    const r = await runSeed(off.target, 1, { ...SLOW, ops: 1 });
    expect(off.last().log).toEqual(["undefined"]);
    expect(r.violations.map((v) => v.message)).toEqual([expect.stringContaining("node 0 has no disk: build the cluster with disk: true (or disk options) to give its nodes one")]);
  });

  it("a bad disk option or an undeclared disk kind is an error naming it", async () => {
    const bad = clusterTarget({ torn: 2 }, () => undefined);
    const r = await runSeed(bad.target, 1, { ...SLOW, ops: 1 });
    expect(r.violations[0]!.message).toContain("disk.torn must be a probability in [0, 1], got 2");
    const forgot = defineTarget<number>({
      ...testTarget("forgot", false, () => ({ nextOp: () => 0, apply: () => undefined, check: () => [], finish: () => [] })),
      eventKinds: [...NET_EVENT_KINDS],
      faultKinds: [...NET_FAULT_KINDS],
      create(ctx) {
        new Cluster<string>(ctx, { nodes: 1, factory: () => ({ receive: () => undefined }), disk: true });
        return { nextOp: () => 0, apply: () => undefined, check: () => [], finish: () => [] };
      },
    });
    const f = await runSeed(forgot, 1, { ...SLOW, ops: 1 });
    expect(f.violations[0]!.message).toContain("target 'forgot' uses a disk but does not declare the event kind 'disk.write': declare eventKinds: [...yours, ...DISK_EVENT_KINDS]");
  });
});
