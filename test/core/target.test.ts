import { describe, expect, it } from "vitest";
import { defineTarget, runSeed, type TargetSpec } from "../../src/index.js";

const base: TargetSpec<number> = {
  name: "bugs-probe",
  description: "a target whose bug table is under test",
  invariants: { A: "a holds", B: "b holds" },
  bugs: {},
  workloads: { default: "nothing" },
  eventKinds: [],
  create: () => ({ nextOp: () => 0, apply: () => undefined, check: () => [], finish: () => [] }),
};

describe("bug declarations", () => {
  it("keeps the structured form and reads a plain string as a bug that names no invariant", () => {
    const t = defineTarget({ ...base, bugs: { both: { breaks: ["B", "A"], description: "breaks both" }, vague: "something is off" } });
    expect(t.bugs.both).toEqual({ breaks: ["B", "A"], description: "breaks both" });
    expect(t.bugs.vague).toEqual({ breaks: [], description: "something is off" });
    // Prose is never parsed: a colon in a plain string names nothing.
    expect(defineTarget({ ...base, bugs: { p: "A: looks like an id" } }).bugs.p!.breaks).toEqual([]);
  });

  it("refuses at load time a bug that breaks an undeclared invariant, or a malformed entry", () => {
    expect(() => defineTarget({ ...base, bugs: { typo: { breaks: ["C"], description: "x" } } })).toThrow(/bug 'typo' breaking 'C', which is not one of its invariants \(A, B\)/);
    const malformed = { ...base, bugs: { bad: { breaks: "A", description: "x" } } } as unknown as TargetSpec<number>;
    expect(() => defineTarget(malformed)).toThrow(/bug 'bad' .* must be a string or \{ breaks: string\[\], description: string \}/);
  });
});

describe("scenario weights", () => {
  const counter = (readsWeights: boolean): TargetSpec<string> => ({
    name: "weights-probe",
    description: "a counter whose op mix is weighted",
    invariants: {},
    bugs: {},
    workloads: { default: "incs and gets" },
    eventKinds: [],
    create: (ctx) => {
      const weights = readsWeights ? ctx.weights({ inc: 3, get: 1 }) : { inc: 3, get: 1 };
      return { nextOp: () => (ctx.ops.int(weights.inc + weights.get) < weights.inc ? "inc" : "get"), apply: () => undefined, check: () => [], finish: () => [] };
    },
  });

  it("are an input error naming them when the workload never calls ctx.weights", async () => {
    const t = defineTarget(counter(false));
    await expect(runSeed(t, 1, { ops: 5, faultLevel: "sunny", weights: { get: 9 } })).rejects.toThrow(/weights get: no workload reads them \(target 'weights-probe', workload 'default' never calls ctx.weights\)/);
    await expect(runSeed(t, 1, { ops: 5, faultLevel: "sunny" })).resolves.toMatchObject({ violations: [] });
  });

  it("are applied when the workload reads them", async () => {
    const t = defineTarget(counter(true));
    const gets = async (weights?: Record<string, number>): Promise<number> => {
      const run = await runSeed(t, 1, { ops: 200, faultLevel: "sunny", weights }, { record: true });
      return (run.recorded ?? []).filter((s) => s.op === "get").length;
    };
    expect(await gets()).toBeLessThan(80); // 1 in 4
    expect(await gets({ get: 9 })).toBeGreaterThan(120); // 3 in 4
  });
});

describe("ctx.rng", () => {
  it("refuses the kernel's own stream labels, so a target cannot silently repeat the op stream's draws", async () => {
    const t = defineTarget({ ...base, name: "rng-probe", create: (ctx) => (ctx.rng("ops"), base.create(ctx)) });
    const run = await runSeed(t, 1, { ops: 3, faultLevel: "sunny" });
    expect(run.violations[0]?.message).toMatch(/ctx.rng\("ops"\): 'ops' is one of the kernel's own streams/);
  });
});
