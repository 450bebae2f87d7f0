/**
 * The tests every built-in store contract gets (done-ledger and findings-sink): the reference
 * store holds every clause; `impl.plug` (what `--impl` calls) builds the plugged target or refuses
 * a misfit; the example store conforms, deterministically; its broken copy fails the clause it
 * breaks and a sweep catches it and shrinks it; every planted data bug of the in-memory store,
 * put behind the contract, fails a clause and a sweep as the invariant it breaks.
 */
import { expect, it } from "vitest";
import { runSeed, shrinkSeed, sweep, type RunOptions, type Target } from "../../../src/index.js";
import { checkClauses } from "../../../src/core/conformance.js";

export interface StoreContractCase<Op> {
  readonly builtIn: Target<Op>;
  readonly example: unknown;
  readonly broken: unknown;
  /** The plugged target's invariants, in order. */
  readonly invariants: readonly string[];
  /** A kind the plugged target has, and one of the built-in's it has not. */
  readonly kinds: readonly [string, string];
  /** An export that is no factory, and the words of its refusal. */
  readonly misfit: readonly [unknown, RegExp];
  /**
   * The broken copy's clause, the sentence it answers, the invariant its sweep fails (first, by
   * most seeds) and any other a seed may meet first (the same mistake seen by another check).
   */
  readonly brokenClause: { readonly id: string; readonly message: RegExp; readonly invariant: string; readonly also?: readonly string[] };
  /** Planted bug, its store factory, the clause it fails, the invariant a sweep reports. */
  readonly planted: readonly (readonly [string, unknown, string, string])[];
  readonly determinism: { readonly seed: number; readonly options: RunOptions };
  /** The contract's methods (a store waiting on real I/O is built by delaying each). */
  readonly methods: readonly string[];
}

/** `factory`'s stores, each method answering after a real timer: a store that waits on I/O. */
function slowly(factory: unknown, methods: readonly string[]): () => Record<string, unknown> {
  return () => {
    const store = (factory as () => Record<string, (...args: unknown[]) => unknown>)();
    const later = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
    return Object.fromEntries(methods.map((m) => [m, async (...args: unknown[]) => later().then(() => store[m]!(...args))]));
  };
}

export function storeContractSuite<Op>(c: StoreContractCase<Op>): void {
  const plug = (factory: unknown): Target<unknown> => (c.builtIn as unknown as Target<unknown>).impl!.plug(factory);
  const brokenClauses = async (factory: unknown) => (await checkClauses(plug(factory))).filter((r) => !r.ok);

  it("the built-in reference store holds all 15 clauses, each grouped by an invariant of the plugged target", async () => {
    const results = await checkClauses(c.builtIn as unknown as Target<unknown>);
    expect(results).toHaveLength(15);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    for (const r of results) expect(c.invariants).toContain(r.group);
  });

  it("impl.plug builds the target around a store factory, with its own workloads and kinds, and refuses anything else", () => {
    const plugged = plug(c.example);
    expect(plugged.name).toBe(c.builtIn.name);
    expect(Object.keys(plugged.workloads)).toEqual(["default", "out-of-order"]);
    expect(Object.keys(plugged.invariants)).toEqual(c.invariants);
    expect(plugged.eventKinds).toContain(c.kinds[0]);
    expect(plugged.eventKinds).not.toContain(c.kinds[1]);
    expect(plugged.faultKinds).toEqual(["delay", "duplicate"]);
    expect(() => plug(c.misfit[0])).toThrow(c.misfit[1]);
  });

  it("the example store holds every clause and passes 20 stormy seeds of each workload, every kind reached", async () => {
    expect(await brokenClauses(c.example)).toEqual([]);
    for (const workload of ["default", "out-of-order"]) {
      const report = await sweep(plug(c.example), { base: 0, count: 20 }, { ops: 500, faultLevel: "stormy", workload });
      expect(report.failures.map((f) => f.violations[0]), workload).toEqual([]);
      expect(report.unreached, workload).toEqual([]);
    }
  });

  it("runs deterministically: a seed gives the same trace hash twice, and its recorded steps replay to it", async () => {
    const { seed, options } = c.determinism;
    const first = await runSeed(plug(c.example), seed, options, { record: true });
    const again = await runSeed(plug(c.example), seed, options);
    const replayed = await runSeed(plug(c.example), seed, options, { steps: first.recorded });
    expect(again.traceHash).toBe(first.traceHash);
    expect(replayed.traceHash).toBe(first.traceHash);
  });

  it(`its broken copy fails ${c.brokenClause.id}, and a sweep catches it as ${c.brokenClause.invariant} and shrinks it`, async () => {
    const clause = (await brokenClauses(c.broken)).find((r) => r.id === c.brokenClause.id);
    expect(clause?.message).toMatch(c.brokenClause.message);
    const report = await sweep(plug(c.broken), { base: 0, count: 5 }, { ops: 500, faultLevel: "stormy" });
    expect(report.failed).toBe(5);
    const caught = report.failures.map((f) => f.violations[0]!.invariant);
    expect(caught).toContain(c.brokenClause.invariant);
    for (const invariant of caught) expect([c.brokenClause.invariant, ...(c.brokenClause.also ?? [])]).toContain(invariant);
    const shrunk = await shrinkSeed(plug(c.broken), report.failures[0]!.seed, { ops: 500, faultLevel: "stormy" });
    expect(shrunk.steps.length).toBeLessThanOrEqual(2);
  });

  it("a store that waits on real I/O conforms too: the run waits for it, with simulated time standing still", async () => {
    const factory = slowly(c.example, c.methods);
    expect(await brokenClauses(factory)).toEqual([]);
    const report = await sweep(plug(factory), { base: 0, count: 2 }, { ops: 60, faultLevel: "stormy" });
    expect(report.failures.map((f) => f.violations[0])).toEqual([]);
  });

  for (const [bug, factory, clause, invariant] of c.planted) {
    it(`the in-memory store with ${bug}, behind the contract, fails ${clause} and a sweep as ${invariant}`, async () => {
      expect((await brokenClauses(factory)).map((r) => r.id)).toContain(clause);
      const report = await sweep(plug(factory), { base: 0, count: 10 }, { ops: 500, faultLevel: "stormy" });
      expect(report.failures.map((f) => f.violations[0]!.invariant)).toContain(invariant);
    });
  }
}
