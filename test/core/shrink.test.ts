/**
 * Shrinking the done-ledger's planted bugs: every repro is within one op of the reasoned minimum,
 * keeps only the background faults the failure needs, and fails the same invariant.
 */
import { describe, expect, it } from "vitest";
import { runSeed, sweep, type RecordedStep } from "../../src/index.js";
import { shrinkSeed } from "../../src/core/shrink.js";
import { BUILTIN_TARGETS } from "../../src/targets/index.js";
import { type Target } from "../../src/index.js";

/**
 * The fewest ops that can show each bug, reasoned from the op set (a background fault decision
 * rides on an op and costs nothing). The run's liveness phase (release timers fire) and final
 * drain (releaseAll + I6/I9) come for free.
 */
const LEDGER_MINIMAL: Readonly<Record<string, number>> = {
  "lww-status": 2, // a higher status, then a lower one in a later write (I1 compares observations)
  "overwrite-bytes": 2, // likewise for bytes
  "findings-count-max": 1, // one batch: failed with findings, then clean, same key
  "sticky-error-code": 1, // one batch: failed with an error code, then scanned, same key
  "provenance-lww": 1, // one batch: fresher then staler record, same key
  "skip-lower-rank": 1, // one batch: clean then failed with more bytes; the end-of-run I6 sees it
  "failed-submit-enqueues": 1, // one upsert carrying a submit-fail fault
  "partial-commit": 1, // one upsert of two records carrying a commit-fail fault
  // delayWrites, then an upsert; the final releaseAll applies it twice. (One upsert delayed by a
  // background fault is not enough: its release timer fires in the liveness phase, before finish.)
  "double-apply": 2,
  "newest-first-drains-oldest": 3, // two pending writes, then releaseNext(newestFirst)
  "dirty-read": 2, // a delayed upsert, then a read of its key
  "unsorted-snapshot": 2, // one batch inserting keys out of order, then a snapshot
};

const SINK_MINIMAL: Readonly<Record<string, number>> = {
  "orphan-occurrences": 1, // one batch with an occurrence whose finding exists nowhere
  "overwrite-conflicting-finding": 1, // one batch with the same finding twice, different content
  "mutate-before-validate": 1, // one batch: a new finding, then an occurrence that fails
  "durable-parents-only": 1, // one batch: a finding and its occurrence together
  "replay-duplicates": 2, // a batch with an observation (and parents), then a replay of it
  "stale-provenance-wins": 2, // a fresher sighting, then a staler one of the same observation
  "delayed-observations-dropped": 1, // one delayed batch with an observation; the final drain releases it
  "failed-submit-enqueues": 1, // one batch carrying a submit-fail fault
};

const MINIMAL: Readonly<Record<string, Readonly<Record<string, number>>>> = { "done-ledger": LEDGER_MINIMAL, "findings-sink": SINK_MINIMAL };

const OPTIONS = { ops: 500, faultLevel: "stormy" as const };

/** The failing seed with the longest run among those that fail the invariant the bug targets. */
async function longestFailingSeed(target: Target<unknown>, bug: string): Promise<number> {
  const invariant = target.bugs[bug]!.breaks[0];
  const report = await sweep(target, { base: 0, count: 20 }, { ...OPTIONS, bug });
  const matching = report.failures.filter((f) => f.violations[0]!.invariant === invariant);
  return [...matching].sort((a, b) => b.steps - a.steps)[0]!.seed;
}

const target = BUILTIN_TARGETS.get("done-ledger")!;

describe("shrinking every planted bug of every built-in target", () => {
  for (const [name, table] of Object.entries(MINIMAL)) {
    const t = BUILTIN_TARGETS.get(name)!;
    it(`${name}: has a reasoned minimum for every bug`, () => {
      expect(Object.keys(table).sort()).toEqual(Object.keys(t.bugs).sort());
    });

    for (const [bug, minimal] of Object.entries(table)) {
      it(`${name} ${bug}: shrinks to at most ${minimal + 1} ops, keeping only the faults it needs`, async () => {
        const seed = await longestFailingSeed(t, bug);
        const shrunk = await shrinkSeed(t, seed, { ...OPTIONS, bug });
        expect(shrunk.invariant).toBe(t.bugs[bug]!.breaks[0]);
        expect(shrunk.steps.length).toBeLessThanOrEqual(minimal + 1);
        expect(shrunk.steps.length).toBeLessThanOrEqual(shrunk.originalSteps);
        expect(shrunk.result.violations[0]?.invariant).toBe(shrunk.invariant);
        expect(shrunk.exhausted).toBe(false);
        // Removing any remaining fault makes the violation disappear (or change).
        for (let i = 0; i < shrunk.steps.length; i++) {
          for (let f = 0; f < (shrunk.steps[i]!.faults?.length ?? 0); f++) {
            const without: RecordedStep[] = shrunk.steps.map((s, j) => (j !== i ? s : { ...s, faults: s.faults!.filter((_, g) => g !== f) }));
            const r = await runSeed(t, seed, { ...OPTIONS, bug }, { steps: without });
            expect(r.violations[0]?.invariant, `fault ${f} of step ${i} is needed`).not.toBe(shrunk.invariant);
          }
        }
        // The shrunk steps replay to the same trace every time.
        const again = await runSeed(t, seed, { ...OPTIONS, bug }, { steps: shrunk.steps });
        expect(again.traceHash).toBe(shrunk.result.traceHash);
      });
    }
  }

  it("is deterministic: the same seed shrinks to the same repro", async () => {
    const a = await shrinkSeed(target, 8, { ...OPTIONS, bug: "dirty-read" });
    const b = await shrinkSeed(target, 8, { ...OPTIONS, bug: "dirty-read" });
    expect(b.steps).toEqual(a.steps);
    expect(b.runs).toBe(a.runs);
  });

  it("respects the run budget", async () => {
    const r = await shrinkSeed(target, 8, { ...OPTIONS, bug: "dirty-read" }, { budget: 3 });
    expect(r.runs).toBeLessThanOrEqual(3);
    expect(r.exhausted).toBe(true);
    expect(r.result.violations[0]?.invariant).toBe("I10");
  });

  it("refuses a seed that does not fail", async () => {
    await expect(shrinkSeed(target, 1, OPTIONS)).rejects.toThrow(/does not fail/);
  });
});
