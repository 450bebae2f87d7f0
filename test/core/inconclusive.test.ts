/**
 * The third verdict: entries built with ctx.inconclusive are split off from violations, never
 * stop a run, make a seed inconclusive (not failed), and survive the report document, its
 * schema, shard merges and old `simctl-sweep/1` documents.
 */
import { describe, expect, it } from "vitest";
import { mergeSweepDocs, parseSweepDoc, sweepExitCode, SweepDocSchema, toSweepDoc, type SweepDoc } from "../../src/core/report.js";
import { EXIT, runSeed, seedStatus, sweep, type RunOptions, type Target, type Violation } from "../../src/index.js";
import fixture from "../fixtures/inconclusive-target.js";

/** The CLI tests' fixture (seed % 3 === 0 inconclusive; `violate` fails V on some seeds), in-process. */
const target = fixture as unknown as Target<number>;

const OPS: RunOptions = { ops: 20, faultLevel: "sunny" };
const BUG: RunOptions = { ...OPS, bug: "violate" };
const replay = (seed: number, hash: string): string => `replay ${seed} ${hash}`;

async function doc(options: RunOptions, base = 0, count = 9, shard?: { index: number; count: number }): Promise<SweepDoc> {
  return toSweepDoc(await sweep(target, { base, count }, options, shard), 1, replay);
}

describe("runSeed with inconclusive checks", () => {
  it("splits inconclusive entries off the violations, runs to the end and keeps the recent trace", async () => {
    const r = await runSeed(target, 3, OPS);
    expect(r.violations).toEqual([]);
    expect(r.steps).toBe(20);
    expect(r.inconclusive).toHaveLength(2);
    expect(r.inconclusive[0]).toEqual({ invariant: "H1", message: "could not be decided: explored 5000 states", step: 2, timeMs: expect.any(Number), seed: 3, target: "undecidable", details: { explored: 5000 }, inconclusive: true });
    expect(r.inconclusive[1]).toMatchObject({ invariant: "H1", step: 20, inconclusive: true });
    expect(r.recentOps?.length).toBeGreaterThan(0);
    expect(r.recent?.length).toBeGreaterThan(0);
    expect(seedStatus(r)).toBe("inconclusive");
  });

  it("a passing run has an empty inconclusive list and no recent trace", async () => {
    const r = await runSeed(target, 1, OPS);
    expect(r.inconclusive).toEqual([]);
    expect(r.violations).toEqual([]);
    expect(r.recent).toBeUndefined();
    expect(seedStatus(r)).toBe("passed");
  });

  it("a real violation still stops the run; the inconclusive entry found before it is kept apart", async () => {
    const r = await runSeed(target, 0, BUG);
    expect(r.violations.map((v) => v.invariant)).toEqual(["V"]);
    expect(r.violations[0]!.inconclusive).toBeUndefined();
    expect(r.steps).toBe(8);
    expect(r.inconclusive.map((v) => v.step)).toEqual([2]);
    expect(seedStatus(r)).toBe("failed");
    const going = await runSeed(target, 0, { ...BUG, keepGoing: true });
    expect(going.steps).toBe(20);
    expect(going.inconclusive).toHaveLength(2);
  });

  it("seedStatus: any violation decides first (errored for hang/crash), then inconclusive, then passed", () => {
    const v = (invariant: string): Violation => ({ invariant, message: "", step: 0, timeMs: 0, seed: 0, target: "t" });
    const i = { ...v("H1"), inconclusive: true as const };
    expect(seedStatus({ violations: [v("hang")], inconclusive: [i] })).toBe("errored");
    expect(seedStatus({ violations: [v("I1")], inconclusive: [i] })).toBe("failed");
    expect(seedStatus({ violations: [], inconclusive: [i] })).toBe("inconclusive");
    expect(seedStatus({ violations: [], inconclusive: [] })).toBe("passed");
  });
});

describe("sweeps and report documents", () => {
  it("count inconclusive seeds apart from passed and failed ones", async () => {
    const clean = await sweep(target, { base: 0, count: 9 }, OPS);
    expect(clean).toMatchObject({ passed: 6, failed: 0, inconclusive: 3, errored: 0, notRun: 0 });
    expect(clean.seeds.filter((s) => s.status === "inconclusive").map((s) => s.seed)).toEqual([0, 3, 6]);
    expect(clean.failures.map((f) => f.seed)).toEqual([0, 3, 6]);
    const buggy = await sweep(target, { base: 0, count: 9 }, BUG);
    expect(buggy).toMatchObject({ passed: 3, failed: 4, inconclusive: 2, errored: 0, notRun: 0 });
    expect(buggy.seeds.map((s) => s.status)).toEqual(["failed", "failed", "passed", "inconclusive", "failed", "passed", "inconclusive", "failed", "passed"]);
  });

  it("the document is simctl-sweep/2, validates with the schema, and lists inconclusive seeds with their entries", async () => {
    const d = await doc(BUG);
    expect(SweepDocSchema.safeParse(JSON.parse(JSON.stringify(d))).success).toBe(true);
    expect(d.format).toBe("simctl-sweep/2");
    expect(d.summary).toMatchObject({ seeds: 9, passed: 3, failed: 4, inconclusive: 2, errored: 0, notRun: 0 });
    const three = d.failures.find((f) => f.seed === 3)!;
    expect(three.status).toBe("inconclusive");
    expect(three.violations.map((v) => [v.invariant, v.inconclusive])).toEqual([["H1", true], ["H1", true]]);
    expect(three.replay).toBe(`replay 3 ${three.traceHash}`);
    expect(three.recentOps.length).toBeGreaterThan(0);
    const zero = d.failures.find((f) => f.seed === 0)!;
    expect(zero.status).toBe("failed");
    expect(zero.violations.map((v) => [v.invariant, v.inconclusive ?? false])).toEqual([["V", false], ["H1", true]]);
    expect(parseSweepDoc(JSON.parse(JSON.stringify(d)), "doc")).toEqual(d);
  });

  it("exit codes: 1 on any failed or errored seed, else 4 on any inconclusive, else 0", async () => {
    expect(sweepExitCode((await doc(BUG)).summary)).toBe(EXIT.violation);
    expect(sweepExitCode((await doc(OPS)).summary)).toBe(EXIT.inconclusive);
    expect(EXIT.inconclusive).toBe(4);
    expect(sweepExitCode((await doc(OPS, 1, 2)).summary)).toBe(EXIT.ok);
  });

  it("a merge of two shards keeps the five-way counts and the inconclusive failure entries", async () => {
    const whole = await doc(BUG);
    const shards = [await doc(BUG, 0, 9, { index: 1, count: 2 }), await doc(BUG, 0, 9, { index: 2, count: 2 })];
    const merged = mergeSweepDocs(shards.map((s) => parseSweepDoc(JSON.parse(JSON.stringify(s)), "shard")), ["a", "b"]);
    expect(merged.summary).toEqual({ ...whole.summary, wallMs: merged.summary.wallMs });
    expect(merged.seeds).toEqual(whole.seeds);
    expect(merged.failures.map((f) => [f.seed, f.status])).toEqual(whole.failures.map((f) => [f.seed, f.status]));
    expect(sweepExitCode(merged.summary)).toBe(EXIT.violation);
    const clean = mergeSweepDocs([await doc(OPS, 0, 9, { index: 1, count: 2 }), await doc(OPS, 0, 9, { index: 2, count: 2 })], ["a", "b"]);
    expect(clean.summary).toMatchObject({ passed: 6, inconclusive: 3 });
    expect(sweepExitCode(clean.summary)).toBe(EXIT.inconclusive);
  });

  it("an old simctl-sweep/1 document still parses (as 0 inconclusive) and merges with a new one", async () => {
    const v1 = (d: SweepDoc): unknown => {
      const { inconclusive, ...summary } = d.summary;
      expect(inconclusive).toBe(0);
      return JSON.parse(JSON.stringify({ ...d, format: "simctl-sweep/1", summary }));
    };
    // Seeds 1 and 2 of the buggy sweep: failed and passed only, as a /1 report could hold.
    const old = parseSweepDoc(v1(await doc(BUG, 1, 2)), "old.json");
    expect(old.format).toBe("simctl-sweep/2");
    expect(old.summary).toMatchObject({ passed: 1, failed: 1, inconclusive: 0 });
    // Seeds 1..4 in two shards: an old one (1, 2) and a new one (3 inconclusive, 4 failed).
    const a = parseSweepDoc(v1(await doc(BUG, 1, 4, { index: 1, count: 2 })), "a.json");
    const b = await doc(BUG, 1, 4, { index: 2, count: 2 });
    const merged = mergeSweepDocs([a, b], ["a.json", "b.json"]);
    expect(merged.format).toBe("simctl-sweep/2");
    expect(merged.summary).toMatchObject({ seeds: 4, passed: 1, failed: 2, inconclusive: 1 });
  });

  it("refuses a /1 document with an inconclusive seed and documents whose statuses disagree", async () => {
    const d = JSON.parse(JSON.stringify(await doc(OPS))) as SweepDoc;
    const { inconclusive: _, ...summary } = d.summary;
    expect(() => parseSweepDoc({ ...d, format: "simctl-sweep/1", summary }, "old.json")).toThrow(/not a simctl sweep report/);
    const dropped = { ...d, failures: d.failures.filter((f) => f.seed !== 3) };
    expect(() => parseSweepDoc(dropped, "x.json")).toThrow(/seed 3 is inconclusive in its seeds but absent in its failures/);
    const relabelled = { ...d, seeds: d.seeds.map((s) => (s.seed === 3 ? { ...s, status: "failed" as const } : s)) };
    expect(() => parseSweepDoc(relabelled, "x.json")).toThrow(/seed 3 is failed in its seeds but inconclusive in its failures/);
    const real = { ...d, failures: d.failures.map((f) => (f.seed === 3 ? { ...f, violations: [{ ...f.violations[0]!, inconclusive: undefined }] } : f)) };
    expect(() => parseSweepDoc(JSON.parse(JSON.stringify(real)), "x.json")).toThrow(/seed 3 is inconclusive but its failure entry carries a violation/);
  });
});
