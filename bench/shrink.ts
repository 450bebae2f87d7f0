/**
 * Shrinking speed and quality per planted bug: for each bug of each built-in target, the failing
 * seed with the longest run among 20 stormy seeds (of those that fail the bug's own invariant) is
 * shrunk; the table shows the original and shrunk step counts,
 * the faults kept, the re-runs spent and the wall time (goal: under 2 s per bug).
 */
import { sweep } from "../src/index.js";
import { shrinkSeed } from "../src/core/shrink.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";

export interface ShrinkRow {
  readonly target: string;
  readonly bug: string;
  readonly invariant: string;
  readonly seed: number;
  readonly originalSteps: number;
  readonly shrunkSteps: number;
  readonly faults: number;
  readonly runs: number;
  readonly ms: number;
}

export async function benchShrink(): Promise<ShrinkRow[]> {
  const options = { ops: 500, faultLevel: "stormy" as const };
  const rows: ShrinkRow[] = [];
  for (const target of BUILTIN_TARGETS.values()) {
    for (const [bug, statement] of Object.entries(target.bugs)) {
      // The first invariant the bug breaks that a failure among 20 seeds shows first (raft's rarer
      // bugs may show another of theirs), and the longest such run.
      const report = await sweep(target, { base: 0, count: 20 }, { ...options, bug });
      const failure = statement.breaks
        .map((inv) => [...report.failures].filter((f) => f.violations[0]!.invariant === inv).sort((a, b) => b.steps - a.steps)[0])
        .find((f) => f !== undefined);
      if (failure === undefined) throw new Error(`${target.name} bug ${bug}: no failure of ${statement.breaks.join(", ")} among 20 stormy seeds`);
      const seed = failure.seed;
      const started = performance.now();
      const s = await shrinkSeed(target, seed, { ...options, bug });
      const ms = performance.now() - started;
      const faults = s.steps.reduce((n, st) => n + (st.faults?.length ?? 0), 0);
      rows.push({ target: target.name, bug, invariant: s.invariant, seed, originalSteps: s.originalSteps, shrunkSteps: s.steps.length, faults, runs: s.runs, ms });
    }
  }
  return rows;
}
