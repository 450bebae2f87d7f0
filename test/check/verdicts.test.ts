/**
 * Issue 10's verdicts: the zone test against the search, the search's own rejection path,
 * partitions with their own budgets (a bad key beside a huge one), budgets that count states,
 * and inconclusive checks that are never violations.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  RegisterOps,
  ZoneChecker,
  checkLinearizability,
  historyViolations,
  kvModel,
  registerModel,
  type History,
  type KvInput,
  type Operation,
  type RegisterInput,
  type Value,
} from "../../src/check/linearizability/index.js";
import { corruptRead, generateKvHistory, generateRegisterHistory } from "../../src/check/linearizability/generate.js";
import { searchLinearization } from "../../src/check/linearizability/wgl.js";
import { Rng } from "../../src/core/rng.js";
import type { RunContext, Violation } from "../../src/core/target.js";

type RegOp = Operation<RegisterInput, Value>;

/** Random small register histories with distinct write values; reads return any value. */
const smallHistory = fc
  .array(
    fc.record({ write: fc.boolean(), start: fc.nat(40), length: fc.integer({ min: 1, max: 15 }), open: fc.integer({ min: 0, max: 9 }), read: fc.integer({ min: 0, max: 8 }) }),
    { minLength: 1, maxLength: 9 },
  )
  .map((specs) => {
    // Distinct times: call = 2*start*10+i style spacing, ret after call; a write may be open.
    let nextValue = 1;
    const ops = specs.map((s, i): Omit<RegOp, "id"> => {
      const call = s.start * 100 + i;
      const ret = s.write && s.open === 0 ? Infinity : call + s.length * 100 + 50 + i;
      const input: RegisterInput = s.write ? { f: "write", value: nextValue++ } : { f: "read" };
      return { process: `p${i}`, input, output: s.write ? undefined : s.read === 0 ? null : s.read, call, ret };
    });
    return ops.sort((a, b) => a.call - b.call).map((op, id) => ({ ...op, id })) as RegOp[];
  });

/** The search alone (no zones, no sequential shortcut). */
function searchVerdict(h: History<RegisterInput, Value>): string {
  return searchLinearization(registerModel, h, { maxStates: 1_000_000 }).kind;
}

function zoneVerdict(h: History<RegisterInput, Value>): string {
  const ops = new RegisterOps();
  const key = (v: Value): number => (v === null ? 0 : (v as number));
  for (const op of h) ops.push(op.input.f === "write", op.input.f === "write" ? key(op.input.value) : key(op.output ?? null), op.call, op.ret);
  return new ZoneChecker().check(ops, 0).kind;
}

describe("the zone test agrees with the search", () => {
  it("on random small histories with distinct writes, linearizable or not (property)", () => {
    let fails = 0;
    fc.assert(
      fc.property(smallHistory, (h) => {
        const zones = zoneVerdict(h);
        expect(zones === "ok" ? "ok" : zones).toBe(searchVerdict(h));
        if (zones === "fail") fails++;
      }),
      { numRuns: 2000 },
    );
    // Both sides were exercised: plenty of broken histories among the random ones.
    expect(fails).toBeGreaterThan(200);
  });

  it("on generated distinct-value histories with crashes, and the same with one read corrupted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 2, max: 8 }), (seed, clients) => {
        const h = generateRegisterHistory(Rng.forSeed(seed), { ops: 30, clients, crashRate: 0.1, distinctValues: true });
        expect(zoneVerdict(h)).toBe("ok");
        expect(searchVerdict(h)).toBe("ok");
        const bad = corruptRead(Rng.forSeed(seed + 1), h);
        fc.pre(bad !== h);
        expect(zoneVerdict(bad)).toBe("fail");
        expect(searchVerdict(bad)).toBe("fail");
      }),
      { numRuns: 200 },
    );
  });

  it("says not-applicable when a value is written twice or equals the initial value", () => {
    const ops = new RegisterOps();
    ops.push(true, 1, 0, 5);
    ops.push(true, 1, 1, 6);
    expect(new ZoneChecker().check(ops, 0).kind).toBe("not-applicable");
    const init = new RegisterOps();
    init.push(true, 0, 0, 5);
    expect(new ZoneChecker().check(init, 0).kind).toBe("not-applicable");
  });
});

describe("the search's rejection path", () => {
  const W = (value: Value): RegisterInput => ({ f: "write", value });
  const R: RegisterInput = { f: "read" };
  const op = (id: number, input: RegisterInput, output: Value | undefined, call: number, ret: number): RegOp => ({ id, process: `p${id}`, input, output, call, ret });

  it("backtracks through concurrent writes before rejecting reads that flip-flop", () => {
    // Two concurrent writes, then reads 1, 2, 1 in sequence: no order of the writes explains it.
    const h = [op(0, W(1), undefined, 0, 10), op(1, W(2), undefined, 1, 11), op(2, R, 1, 12, 13), op(3, R, 2, 14, 15), op(4, R, 1, 16, 17)];
    const r = searchLinearization(registerModel, h, { maxStates: 1000 });
    expect(r.kind).toBe("fail");
    expect(r.explored).toBeGreaterThan(2); // it placed writes, backed out, and tried the other order
    const checked = checkLinearizability(registerModel, h);
    expect(checked.verdict).toBe("not linearizable");
  });

  it("rejects a cas history only after trying every order of the overlapping operations", () => {
    const cas = (from: Value, to: Value): RegisterInput => ({ f: "cas", from, to });
    // cas 1->2 and cas 1->3 overlap; both succeeded, which no order allows after write 1.
    const h = [op(0, W(1), undefined, 0, 1), op(1, cas(1, 2), undefined, 2, 10), op(2, cas(1, 3), undefined, 3, 11), op(3, R, 3, 12, 13)];
    const r = checkLinearizability(registerModel, h);
    expect(r.verdict).toBe("not linearizable");
    expect(r.explored).toBeGreaterThan(0);
  });
});

/** A partition renamed to `key`, with times shifted so that it interleaves with others. */
function asKey(h: History<KvInput, string>, key: string, idBase: number): Operation<KvInput, string>[] {
  return h.map((op) => ({ ...op, id: op.id + idBase, input: { ...op.input, key } }));
}

describe("partitions have their own budgets", () => {
  const huge = asKey(generateKvHistory(Rng.forSeed(1), { ops: 300, clients: 50, keys: 1 }), "huge", 0);
  const bad = asKey(corruptRead(Rng.forSeed(3), generateKvHistory(Rng.forSeed(2), { ops: 60, clients: 8, keys: 1 })), "bad", huge.length);

  it("the huge key alone cannot be decided within 200,000 states", () => {
    expect(checkLinearizability(kvModel, huge, { maxStates: 200_000 }).verdict).toBe("unknown");
  });

  it("a bad key beside it fails the history, found after a few thousand states, not after the huge key's budget", () => {
    const both = [...huge, ...bad].sort((a, b) => a.call - b.call);
    const r = checkLinearizability(kvModel, both, { maxStates: 5_000_000 });
    expect(r.verdict).toBe("not linearizable");
    if (r.verdict !== "not linearizable") return;
    expect(r.witness.partitionName).toBe('key "bad"');
    expect(r.explored).toBeLessThan(50_000);
  });

  it("with all, every failing partition is counted; unknown only when none fails", () => {
    const bad2 = asKey(corruptRead(Rng.forSeed(5), generateKvHistory(Rng.forSeed(4), { ops: 60, clients: 8, keys: 1 })), "bad2", 10_000);
    const r = checkLinearizability(kvModel, [...bad, ...bad2], { maxStates: 100_000, all: true });
    expect(r.verdict === "not linearizable" && r.failedPartitions).toBe(2);
  });
});

describe("a read of a value no operation can write", () => {
  it("fails a Jepsen-shaped register history with cas at once, without search", () => {
    const h = generateRegisterHistory(Rng.forSeed(11), { ops: 250, clients: 5, crashRate: 0.1 });
    const bad = corruptRead(Rng.forSeed(12), h);
    expect(bad).not.toBe(h);
    expect(checkLinearizability(registerModel, bad, { maxStates: 10 })).toMatchObject({ verdict: "not linearizable", explored: 0 });
  });

  it("is no shortcut for the kv model's appends (their values cannot be listed)", () => {
    const h = asKey(generateKvHistory(Rng.forSeed(13), { ops: 40, clients: 4, keys: 1 }), "k", 0);
    const bad = corruptRead(Rng.forSeed(14), h);
    expect(checkLinearizability(kvModel, bad).verdict).toBe("not linearizable");
  });
});

describe("budgets count states, not operations", () => {
  it("twenty single-operation keys decide within a budget of 10 states (no search ran)", () => {
    const h: Operation<KvInput, string>[] = Array.from({ length: 20 }, (_, i) => ({ id: i, process: `p${i}`, input: { f: "put", key: `k${i}`, value: "v" }, output: undefined, call: 2 * i, ret: 2 * i + 1 }));
    const r = checkLinearizability(kvModel, h, { maxStates: 10 });
    expect(r).toMatchObject({ verdict: "linearizable", explored: 0 });
  });

  it("an undecided search reports no more states than its budget", () => {
    const h = generateKvHistory(Rng.forSeed(9), { ops: 300, clients: 50, keys: 1 });
    const r = checkLinearizability(kvModel, h, { maxStates: 5000 });
    expect(r.verdict).toBe("unknown");
    expect(r.explored).toBeLessThanOrEqual(5000);
  });
});

describe("a register history shaped like H1's segments", () => {
  it("34 operations with long concurrent writes are decided without search, ok and broken", () => {
    // 50 clients, every write a distinct value: the shape that exhausted a 1,000,000-state budget.
    const h = generateRegisterHistory(Rng.forSeed(34), { ops: 34, clients: 50, distinctValues: true });
    expect(h.length).toBe(34);
    expect(checkLinearizability(registerModel, h, { maxStates: 10 })).toMatchObject({ verdict: "linearizable", explored: 0 });
    const bad = corruptRead(Rng.forSeed(35), h);
    expect(checkLinearizability(registerModel, bad, { maxStates: 10 }).verdict).toBe("not linearizable");
  });
});

describe("an undecided history check is inconclusive, never a violation", () => {
  const ctx = {
    violation: (invariant: string, message: string): Violation => ({ invariant, message, step: 0, timeMs: 0, seed: 0, target: "t" }),
    inconclusive: (invariant: string, message: string): Violation => ({ invariant, message, step: 0, timeMs: 0, seed: 0, target: "t", inconclusive: true }),
  } as unknown as RunContext;

  it("returns an inconclusive entry naming what was explored", () => {
    const h = generateKvHistory(Rng.forSeed(9), { ops: 300, clients: 50, keys: 1 });
    const found = historyViolations(ctx, "H1", kvModel, h, { maxStates: 1000 });
    expect(found).toHaveLength(1);
    expect(found[0]!.inconclusive).toBe(true);
    expect(found[0]!.message).toMatch(/could not be decided: .*explored 1000 states/);
  });
});
