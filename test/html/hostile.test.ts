/**
 * A page is drawn from whatever a target answers: describers that throw or lie never change the
 * run's verdict or trace hash, details that cannot be JSON and a malformed history drawing are
 * shown safely, and the page stays bounded however long the target's texts are.
 */
import { describe, expect, it } from "vitest";
import type { TimelineData } from "../../src/cli/html/collect.js";
import { pageOf, runForPage } from "../../src/cli/html/run-html.js";
import type { RunResult } from "../../src/core/run.js";
import { runSeed, type TargetSpec, type Violation } from "../../src/index.js";
import { edgeTarget } from "../support/edge-target.js";

const OPTIONS = { ops: 30, faultLevel: "sunny" } as const;

/** Emits one event per op; each test adds describers to it. */
function target(spec: Partial<TargetSpec<number>>) {
  return edgeTarget(undefined, spec);
}

const CONTEXT = { targetSpec: "edge", invariants: {}, replay: "npx simctl replay x.json" };

describe("hostile describers and answers on a page", () => {
  const hostile: [string, Partial<TargetSpec<number>>][] = [
    ["eventNode throws", { eventNode: () => { throw new Error("no node"); } }],
    ["eventNode answers garbage", { eventNode: (_k, a) => [-1, NaN, 2 ** 60, 1.5][a % 4] as number }],
    ["describeEvent throws", { describeEvent: () => { throw new Error("no words"); } }],
    ["describeEvent answers a number", { describeEvent: () => 7 as unknown as string }],
    ["describeOp throws", { describeOp: () => { throw new Error("no op"); } }],
  ];
  for (const [what, spec] of hostile) {
    it(`${what}: the page is drawn, and the run's verdict and trace hash are those without it`, async () => {
      const t = target(spec);
      const plain = await runSeed(t, 3, OPTIONS);
      const answer = await runForPage(t, 3, OPTIONS, {}, undefined);
      expect(answer.result.violations).toEqual(plain.violations);
      expect(answer.result.traceHash).toBe(plain.traceHash);
      expect(pageOf(answer, CONTEXT)).toContain('<g class="lane" data-lane="system">');
    });
  }

  it("says what a describer did wrong where its text would be", async () => {
    const answer = await runForPage(target({ describeEvent: () => { throw new Error("no words"); } }), 3, OPTIONS, {}, undefined);
    expect(pageOf(answer, CONTEXT)).toContain("(describeEvent threw Error: no words)");
  });

  function failing(details: Record<string, unknown>, text = "x"): { result: RunResult; timeline: TimelineData } {
    const v: Violation = { invariant: "big", message: text, step: 0, timeMs: 0, seed: 1, target: "edge", details };
    const entries = Array.from({ length: 3_000 }, (_, i) => ({ step: 0, timeMs: i, kind: "op", a: 0, b: 0, text }));
    const spans = Array.from({ length: 2_000 }, (_, i) => ({ step: i, text, startMs: 0, startEntry: 0, endMs: 0, endEntry: 1, ok: true }));
    const result = { seed: 1, target: "edge", options: { ops: 1, faultLevel: "sunny", workload: "default", bug: null, keepGoing: false, thinkMsMin: 0, thinkMsMax: 0, livenessMsMax: 0, swarm: false }, steps: 1, timeMs: 0, traceHash: "0000000000000000", histogram: {}, violations: [v], inconclusive: [] } as unknown as RunResult;
    return { result, timeline: { entries, first: 0, total: entries.length, cut: 0, spans, request: { maxEntries: 3_000 } } };
  }

  it("shows details that are not JSON (a BigInt, a cycle) instead of failing", () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle["self"] = cycle;
    for (const details of [{ n: 10n }, cycle]) expect(pageOf(failing(details), CONTEXT)).toContain('<g id="violation"');
  });

  it("draws no history from a malformed drawing, and says nothing false", () => {
    for (const history of [{ ops: [{ id: 1 }], linearized: [], stuck: [] }, { ops: [], linearized: [], stuck: [], partition: 5 }, "nonsense"]) {
      const html = pageOf(failing({ history }), CONTEXT);
      expect(html).not.toContain('id="history"');
      expect(html).toContain('<g id="violation"');
    }
  });

  it("stays under 5 MB when every text the target gives is 100,000 characters long", () => {
    const html = pageOf(failing({ witness: ["y".repeat(100_000)] }, "x".repeat(100_000)), CONTEXT);
    expect(html.length).toBeLessThan(5_000_000);
  });
});
