import { describe, expect, it } from "vitest";
import { defineTarget, InputError, runSeed, sweep, type Instance, type RunContext, type Violation } from "../../src/index.js";

type Op = { n: number };

/** A tiny target whose behaviour each test tweaks. */
function makeTarget(overrides: Partial<Instance<Op>> = {}, extra: (ctx: RunContext) => void = () => undefined) {
  return defineTarget<Op>({
    name: "tiny",
    description: "test target",
    invariants: { small: "n stays below 90" },
    bugs: { big: "draws up to 100" },
    workloads: { default: "numbers" },
    eventKinds: ["op", "tick"],
    faultKinds: ["boom"],
    create(ctx) {
      extra(ctx);
      const op = ctx.kind("op");
      const tick = ctx.kind("tick");
      const boom = ctx.faultKind("boom");
      const found: Violation[] = [];
      return {
        nextOp: () => ({ n: ctx.ops.int(ctx.bug === "big" ? 100 : 50) }),
        apply: (o: Op) => {
          ctx.emit(op, o.n);
          if (ctx.faults.draw(boom, ctx.profile.drop) !== null) ctx.schedule(3, tick, () => ctx.emit(tick));
          if (o.n >= 90) found.push(ctx.violation("small", `n=${o.n}`));
        },
        check: () => found.splice(0),
        finish: () => [],
        ...overrides,
      };
    },
  });
}

describe("runSeed", () => {
  it("gives the same trace hash for the same seed and options, and a different one for another seed", async () => {
    const t = makeTarget();
    const a = await runSeed(t, 11, { ops: 300, faultLevel: "stormy" });
    const b = await runSeed(t, 11, { ops: 300, faultLevel: "stormy" });
    const c = await runSeed(t, 12, { ops: 300, faultLevel: "stormy" });
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.histogram).toEqual(b.histogram);
    expect(c.traceHash).not.toBe(a.traceHash);
    expect(a.histogram.tick).toBeGreaterThan(0);
  });

  it("replays recorded steps, faults included, to the same trace hash", async () => {
    const t = makeTarget();
    const recorded = await runSeed(t, 5, { ops: 200, faultLevel: "radioactive" }, { record: true });
    expect(recorded.recorded?.some((s) => (s.faults?.length ?? 0) > 0)).toBe(true);
    const replayed = await runSeed(t, 5, { ops: 200, faultLevel: "radioactive" }, { steps: recorded.recorded });
    expect(replayed.traceHash).toBe(recorded.traceHash);
    const withoutFaults = recorded.recorded!.map((s) => ({ op: s.op, thinkMs: s.thinkMs }));
    const stripped = await runSeed(t, 5, { ops: 200, faultLevel: "radioactive" }, { steps: withoutFaults });
    expect(stripped.histogram.tick).toBe(0);
  });

  it("stops at the first violation, or keeps going when asked", async () => {
    const t = makeTarget();
    const first = await runSeed(t, 1, { ops: 500, faultLevel: "sunny", bug: "big" });
    expect(first.violations.length).toBe(1);
    expect(first.steps).toBe(first.violations[0]!.step + 1);
    expect(first.recentOps?.at(-1)).toContain(`#${first.violations[0]!.step} `);
    const all = await runSeed(t, 1, { ops: 500, faultLevel: "sunny", bug: "big", keepGoing: true });
    expect(all.violations.length).toBeGreaterThan(1);
    expect(all.steps).toBe(500);
  });

  it("reports an exception thrown by the system under test as a violation with its seed", async () => {
    const t = makeTarget({
      apply: (o: Op) => {
        if (o.n === 7) throw new TypeError("boom at 7");
      },
    });
    const r = await runSeed(t, 3, { ops: 500, faultLevel: "sunny" });
    expect(r.violations[0]).toMatchObject({ invariant: "exception", seed: 3, target: "tiny" });
    expect(r.violations[0]!.message).toContain("TypeError: boom at 7");
  });

  it("drives an async system under test through simulated sleeps", async () => {
    const done: number[] = [];
    let ctxRef: RunContext | undefined;
    const t = makeTarget(
      {
        apply: async (o: Op) => {
          await ctxRef!.sleep(o.n % 10);
          await ctxRef!.sleep(1);
          done.push(o.n);
        },
        finish: async () => {
          await ctxRef!.sleep(100);
          return done.length === 50 ? [] : [ctxRef!.violation("small", `only ${done.length} ops completed`)];
        },
      },
      (ctx) => (ctxRef = ctx),
    );
    const a = await runSeed(t, 2, { ops: 50, faultLevel: "sunny" });
    expect(a.violations).toEqual([]);
    expect(done.length).toBe(50);
    done.length = 0;
    const b = await runSeed(t, 2, { ops: 50, faultLevel: "sunny" });
    expect(b.traceHash).toBe(a.traceHash);
    // Two sleeps per op, one in finish.
    expect(a.histogram["kernel.sleep"]).toBe(101);
  });

  it("reports a finish that can never settle as a hang", async () => {
    const t = makeTarget({ finish: () => new Promise<readonly Violation[]>(() => undefined) });
    const r = await runSeed(t, 1, { ops: 10, faultLevel: "sunny" });
    expect(r.violations.map((v) => v.invariant)).toContain("hang");
  });

  it("rejects unknown workloads, bugs and weight kinds as input errors", async () => {
    const t = makeTarget();
    await expect(runSeed(t, 1, { ops: 10, faultLevel: "sunny", workload: "nope" })).rejects.toThrow(InputError);
    await expect(runSeed(t, 1, { ops: 10, faultLevel: "sunny", bug: "nope" })).rejects.toThrow(/unknown bug 'nope'/);
    await expect(runSeed(t, 1, { ops: 0, faultLevel: "sunny" })).rejects.toThrow(/ops must be a positive integer/);
  });
});

describe("sweep", () => {
  it("accounts for every seed in order and sums histograms", async () => {
    const t = makeTarget();
    const report = await sweep(t, { base: 10, count: 20 }, { ops: 100, faultLevel: "sunny", bug: "big" });
    expect(report.seeds.map((s) => s.seed)).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));
    expect(report.passed + report.failed).toBe(20);
    expect(report.failures.length).toBe(report.failed);
    expect(report.histogram.op).toBe(report.totalSteps);
    expect(report.unreached).toEqual(["tick"]);
  });

  it("rejects an empty or out-of-range seed range", async () => {
    const t = makeTarget();
    await expect(sweep(t, { base: 0, count: 0 }, { ops: 1, faultLevel: "sunny" })).rejects.toThrow(InputError);
    await expect(sweep(t, { base: Number.MAX_SAFE_INTEGER, count: 2 }, { ops: 1, faultLevel: "sunny" })).rejects.toThrow(InputError);
  });
});
