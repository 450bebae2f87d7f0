/**
 * The liveness phase: after the last op faults stop, `heal()` runs, events fire until none is left
 * (or the target says it is quiescent, or `livenessMsMax` passes); then an op still pending is a
 * `liveness` violation naming the op and its step unless the target declared it stuck, and a run
 * whose events never run out within the budget is one too.
 */
import { describe, expect, it } from "vitest";
import { defineTarget, runSeed, type Instance, type RunContext, type TargetSpec } from "../../src/index.js";

const OPTIONS = { ops: 10, faultLevel: "radioactive" } as const;

function target(instance: (ctx: RunContext) => Partial<Record<keyof Instance<number>, unknown>>, spec: Partial<TargetSpec<number>> = {}) {
  return defineTarget<number>({
    name: "waits",
    description: "ops that wait",
    invariants: {},
    bugs: {},
    workloads: { default: "numbers" },
    eventKinds: ["tick", "heal"],
    faultKinds: ["lost"],
    describeOp: (n) => `wait ${n}`,
    ...spec,
    create(ctx) {
      const base: Instance<number> = { nextOp: () => ctx.ops.int(10), apply: () => undefined, check: () => [], finish: () => [] };
      return { ...base, ...instance(ctx) } as Instance<number>;
    },
  });
}

describe("the liveness phase", () => {
  it("stops faults, calls heal() once, then fires what is left, so waiting ops complete", async () => {
    const calls: string[] = [];
    let drawsAfterHeal = 0;
    const t = target((ctx) => ({
      apply: (n: number) => ctx.sleep(500 + n),
      heal: () => {
        calls.push(`heal at step ${ctx.step()}`);
        ctx.emit(ctx.kind("heal"));
        ctx.schedule(100, ctx.kind("tick"), () => {
          if (ctx.faults.draw(ctx.faultKind("lost"), 1) === null) drawsAfterHeal++;
        });
      },
      finish: () => {
        calls.push(`finish at t=${ctx.nowMs()}`);
        return [];
      },
    }));
    const r = await runSeed(t, 1, OPTIONS);
    expect(r.violations).toEqual([]);
    expect(calls[0]).toBe("heal at step 10");
    expect(calls).toHaveLength(2);
    expect(drawsAfterHeal).toBe(1);
    expect(r.histogram["kernel.sleep"]).toBe(10);
    expect(r.histogram.heal).toBe(1);
  });

  it("an op that never settles is a liveness violation naming the op and its step", async () => {
    const t = target((ctx) => ({ apply: (n: number) => (ctx.step() === 4 ? new Promise<void>(() => undefined) : ctx.sleep(n)) }));
    const r = await runSeed(t, 2, OPTIONS);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ invariant: "liveness", details: { step: 4, op: expect.stringMatching(/^wait \d$/) } });
    expect(r.violations[0]!.message).toMatch(/^op #4 \(wait \d\) never completed/);
  });

  it("an op the target declares stuck, with a reason, is no violation and is listed with its reason", async () => {
    const t = target((ctx) => ({
      apply: () => (ctx.step() === 4 ? new Promise<void>(() => undefined) : undefined),
      finish: () => {
        ctx.stuck(4, "waits for a quorum that the planted crash removed for good");
        return [];
      },
    }));
    const r = await runSeed(t, 2, OPTIONS);
    expect(r.violations).toEqual([]);
    expect(r.stuck).toEqual([{ step: 4, op: expect.stringMatching(/^wait \d$/), reason: "waits for a quorum that the planted crash removed for good" }]);
  });

  it("a malformed stuck declaration is a target-error", async () => {
    const t = target((ctx) => ({
      apply: () => (ctx.step() === 4 ? new Promise<void>(() => undefined) : undefined),
      finish: () => {
        ctx.stuck(4, "  ");
        return [];
      },
    }));
    const r = await runSeed(t, 2, OPTIONS);
    expect(r.violations.map((v) => v.invariant)).toEqual(["target-error", "liveness"]);
    expect(r.violations[0]!.message).toMatch(/ctx\.stuck\(4, "  "\): the reason must be a non-empty sentence/);
  });

  it("a system whose events never run out within livenessMsMax is a liveness violation naming the next event", async () => {
    const forever = (ctx: RunContext): void => {
      const tick = (): void => void ctx.schedule(10, ctx.kind("tick"), tick, 7);
      tick();
    };
    const t = target((ctx) => ({ apply: () => (ctx.step() === 3 ? forever(ctx) : undefined) }), { livenessMsMax: 500 });
    const r = await runSeed(t, 2, OPTIONS);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ invariant: "liveness", details: { eventsLeft: 1, next: { kind: "tick", cause: 3 } } });
    expect(r.violations[0]!.message).toMatch(/^the system did not quiesce: 1 event was still scheduled 500 ms after the liveness phase began at t=\d+ ms \(livenessMsMax\), the next: tick 7 0 at t=\d+ ms, scheduled by op #3 \(wait \d\)/);
    // The budget is an option: more time does not help a timer that never stops.
    expect((await runSeed(t, 2, { ...OPTIONS, livenessMsMax: 5000 })).violations[0]?.invariant).toBe("liveness");
  });

  it("quiescent() ends the phase early for a system with timers that never run out", async () => {
    let settled = false;
    const t = target((ctx) => ({
      apply: () => {
        if (ctx.step() !== 3) return;
        const tick = (): void => {
          if (ctx.nowMs() > 200) settled = true;
          ctx.schedule(10, ctx.kind("tick"), tick);
        };
        tick();
      },
      quiescent: () => settled,
    }));
    const r = await runSeed(t, 2, OPTIONS);
    expect(r.violations).toEqual([]);
    expect(r.timeMs).toBeLessThan(300);
  });

  it("livenessMsMax 0 skips the phase: nothing fires after the last op", async () => {
    const t = target((ctx) => ({ apply: (n: number) => void ctx.schedule(1000 + n, ctx.kind("tick"), () => undefined) }));
    const off = await runSeed(t, 2, { ...OPTIONS, livenessMsMax: 0 });
    expect(off.histogram.tick).toBe(0);
    const on = await runSeed(t, 2, OPTIONS);
    expect(on.histogram.tick).toBe(10);
    expect(on.violations).toEqual([]);
  });

  it("heal() must be synchronous and answer nothing; a throw is the seed's exception", async () => {
    const answers = await runSeed(target(() => ({ heal: () => 42 })), 1, OPTIONS);
    expect(answers.violations[0]).toMatchObject({ invariant: "target-error", message: expect.stringMatching(/^heal\(\) returned 42: it must return undefined/) });
    const throws = await runSeed(target(() => ({ heal: () => { throw new TypeError("cannot heal"); } })), 1, OPTIONS);
    expect(throws.violations[0]).toMatchObject({ invariant: "exception", message: "TypeError: cannot heal" });
    const notMethod = await runSeed(target(() => ({ heal: "yes" })), 1, OPTIONS);
    expect(notMethod.violations[0]!.message).toMatch(/whose heal is not a method/);
  });
});
