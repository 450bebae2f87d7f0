/** The linearizability checker: models, hand-built histories, generated histories, budgets, parsing. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  HistoryRecorder,
  checkLinearizability,
  describeWitness,
  generateKvHistory,
  generateRegisterHistory,
  kvModel,
  parseHistory,
  registerModel,
  type KvInput,
  type Operation,
  type RegisterInput,
  type Value,
} from "../../src/check/linearizability/index.js";
import { Rng } from "../../src/core/rng.js";

type RegOp = Operation<RegisterInput, Value>;
const op = (id: number, process: string, input: RegisterInput, output: Value | undefined, call: number, ret: number): RegOp => ({ id, process, input, output, call, ret });
const W = (value: Value): RegisterInput => ({ f: "write", value });
const R: RegisterInput = { f: "read" };

describe("models", () => {
  it("register: reads must see the state, cas succeeds only from its expected value", () => {
    expect(registerModel.step(null, R, null, false)).toBeNull();
    expect(registerModel.step(null, R, 1, false)).toBeUndefined();
    expect(registerModel.step(1, W(2), undefined, false)).toBe(2);
    expect(registerModel.step(1, { f: "cas", from: 1, to: 3 }, undefined, false)).toBe(3);
    expect(registerModel.step(2, { f: "cas", from: 1, to: 3 }, undefined, false)).toBeUndefined();
    // An open cas from the wrong value did nothing.
    expect(registerModel.step(2, { f: "cas", from: 1, to: 3 }, undefined, true)).toBe(2);
  });

  it("kv: strings start empty, put replaces, append concatenates, history partitions by key", () => {
    expect(kvModel.init()).toBe("");
    expect(kvModel.step("a", { f: "append", key: "k", value: "b" }, undefined, false)).toBe("ab");
    expect(kvModel.step("a", { f: "put", key: "k", value: "z" }, undefined, false)).toBe("z");
    expect(kvModel.step("a", { f: "get", key: "k" }, "b", false)).toBeUndefined();
    const h = generateKvHistory(Rng.forSeed(1), { ops: 200, clients: 5, keys: 8 });
    expect(kvModel.partition!(h)).toHaveLength(new Set(h.map((o) => (o.input as KvInput).key)).size);
  });
});

describe("hand-built register histories", () => {
  const cases: [string, RegOp[], string][] = [
    ["sequential write then read", [op(0, "a", W(1), undefined, 0, 1), op(1, "b", R, 1, 2, 3)], "linearizable"],
    ["stale read after a completed write", [op(0, "a", W(1), undefined, 0, 1), op(1, "b", R, null, 2, 3)], "not linearizable"],
    ["read concurrent with a write may see either", [op(0, "a", W(1), undefined, 0, 3), op(1, "b", R, null, 1, 2)], "linearizable"],
    ["a timed-out write that took effect", [op(0, "a", W(2), undefined, 0, Infinity), op(1, "b", R, 2, 5, 6)], "linearizable"],
    ["a timed-out write that did not", [op(0, "a", W(2), undefined, 0, Infinity), op(1, "b", R, null, 5, 6)], "linearizable"],
    ["a value never written", [op(0, "a", W(2), undefined, 0, 1), op(1, "b", R, 3, 5, 6)], "not linearizable"],
    ["reads going back in time", [op(0, "a", W(1), undefined, 0, 1), op(1, "a", W(2), undefined, 2, 3), op(2, "b", R, 2, 4, 5), op(3, "b", R, 1, 6, 7)], "not linearizable"],
  ];
  for (const [name, history, verdict] of cases) {
    it(name, () => expect(checkLinearizability(registerModel, history).verdict).toBe(verdict));
  }

  it("treats a call at the same time as a return as concurrent, with or without other operations", () => {
    const alone = [op(0, "a", W(1), undefined, 0, 5), op(1, "b", R, null, 5, 10)];
    const withOther = [...alone, op(2, "c", R, null, 0, 1)];
    expect(checkLinearizability(registerModel, alone).verdict).toBe("linearizable");
    expect(checkLinearizability(registerModel, withOther).verdict).toBe("linearizable");
  });

  it("names the partial linearization and the operations that could not follow it (search)", () => {
    // A cas keeps the zone test out: the search decides, and its witness is the longest order.
    const cas: RegisterInput = { f: "cas", from: 1, to: 3 };
    const r = checkLinearizability(registerModel, [op(0, "a", W(1), undefined, 0, 1), op(1, "a", cas, undefined, 2, 3), op(2, "b", R, 2, 4, 5)]);
    expect(r.verdict).toBe("not linearizable");
    if (r.verdict !== "not linearizable") return;
    expect(r.witness.linearized.map((o) => o.id)).toEqual([0, 1]);
    expect(r.witness.stuck.map((o) => o.id)).toEqual([2]);
    expect(describeWitness(registerModel, r.witness).join("\n")).toContain("b: read -> 2");
  });

  it("explains a zone failure in terms of the operations (no search)", () => {
    const r = checkLinearizability(registerModel, [op(0, "a", W(1), undefined, 0, 1), op(1, "b", R, 2, 2, 3)]);
    expect(r.verdict).toBe("not linearizable");
    if (r.verdict !== "not linearizable") return;
    expect(r.explored).toBe(0);
    expect(r.witness.stuck.map((o) => o.id)).toEqual([1]);
    expect(describeWitness(registerModel, r.witness).join("\n")).toContain("[b: read -> 2] returned a value that no operation wrote");
  });
});

describe("generated histories", () => {
  it("a history produced by running the sequential model is always linearizable (register and kv)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 12 }), (seed, clients) => {
        const reg = generateRegisterHistory(Rng.forSeed(seed), { ops: 60, clients });
        expect(checkLinearizability(registerModel, reg).verdict).toBe("linearizable");
        const kv = generateKvHistory(Rng.forSeed(seed), { ops: 80, clients, keys: 3 });
        expect(checkLinearizability(kvModel, kv).verdict).toBe("linearizable");
      }),
      { numRuns: 150 },
    );
  });

  it("a history with one read of a value never written is never linearizable", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.nat(), (seed, pick) => {
        const reg = generateRegisterHistory(Rng.forSeed(seed), { ops: 60, clients: 6 });
        const reads = reg.filter((o) => o.input.f === "read");
        fc.pre(reads.length > 0);
        const target = reads[pick % reads.length]!;
        const bad = reg.map((o) => (o.id === target.id ? { ...o, output: 999 } : o));
        expect(checkLinearizability(registerModel, bad).verdict).toBe("not linearizable");
        const kv = generateKvHistory(Rng.forSeed(seed), { ops: 60, clients: 6, keys: 2 });
        const gets = kv.filter((o) => o.input.f === "get");
        fc.pre(gets.length > 0);
        const g = gets[pick % gets.length]!;
        const badKv = kv.map((o) => (o.id === g.id ? { ...o, output: "never" } : o));
        expect(checkLinearizability(kvModel, badKv).verdict).toBe("not linearizable");
      }),
      { numRuns: 150 },
    );
  });
});

describe("budgets", () => {
  const h = generateKvHistory(Rng.forSeed(7), { ops: 400, clients: 20, keys: 2 });

  it("a tiny state budget gives unknown, never linearizable", () => {
    const r = checkLinearizability(kvModel, h, { maxStates: 3 });
    expect(r.verdict).toBe("unknown");
    expect(checkLinearizability(kvModel, h).verdict).toBe("linearizable");
  });

  it("a stop signal gives unknown", () => {
    const big = generateKvHistory(Rng.forSeed(8), { ops: 20_000, clients: 50, keys: 1 });
    expect(checkLinearizability(kvModel, big, { maxStates: 1e9, shouldStop: () => true }).verdict).toBe("unknown");
  });
});

describe("HistoryRecorder", () => {
  it("drops failed operations, keeps unknown ones open, and orders by recording", () => {
    const rec = new HistoryRecorder<RegisterInput, Value>();
    const a = rec.invoke("a", W(1));
    const b = rec.invoke("b", W(2));
    const c = rec.invoke("c", W(3));
    rec.ok(a, null);
    rec.fail(b);
    rec.info(c);
    rec.instant("d", R, 3);
    const h = rec.history();
    expect(h.map((o) => o.process)).toEqual(["a", "c", "d"]);
    expect(h[1]!.ret).toBe(Infinity);
    expect(checkLinearizability(registerModel, h).verdict).toBe("linearizable");
  });
});

describe("history formats", () => {
  it("reads Jepsen's register log: nil, [from to], :timed-out, failed ops dropped", () => {
    const text = ["INFO  jepsen.util - 0\t:invoke\t:cas\t[nil 4]", "INFO  jepsen.util - 0\t:ok\t:cas\t[nil 4]", "INFO  jepsen.util - 1\t:invoke\t:write\t7", "INFO  jepsen.util - 1\t:info\t:write\t:timed-out", "INFO  jepsen.util - 2   :invoke   :read   nil", "INFO  jepsen.util - 2   :fail   :read   nil"].join("\n");
    const h = parseHistory(text, "jepsen", "register");
    expect(h.map((o) => o.input)).toEqual([{ f: "cas", from: null, to: 4 }, { f: "write", value: 7 }]);
    expect(h[1]!.ret).toBe(Infinity);
  });

  it("reads EDN maps and simctl JSON lines", () => {
    const edn = parseHistory('{:process 0, :type :invoke, :f :put, :key "9", :value "x 0 9 y"}\n{:process 0, :type :ok, :f :put, :key "9", :value "x 0 9 y"}', "edn", "kv");
    expect(edn[0]!.input).toEqual({ f: "put", key: "9", value: "x 0 9 y" });
    const json = parseHistory('{"process":1,"type":"invoke","f":"read"}\n{"process":1,"type":"ok","f":"read","value":3}', "simctl", "register");
    expect(json[0]).toMatchObject({ input: { f: "read" }, output: 3 });
  });

  it("skips Jepsen nemesis events", () => {
    const h = parseHistory("INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n0 :invoke :write 1\n0 :ok :write 1", "jepsen", "register");
    expect(h).toHaveLength(1);
  });

  it("names the line of anything it cannot read", () => {
    expect(() => parseHistory("0 :invoke :write 1\ngarbage", "jepsen", "register")).toThrow(/line 2/);
    expect(() => parseHistory("0 :invoke :write 1\n0 :invoke :write 2", "jepsen", "register")).toThrow(/line 2: process 0 invokes while/);
    expect(() => parseHistory("{:process 0, :type :invoke, :f :frob}", "edn", "kv")).toThrow(/line 1/);
  });
});
