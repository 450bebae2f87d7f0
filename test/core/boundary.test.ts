/**
 * The kernel's boundary with a target: every answer is checked for shape (cheaply), a wrong one
 * is a `target-error` violation naming the method and what came back, describeOp/shrinkOp
 * failures are the seed's target errors, an op still in flight after finish() is a `liveness`
 * violation, and the helpers that render hostile values never throw.
 */
import { describe, expect, it } from "vitest";
import { brief, nestingDepth } from "../../src/core/boundary.js";
import { keepProtoKey } from "../../src/core/options.js";
import { parseReplaySteps } from "../../src/core/replay.js";
import { shrinkSeed } from "../../src/core/shrink.js";
import { defineTarget, runSeed, type Instance, type RunContext, type Violation } from "../../src/index.js";
import { edgeTarget as target } from "../support/edge-target.js";

const OPTIONS = { ops: 10, faultLevel: "sunny" } as const;

async function firstViolation(t: ReturnType<typeof target>): Promise<Violation> {
  const r = await runSeed(t, 1, OPTIONS);
  expect(r.violations.length, JSON.stringify(r.violations)).toBeGreaterThan(0);
  return r.violations[0]!;
}

describe("answers of the wrong shape are target-error violations", () => {
  it("create() returning undefined, a promise, or an object without the methods", async () => {
    const none = defineTarget<number>({ ...target(), create: () => undefined as unknown as Instance<number> });
    expect(await firstViolation(none)).toMatchObject({ invariant: "target-error", step: 0, message: expect.stringMatching(/^create\(\) returned undefined/) });
    const promised = defineTarget<number>({ ...target(), create: () => Promise.resolve({}) as unknown as Instance<number> });
    expect((await firstViolation(promised)).message).toMatch(/^create\(\) returned a promise: .*create runs synchronously/);
    const partial = target(() => ({ finish: "nope" }));
    expect((await firstViolation(partial)).message).toMatch(/which has no method finish$/);
  });

  it("a replayed run does not need nextOp", async () => {
    const t = target(() => ({ nextOp: undefined }));
    const r = await runSeed(t, 1, OPTIONS, { steps: [{ op: 1, thinkMs: 0 }] });
    expect(r.violations).toEqual([]);
  });

  it("nextOp() returning undefined stops the run at that step instead of 'passing'", async () => {
    const t = target((ctx) => ({ nextOp: () => (ctx.step() === 4 ? undefined : 1) }));
    const r = await runSeed(t, 1, OPTIONS);
    expect(r.steps).toBe(5);
    expect(r.violations[0]).toMatchObject({ invariant: "target-error", step: 4, message: expect.stringMatching(/^nextOp\(\) returned undefined/) });
  });

  it.each([
    [42, "42"],
    [null, "null"],
    ["done", '"done"'],
    [{ then: 1 }, "{ then: 1 }"],
  ])("apply() returning %j", async (answer, shown) => {
    const v = await firstViolation(target(() => ({ apply: () => answer })));
    expect(v.message).toBe(`apply() returned ${shown}: it must return undefined, or a promise when the system is async`);
  });

  it.each([
    ["a single violation object", (ctx: RunContext) => ctx.violation("big", "x"), /^check\(\) returned \{ invariant: "big", message: "x", step: 0, timeMs: \d+, … \}/],
    ["a string", () => "abc", /^check\(\) returned "abc"/],
    ["undefined", () => undefined, /^check\(\) returned undefined/],
    ["an array of junk", () => [null], /^check\(\) returned an array whose entry 0 is null/],
    ["an entry without a message", () => [{ invariant: "big" }], /^check\(\) returned an array whose entry 0 is \{ invariant: "big" \}/],
    ["an entry whose details are a string", () => [{ invariant: "big", message: "m", details: "d" }], /entry 0 is/],
  ] as const)("check() returning %s", async (_name, answer, message) => {
    const t = target((ctx) => ({ check: () => answer(ctx) }));
    const r = await runSeed(t, 1, OPTIONS);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ invariant: "target-error", step: 0 });
    expect(r.violations[0]!.message).toMatch(message);
  });

  it("a violation-shaped entry without the kernel's stamps is stamped, not refused", async () => {
    const t = target((ctx) => ({ check: () => (ctx.step() === 3 ? [{ invariant: "big", message: "too big" }] : []) }));
    expect(await firstViolation(t)).toEqual({ invariant: "big", message: "too big", step: 3, timeMs: expect.any(Number) as number, seed: 1, target: "edge" });
  });

  it("finish() returning or resolving to something that is not an array", async () => {
    expect((await firstViolation(target(() => ({ finish: () => ({ ok: true }) })))).message).toMatch(/^finish\(\) returned \{ ok: true \}: it must return an array/);
    expect((await firstViolation(target(() => ({ finish: async () => "fine" })))).message).toMatch(/^finish\(\) resolved to "fine": it must return an array/);
  });

  it("a getter that throws inside an answer is an exception of the seed, not a crash of the kernel", async () => {
    const hostile = { get invariant(): string { throw new Error("gotcha"); } };
    const v = await firstViolation(target(() => ({ check: () => [hostile] })));
    expect(v).toMatchObject({ invariant: "exception", message: "Error: gotcha" });
  });
});

describe("describeOp and shrinkOp", () => {
  it("describeOp throwing or returning a non-string: one target-error, and the op is shown as JSON", async () => {
    for (const describeOp of [() => { throw new TypeError("no"); }, () => 7]) {
      const t = target((ctx) => ({ check: () => (ctx.step() === 2 ? [ctx.violation("big", "x")] : []) }), { describeOp: describeOp as unknown as (op: number) => string });
      const r = await runSeed(t, 1, OPTIONS);
      expect(r.violations.map((v) => v.invariant)).toEqual(["big", "target-error"]);
      expect(r.violations[1]!.message).toMatch(/^describeOp\(.*\) (threw TypeError: no|returned 7: it must return a string)$/);
      expect(r.recentOps).toHaveLength(3);
      expect(r.recentOps![0]).toMatch(/^#0 t=0ms \d$/);
    }
  });

  it("shrinkOp throwing or returning a non-array: the shrink goes on without it and reports a target-error", async () => {
    for (const [shrinkOp, message] of [
      [() => { throw new RangeError("no"); }, /^shrinkOp\(\d\) threw RangeError: no; ops were not simplified$/],
      [() => "smaller", /^shrinkOp\(\d\) returned "smaller": it must return an array of simpler ops; ops were not simplified$/],
    ] as const) {
      const t = target((ctx) => ({ check: () => (ctx.step() === 6 ? [ctx.violation("big", "x")] : []) }), { shrinkOp: shrinkOp as (op: number) => number[] });
      const s = await shrinkSeed(t, 1, OPTIONS);
      expect(s.invariant).toBe("big");
      expect(s.result.violations.map((v) => v.invariant)).toEqual(["big", "target-error"]);
      expect(s.result.violations[1]!.message).toMatch(message);
    }
  });
});

describe("work left in flight", () => {
  it("an op whose promise never settles is a liveness violation naming its step", async () => {
    const t = target((ctx) => ({ apply: (n: number) => (ctx.step() === 3 ? new Promise<void>(() => undefined) : ctx.sleep(n)) }));
    const r = await runSeed(t, 1, OPTIONS);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ invariant: "liveness", step: 10, details: { step: 3, inFlight: 1 } });
    expect(r.violations[0]!.message).toMatch(
      /^op #3 \(\d\) never completed: its promise was still pending at t=\d+ ms, after the liveness phase \(faults stopped, heal\(\) called, up to 60000 ms\) and finish\(\); if the op is legitimately stuck, declare it with ctx\.stuck\(3, reason\)$/,
    );
    const again = await runSeed(t, 1, OPTIONS);
    expect(again.traceHash).toBe(r.traceHash);
  });

  it("ops that complete by the end of finish() leave nothing in flight", async () => {
    let ctxRef: RunContext | undefined;
    const t = target(
      (ctx) => {
        ctxRef = ctx;
        return { apply: (n: number) => ctx.sleep(n * 10), finish: async () => (await ctxRef!.sleep(200), []) };
      },
    );
    const r = await runSeed(t, 1, OPTIONS);
    expect(r.violations).toEqual([]);
  });

  it("an op still sleeping when a sync finish() returns, with the liveness phase off, was left in flight", async () => {
    const t = target((ctx) => ({ apply: (n: number) => ctx.sleep(1000 + n) }));
    const r = await runSeed(t, 1, { ...OPTIONS, livenessMsMax: 0 });
    expect(r.violations).toHaveLength(10);
    expect(r.violations[0]).toMatchObject({ invariant: "liveness", details: { step: 0, inFlight: 10 } });
    expect(r.violations[0]!.message).toMatch(/after finish\(\) \(the liveness phase was off: livenessMsMax 0\)/);
    expect(r.violations[9]!.message).toMatch(/^op #9 /);
    // The phase lets the sleeps end: nothing is left in flight.
    expect((await runSeed(t, 1, OPTIONS)).violations).toEqual([]);
  });
});

describe("replayed input", () => {
  const t = target(() => ({}), { parseOp: (json) => (json === "vanish" ? (undefined as unknown as number) : (json as number)) });

  it("an op nested deeper than 1000 levels is bad input, found without recursion", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestingDepth(deep, 1000)).toBe(1001);
    expect(() => parseReplaySteps(target(), [{ op: deep, thinkMs: 0 }], "f.json")).toThrow(/f\.json: op 0 is nested more than 1000 levels deep/);
    expect(nestingDepth({ a: [1, { b: 2 }] }, 1000)).toBe(3);
  });

  it("parseOp returning undefined is bad input naming the op", () => {
    expect(() => parseReplaySteps(t, [{ op: 1, thinkMs: 0 }, { op: "vanish", thinkMs: 0 }], "f.json")).toThrow(/f\.json: op 1: the target's parseOp returned undefined for "vanish"/);
  });

  it("a weights table keeps an own '__proto__' key so it can be refused", () => {
    const raw = JSON.parse('{"__proto__": 5, "get": 1}') as Record<string, number>;
    const kept = keepProtoKey(raw, { get: 1 })!;
    expect(Object.keys(kept)).toEqual(["get", "__proto__"]);
    expect(Object.hasOwn(kept, "__proto__")).toBe(true);
    expect(keepProtoKey({ get: 1 }, { get: 1 })).toEqual({ get: 1 });
  });
});

describe("brief()", () => {
  it("renders anything in a short line, and never throws", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const getter = { get boom(): number { throw new Error("no"); } };
    expect(brief(undefined)).toBe("undefined");
    expect(brief("abc")).toBe('"abc"');
    expect(brief(10n)).toBe("10n");
    expect(brief(Symbol("s"))).toBe("Symbol(s)");
    expect(brief(() => 1)).toBe("a function");
    expect(brief(Promise.resolve())).toBe("a promise");
    expect(brief(new Map())).toBe("a Map");
    expect(brief([1, 2, 3, 4, 5, 6])).toBe("[1, 2, 3, 4, …]");
    expect(brief(cyclic)).toBe("{ a: 1, self: { a: 1, self: {…} } }");
    expect(brief(proxy)).toBe("an unprintable value");
    expect(brief(getter)).toBe("an unprintable value");
    expect(brief("x".repeat(500)).length).toBeLessThanOrEqual(80);
  });
});
