/**
 * The replication package in isolation, on a hand-cranked clock: LocalReplicator, in-order
 * delivery (order, duplicates, failing handlers, restart from the disk), MemoryTransport, the
 * quorum driver's single-node path, and the Go error values.
 */
import { describe, expect, it } from "vitest";
import type { Timer } from "../../../src/index.js";
import {
  decisionError,
  LocalReplicator,
  MemoryHub,
  MemoryNodeStore,
  QuorumReplicator,
  Rejected,
  Timeout,
  type Frame,
  type NodeStore,
  type ReplicatorHost,
} from "../../../src/targets/replication/index.js";
import { InOrderDelivery } from "../../../src/targets/replication/delivery.js";
import type { WireMessage } from "../../../src/targets/replication/memory-hub.js";

/** A host whose timers fire when the test says. */
class FakeHost implements ReplicatorHost {
  readonly bug = null;
  readonly events: string[] = [];
  #now = 0;
  #timers: { at: number; fire: () => void; live: boolean }[] = [];

  constructor(readonly store: NodeStore = new MemoryNodeStore()) {}

  nowMs(): number {
    return this.#now;
  }

  schedule(delayMs: number, fire: () => void): Timer {
    const t = { at: this.#now + delayMs, fire, live: true };
    this.#timers.push(t);
    return {
      atMs: t.at,
      get pending() {
        return t.live;
      },
      cancel: () => {
        const was = t.live;
        t.live = false;
        return was;
      },
    };
  }

  event(label: string, frame?: Frame): void {
    this.events.push(frame === undefined ? label : `${label} ${frame.seq}`);
  }

  /** Advance the clock by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      due.live = false;
      this.#now = due.at;
      due.fire();
    }
    this.#now = until;
  }
}

const frame = (seq: number, value = `v${seq}`): Frame => ({ org: "acme", ns: "tasks", seq, op: "put", key: "k", value });

describe("LocalReplicator", () => {
  it("accepts at once and applies through the accept path, in seq order, before answering", async () => {
    const host = new FakeHost();
    const local = new LocalReplicator(host);
    const applied: number[] = [];
    local.subscribe((f) => void applied.push(f.seq));
    expect(await local.propose(frame(1))).toBe("accept");
    expect(await local.propose(frame(2))).toBe("accept");
    expect(applied).toEqual([1, 2]);
    expect(host.store.frame("acme", "tasks", 2)).toEqual(frame(2));
    expect(local.stats()).toEqual({ accepted: 2, rejected: 0, timeouts: 0 });
  });

  it("answers only once a failing handler applied the frame on a later try", async () => {
    const host = new FakeHost();
    const local = new LocalReplicator(host);
    let failures = 1;
    const applied: number[] = [];
    local.subscribe((f) => {
      if (failures-- > 0) throw new Error("disk full");
      applied.push(f.seq);
    });
    let answer: string | undefined;
    void local.propose(frame(1)).then((d) => (answer = d));
    await Promise.resolve();
    expect(answer).toBeUndefined();
    host.advance(10);
    await Promise.resolve();
    await Promise.resolve();
    expect(applied).toEqual([1]);
    expect(answer).toBe("accept");
  });
});

describe("in-order delivery", () => {
  function delivery(store: NodeStore = new MemoryNodeStore()): { d: InOrderDelivery; applied: string[]; host: FakeHost } {
    const host = new FakeHost(store);
    const applied: string[] = [];
    const d = new InOrderDelivery({ store, schedule: (ms, fire) => host.schedule(ms, fire), delivered: () => undefined, event: (label, f) => host.event(label, f) });
    d.subscribe((f) => void applied.push(`${f.seq}:${f.value}`));
    return { d, applied, host };
  }

  it("holds a frame ahead of a gap and drops duplicates", () => {
    const { d, applied, host } = delivery();
    d.offer(frame(2));
    d.offer(frame(3));
    expect(applied).toEqual([]);
    d.offer(frame(1));
    d.offer(frame(1));
    d.offer(frame(3));
    expect(applied).toEqual(["1:v1", "2:v2", "3:v3"]);
    expect(d.cursor("acme", "tasks")).toBe(3);
    expect(host.events.filter((e) => e.startsWith("delivery.duplicate"))).toEqual(["delivery.duplicate 1", "delivery.duplicate 3"]);
  });

  it("resumes where the disk says after a restart: nothing repeated, nothing skipped", () => {
    const store = new MemoryNodeStore();
    delivery(store).d.offer(frame(1));
    const again = delivery(store);
    again.d.offer(frame(1));
    again.d.offer(frame(2));
    expect(again.applied).toEqual(["2:v2"]);
  });
});

describe("MemoryHub and MemoryTransport", () => {
  it("lists this node first, and sends and broadcasts through the node's link", () => {
    const hub = new MemoryHub(["n0", "n1", "n2"]);
    const sent: string[] = [];
    const link = {
      send: (to: number, m: WireMessage) => void sent.push(`${to}:${m.kind}`),
      broadcast: (m: WireMessage) => void sent.push(`*:${m.kind}`),
    };
    const t = hub.connect("n1", link);
    expect(t.validators()).toEqual(["n1", "n0", "n2"]);
    expect(t.localId()).toBe("n1");
    t.send("n2", "vote", {});
    t.send("n1", "vote", {});
    t.broadcast("propose", {});
    expect(sent).toEqual(["2:vote", "*:propose"]);
    const got: string[] = [];
    t.onReceive("vote", (p, from) => void got.push(`${from}:${JSON.stringify(p)}`));
    t.receive(0, { kind: "vote", payload: { ok: true } });
    t.receive(0, { kind: "unknown", payload: {} });
    expect(got).toEqual(['n0:{"ok":true}']);
    expect(() => hub.connect("n9", link)).toThrow(/not one of the hub's validators/);
  });
});

describe("the quorum driver", () => {
  it("decides on a single-node set without any traffic", async () => {
    const host = new FakeHost();
    const hub = new MemoryHub(["n0"]);
    const sent: string[] = [];
    const transport = hub.connect("n0", { send: (to, m) => void sent.push(m.kind), broadcast: (m) => void sent.push(m.kind) });
    const q = new QuorumReplicator(host, { nodeId: "n0", validators: ["n0"], transport });
    const applied: number[] = [];
    q.subscribe((f) => void applied.push(f.seq));
    expect(await q.propose(frame(1))).toBe("accept");
    expect(applied).toEqual([1]);
    expect(sent).toEqual([]);
    expect(q.stats()).toEqual({ accepted: 1, rejected: 0, timeouts: 0 });
    q.close();
  });

  it("times out at proposeWaitMs when no peer answers, re-sending to the silent every witnessAfterMs", async () => {
    const host = new FakeHost();
    const hub = new MemoryHub(["n0", "n1", "n2"]);
    const sent: string[] = [];
    const transport = hub.connect("n0", { send: (to, m) => void sent.push(`${to}:${m.kind}`), broadcast: (m) => void sent.push(`*:${m.kind}`) });
    const q = new QuorumReplicator(host, { nodeId: "n0", validators: hub.ids, transport, proposeWaitMs: 250, witnessAfterMs: 100, catchUpEveryMs: 1000 });
    const answer = q.propose(frame(1));
    host.advance(250);
    expect(await answer).toBe("timeout");
    expect(sent).toEqual(["*:propose", "1:propose", "2:propose", "1:propose", "2:propose"]);
    expect(q.stats()).toEqual({ accepted: 0, rejected: 0, timeouts: 1 });
  });
});

describe("errors", () => {
  it("gives Go's error beside a failed decision", () => {
    expect(decisionError("reject", frame(1))).toBeInstanceOf(Rejected);
    expect(decisionError("timeout", frame(1))).toBeInstanceOf(Timeout);
    expect(decisionError("accept", frame(1))).toBeUndefined();
  });
});
