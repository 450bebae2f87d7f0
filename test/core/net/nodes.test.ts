/**
 * The nodes' faults, each in isolation: pauses hold everything until the resume; crashes lose the
 * volatile state, cancel timers, leave sleeps pending and drop messages; restarts get the
 * persisted state as incarnation + 1; drawn crashes and pauses respect maxDown; heal() ends all.
 */
import { describe, expect, it } from "vitest";
import { runSeed, type Durable, type NodeHost } from "../../../src/index.js";
import { CALM, netTarget, pairs, Recorder, type Msg, type World } from "./harness.js";

const SLOW_STEPS = { faultLevel: "stormy", thinkMsMin: 10, thinkMsMax: 10, livenessMsMax: 10_000 } as const;

/** Node 1 arms a timer and a sleep at 5 ms when it starts; each node notes what runs, and when. */
class Sleeper extends Recorder {
  constructor(host: NodeHost<Msg>, world: World, durable: Durable | undefined) {
    super(host, world, durable);
    ((world.notes.durables ??= []) as unknown[]).push([host.id, host.incarnation, durable]);
    if (host.id !== 1) return;
    host.schedule(5, world.ctx.kind("test.timer"), () => this.note("timer"));
    void host.sleep(5).then(() => this.note("slept"));
  }

  override receive(from: number, msg: Msg): void {
    super.receive(from, msg);
    this.note(`${msg.tag}${msg.id}`);
    this.host.persist({ seen: this.world.log.filter((x) => x.to === this.host.id).length, by: this.host.incarnation });
  }

  crashed(): void {
    this.note(`crashed${this.host.id}`);
  }

  /** `what@time` in the world's notes. */
  note(what: string): void {
    ((this.world.notes.events ??= []) as string[]).push(`${what}@${this.world.ctx.nowMs()}`);
  }
}

const sleeper = (host: NodeHost<Msg>, durable: Durable | undefined, world: World) => new Sleeper(host, world, durable);

describe("pause", () => {
  it("a paused node receives nothing until it resumes, then everything held, in arrival order", async () => {
    const t = netTarget({
      nodes: 3,
      network: CALM,
      factory: sleeper,
      step: (w) => {
        if (w.ctx.step() === 0) w.cluster.pause(1, 40);
        w.notes[`status${w.ctx.step()}`] = w.cluster.status(1);
        w.send(0, 1, "m");
        w.send(0, 2, "o");
      },
    });
    const r = await runSeed(t.target, 1, { ...SLOW_STEPS, ops: 7 });
    expect(r.violations).toEqual([]);
    const w = t.last();
    // Sent at 0..60 every 10 ms with 1 ms delay; paused 0..40: the first four, the timer and the
    // sleep (due at 5) all wait for 40 and run in the order they came due (the sleep's
    // continuation, a microtask, right after the resume's synchronous work).
    expect((w.notes.events as string[]).filter((e) => !e.startsWith("o"))).toEqual(["m0@40", "timer@40", "m2@40", "m4@40", "m6@40", "slept@40", "m8@41", "m10@51", "m12@61"]);
    expect(w.log.filter((x) => x.to === 2).every((x) => x.at === x.sentAt + 1)).toBe(true);
    expect(w.notes).toMatchObject({ status0: "paused", status3: "paused", status4: "up" });
    expect(r.histogram).toMatchObject({ "node.pause": 1, "node.resume": 1, "net.drop": 0, "test.timer": 1 });
  });
});

describe("crash and restart", () => {
  it("a crashed node's timers never fire, its sleep never settles, messages to it are dropped; the restart gets the persisted state as incarnation + 1", async () => {
    const t = netTarget({
      nodes: 3,
      network: CALM,
      factory: sleeper,
      step: (w) => {
        const step = w.ctx.step();
        if (step === 0) w.send(0, 1, "before");
        if (step === 1) {
          w.send(0, 1, "inflight");
          expect(w.cluster.crash(1)).toBe(true);
          expect(w.cluster.crash(1)).toBe(false);
        }
        if (step >= 1 && step <= 3) {
          w.notes[`node${step}`] = w.cluster.node(1) === undefined ? "gone" : "there";
          w.send(0, 1, "down");
        }
        if (step === 4) {
          expect(w.cluster.restart(1)).toBe(true);
          w.send(0, 1, "after");
        }
      },
    });
    const r = await runSeed(t.target, 1, { ...SLOW_STEPS, thinkMsMin: 3, thinkMsMax: 3, ops: 6 });
    expect(r.violations).toEqual([]);
    const w = t.last();
    // The first incarnation's timer and sleep (due at 5) were cancelled by the crash at 3: neither
    // ever ran. The second incarnation (restarted at 12) armed its own, due at 17.
    expect(w.notes.events).toEqual(["before0@1", "crashed1@3", "after5@13", "timer@17", "slept@17"]);
    expect(r.histogram["test.timer"]).toBe(1);
    expect(r.histogram).toMatchObject({ "node.crash": 1, "node.restart": 1, "net.drop": 4 });
    expect(w.notes).toMatchObject({ node1: "gone", node3: "gone" });
    expect(w.cluster.incarnation(1)).toBe(1);
    // Node 1's second incarnation was built with what the first persisted.
    expect((w.notes.durables as unknown[]).filter((d) => (d as unknown[])[0] === 1)).toEqual([
      [1, 0, undefined],
      [1, 1, { seen: 1, by: 0 }],
    ]);
    expect(w.cluster.status(1)).toBe("up");
  });

  it("messages held for a paused node are dropped when it crashes", async () => {
    const t = netTarget({
      nodes: 2,
      network: CALM,
      step: (w) => {
        const step = w.ctx.step();
        if (step === 0) w.cluster.pause(1);
        if (step < 3) w.send(0, 1, "held");
        if (step === 3) w.cluster.crash(1, 5);
      },
    });
    const r = await runSeed(t.target, 1, { ...SLOW_STEPS, ops: 5 });
    expect(t.last().log).toEqual([]);
    expect(r.histogram).toMatchObject({ "node.pause": 1, "node.crash": 1, "node.restart": 1, "net.drop": 3 });
    expect(t.last().cluster.settled()).toBe(true);
  });
});

describe("drawn node faults", () => {
  it("crashes and pauses drawn per tick keep at most maxDown nodes down, and end on their own", async () => {
    let mostDown = 0;
    const t = netTarget({
      nodes: 5,
      network: { ...CALM, crash: 0.1, pause: 0.1, maxDown: 2, restartMeanMs: 20, pauseMeanMs: 20 },
      step: (w, op) => {
        const down = [0, 1, 2, 3, 4].filter((id) => w.cluster.status(id) !== "up").length;
        mostDown = Math.max(mostDown, down);
        w.send(op % 5, (op + 1) % 5, "ping", 2);
      },
      quiescent: true,
    });
    const r = await runSeed(t.target, 3, { ops: 400, faultLevel: "stormy" });
    expect(r.violations).toEqual([]);
    expect(mostDown).toBe(2);
    expect(r.histogram["node.crash"]).toBeGreaterThan(10);
    expect(r.histogram["node.restart"]).toBe(r.histogram["node.crash"]);
    expect(r.histogram["node.pause"]).toBeGreaterThan(10);
    expect(r.histogram["node.resume"]).toBe(r.histogram["node.pause"]);
    expect(t.last().cluster.settled()).toBe(true);
  });
});

describe("heal", () => {
  it("ends every fault: partitions, clogs, pauses, crashes; afterwards every message takes the minimum delay", async () => {
    const n = 4;
    const t = netTarget({
      nodes: n,
      network: { delayMinMs: 2, delayMeanMs: 20, loss: 0.3, duplicate: 0.2, reorder: 0.3, clog: 0.2, clogMeanMs: 100_000, partition: 0.5, unpartition: 0, pause: 0.2, pauseMeanMs: 100_000, crash: 0.2, restartMeanMs: 100_000, maxDown: 0 },
      step: (w, op) => w.send(op % n, (op + 1) % n, "ping", 3),
      heal: (w) => {
        const c = w.cluster;
        w.notes.before = { down: [...Array(n).keys()].filter((id) => c.status(id) !== "up").length, cut: pairs(n).some(([a, b]) => c.partitioned(a, b)) };
        c.heal();
        w.notes.after = { cut: pairs(n).some(([a, b]) => c.partitioned(a, b)), clogged: pairs(n).some(([a, b]) => c.clogged(a, b)) };
        w.ctx.schedule(1, w.ctx.kind("test.timer"), () => {
          w.notes.up = [...Array(n).keys()].every((id) => c.status(id) === "up");
          for (const [from, to] of pairs(n)) w.send(from, to, "healed", 2);
        });
      },
      finish: (w) => {
        w.notes.settled = w.cluster.settled();
        return [];
      },
    });
    const r = await runSeed(t.target, 2, { ops: 60, faultLevel: "stormy" });
    expect(r.violations).toEqual([]);
    const w = t.last();
    expect(w.notes.before).toEqual({ down: expect.any(Number), cut: true });
    expect((w.notes.before as { down: number }).down).toBeGreaterThan(0);
    expect(w.notes.after).toEqual({ cut: false, clogged: false });
    expect(w.notes).toMatchObject({ up: true, settled: true });
    const healed = w.log.filter((x) => x.tag === "healed");
    expect(healed).toHaveLength(pairs(n).length * 3);
    expect(healed.every((x) => x.at === x.sentAt + 2)).toBe(true);
    expect(w.cluster.inFlight()).toBe(0);
  });
});
