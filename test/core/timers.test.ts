/**
 * Timers and causality in the kernel: a cancelled timer never fires and leaves no trace,
 * `ctx.sleep` honours an AbortSignal, `ctx.timeout` bounds a promise, every event remembers the
 * step that caused it (through chains of events) and a fault decided while it fires belongs to that
 * step; think time comes from the target's range unless the options say otherwise.
 */
import { describe, expect, it } from "vitest";
import { SimAbortError as DistAbortError, SimTimeoutError as DistTimeoutError } from "simctl-dst";
import { defineTarget, runSeed, SimAbortError, SimTimeoutError, type Instance, type RunContext, type TargetSpec, type TraceEntry } from "../../src/index.js";

const OPTIONS = { ops: 20, faultLevel: "sunny" } as const;

/** A target of number ops; `instance` supplies apply (and anything else) from the context. */
function target(instance: (ctx: RunContext) => Partial<Instance<number>>, spec: Partial<TargetSpec<number>> = {}) {
  return defineTarget<number>({
    name: "timers",
    description: "waits in simulated time",
    invariants: {},
    bugs: {},
    workloads: { default: "numbers" },
    eventKinds: ["op", "tick", "tock"],
    faultKinds: ["lost"],
    ...spec,
    create(ctx) {
      const base: Instance<number> = { nextOp: () => ctx.ops.int(10), apply: () => undefined, check: () => [], finish: () => [] };
      return { ...base, ...instance(ctx) } as Instance<number>;
    },
  });
}

function traced(): { entries: TraceEntry[]; sink: (e: TraceEntry) => void } {
  const entries: TraceEntry[] = [];
  return { entries, sink: (e) => entries.push(e) };
}

describe("cancellable timers", () => {
  it("a cancelled timer never fires and leaves nothing in the trace, the hash or the histogram", async () => {
    const fired: number[] = [];
    const make = (cancel: boolean) =>
      target((ctx) => ({
        apply: (n) => {
          ctx.emit(ctx.kind("op"), n);
          if (!cancel) return;
          const t = ctx.schedule(3, ctx.kind("tick"), () => fired.push(n));
          expect(t.pending).toBe(true);
          expect(t.atMs).toBe(ctx.nowMs() + 3);
          expect(t.cancel()).toBe(true);
          expect(t.cancel()).toBe(false);
        },
      }));
    const a = traced();
    const withTimers = await runSeed(make(true), 1, OPTIONS, { traceSink: a.sink });
    const without = await runSeed(make(false), 1, OPTIONS);
    expect(fired).toEqual([]);
    expect(a.entries.map((e) => e.kind)).not.toContain("tick");
    expect(withTimers.histogram.tick).toBe(0);
    expect(withTimers.traceHash).toBe(without.traceHash);
  });

  it("ctx.sleep rejects with an AbortError when its signal aborts, and its timer is cancelled", async () => {
    const outcomes: string[] = [];
    const t = target((ctx) => ({
      apply: async (n) => {
        const abort = new AbortController();
        if (n % 2 === 0) ctx.schedule(2, ctx.kind("tick"), () => abort.abort("enough"));
        try {
          await ctx.sleep(10, { signal: abort.signal });
          outcomes.push(`slept ${ctx.nowMs()}`);
        } catch (err) {
          expect(err).toBeInstanceOf(SimAbortError);
          expect((err as SimAbortError).name).toBe("AbortError");
          expect((err as SimAbortError).reason).toBe("enough");
          outcomes.push("aborted");
        }
      },
    }));
    const r = await runSeed(t, 3, { ...OPTIONS, ops: 10 });
    expect(r.violations).toEqual([]);
    const aborted = outcomes.filter((o) => o === "aborted").length;
    expect(aborted).toBeGreaterThan(0);
    expect(aborted).toBeLessThan(10);
    // Only the sleeps that ran their course fired.
    expect(r.histogram["kernel.sleep"]).toBe(10 - aborted);
  });

  it("ctx.sleep with a signal already aborted rejects at once", async () => {
    let caught: unknown;
    const t = target((ctx) => ({
      apply: async () => {
        await ctx.sleep(5, { signal: AbortSignal.abort() }).catch((err: unknown) => (caught = err));
      },
    }));
    const r = await runSeed(t, 1, { ...OPTIONS, ops: 1 });
    expect(caught).toBeInstanceOf(SimAbortError);
    expect(r.histogram["kernel.sleep"] ?? 0).toBe(0);
  });

  it("ctx.timeout resolves with the value and cancels its timer, or rejects with a SimTimeoutError at its time", async () => {
    const seen: string[] = [];
    const t = target((ctx) => ({
      apply: async (n) => {
        const reply = ctx.sleep(n * 10).then(() => n);
        const start = ctx.nowMs();
        try {
          seen.push(`ok ${await ctx.timeout(reply, 45)}`);
        } catch (err) {
          expect(err).toBeInstanceOf(SimTimeoutError);
          expect((err as SimTimeoutError).ms).toBe(45);
          expect(ctx.nowMs() - start).toBe(45);
          seen.push("timeout");
        }
      },
    }));
    const r = await runSeed(t, 5, OPTIONS);
    const timeouts = seen.filter((s) => s === "timeout").length;
    expect(timeouts).toBeGreaterThan(0);
    expect(seen.length).toBe(20);
    // Only the timeouts that expired fired their timer.
    expect(r.histogram["kernel.timeout"]).toBe(timeouts);
    // A promise that rejects first passes its error through.
    const failing = target((ctx) => ({ apply: () => ctx.timeout(Promise.reject(new RangeError("no")), 5).then(() => undefined) }));
    expect((await runSeed(failing, 1, { ...OPTIONS, ops: 1 })).violations[0]?.message).toMatch(/RangeError: no/);
  });

  it("instanceof holds across copies of simctl (a TypeScript target loaded through tsx has its own)", () => {
    expect(new SimTimeoutError(5)).toBeInstanceOf(DistTimeoutError);
    expect(new DistTimeoutError(5)).toBeInstanceOf(SimTimeoutError);
    expect(new DistAbortError("x")).toBeInstanceOf(SimAbortError);
    expect(new Error("x")).not.toBeInstanceOf(SimTimeoutError);
    expect(new SimAbortError("x")).not.toBeInstanceOf(SimTimeoutError);
  });
});

describe("causality", () => {
  it("an event remembers the step that scheduled it, through a chain of events, and its faults belong to that step", async () => {
    const causes: [number, number][] = [];
    const t = target((ctx) => ({
      apply: () => {
        if (ctx.step() !== 2) return;
        ctx.schedule(7, ctx.kind("tick"), () => {
          causes.push([ctx.step(), ctx.cause()]);
          ctx.schedule(9, ctx.kind("tock"), () => {
            causes.push([ctx.step(), ctx.cause()]);
            ctx.faults.draw(ctx.faultKind("lost"), 1);
            ctx.emit(ctx.kind("op"), 99);
          });
        });
      },
    }));
    const sink = traced();
    const r = await runSeed(t, 1, { ops: 20, faultLevel: "stormy", thinkMsMin: 1, thinkMsMax: 1 }, { record: true, traceSink: sink.sink });
    // Fired during later steps (the think time after step 8 reaches t=9, after step 17 t=18), caused by step 2.
    expect(causes).toEqual([
      [8, 2],
      [17, 2],
    ]);
    expect(r.recorded![2]!.faults).toEqual([{ kind: "lost", on: "tock" }]);
    expect(r.recorded!.filter((s) => s.faults !== undefined)).toHaveLength(1);
    const tock = sink.entries.find((e) => e.kind === "tock")!;
    expect(tock).toMatchObject({ step: 17, timeMs: 18, cause: 2 });
    expect(sink.entries.find((e) => e.kind === "op" && e.a === 99)).toMatchObject({ step: 17, cause: 2 });
    // Replayed with its recorded steps, the fault strikes again, and only there.
    const again = await runSeed(t, 1, { ops: 20, faultLevel: "stormy" }, { steps: r.recorded, record: true });
    expect(again.traceHash).toBe(r.traceHash);
    expect(again.recorded).toEqual(r.recorded);
  });
});

describe("think time", () => {
  it("is drawn from the target's range, and the options override it", async () => {
    const t = target(() => ({}), { thinkMs: { min: 10, max: 12 } });
    const r = await runSeed(t, 1, { ...OPTIONS, ops: 50 }, { record: true });
    expect(r.options).toMatchObject({ thinkMsMin: 10, thinkMsMax: 12 });
    expect(r.recorded!.every((s) => s.thinkMs >= 10 && s.thinkMs <= 12)).toBe(true);
    expect(new Set(r.recorded!.map((s) => s.thinkMs)).size).toBe(3);
    const fixed = await runSeed(t, 1, { ...OPTIONS, ops: 50, thinkMsMin: 7, thinkMsMax: 7 }, { record: true });
    expect(fixed.recorded!.every((s) => s.thinkMs === 7)).toBe(true);
    expect(fixed.timeMs).toBe(50 * 7);
    await expect(runSeed(t, 1, { ...OPTIONS, thinkMsMin: 9, thinkMsMax: 3 })).rejects.toThrow(/think time range 9\.\.3 ms is empty/);
    expect(() => target(() => ({}), { thinkMs: { min: 4, max: 2 } })).toThrow(/thinkMs/);
  });

  it("defaults to 0..5 ms, drawn as before (the same trace as a run without a range)", async () => {
    const t = target((ctx) => ({ apply: (n) => ctx.emit(ctx.kind("op"), n) }));
    const a = await runSeed(t, 4, OPTIONS);
    const b = await runSeed(t, 4, { ...OPTIONS, thinkMsMin: 0, thinkMsMax: 5 });
    expect(a.options).toMatchObject({ thinkMsMin: 0, thinkMsMax: 5, livenessMsMax: 60_000 });
    expect(b.traceHash).toBe(a.traceHash);
  });
});
