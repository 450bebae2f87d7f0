/**
 * The done-ledger's own work with no harness around it: the ops simctl generates for a sweep
 * (100 seeds x 500) and for a long run (seed 1, 200,000 ops) are recorded first, then replayed
 * straight into the glue's `apply` and `check()` (the same calls fast-check's model run makes,
 * through test/support/ledger-model.ts): SUT, oracle, invariants, H1 and the write-lifecycle
 * checks, but no run loop, op generation, think time or histograms. Sunny, like that setup.
 * Its steps per CPU-second bound what any harness could reach on this target; the gap to the
 * targets' rows above is the harness's own share. Shown, not judged.
 */
import { runSeed, type Target } from "../src/index.js";
import target from "../src/targets/done-ledger/index.js";
import type { LedgerOp } from "../src/targets/done-ledger/ops.js";
import { setup } from "../test/support/ledger-model.js";
import { timed } from "./cpu-wall.js";
import { interleave } from "./interleave.js";
import { summarize, type Summary } from "./stats.js";

const REPS = 5;

async function recorded(seeds: readonly number[], ops: number): Promise<LedgerOp[][]> {
  const out: LedgerOp[][] = [];
  for (const seed of seeds) {
    const r = await runSeed(target as Target<unknown>, seed, { ops, faultLevel: "sunny" }, { record: true });
    out.push((r.recorded ?? []).map((s) => s.op as LedgerOp));
  }
  return out;
}

/** Every case from a fresh ledger; the number of steps. Throws on a violation (none is expected). */
function replay(cases: readonly LedgerOp[][]): number {
  let steps = 0;
  for (const ops of cases) {
    const { sim } = setup(null)().real;
    for (const op of ops) {
      sim.apply(op);
      const violations = sim.check();
      if (violations.length > 0) throw new Error(`target alone: ${violations[0]!.invariant}: ${violations[0]!.message}`);
      steps++;
    }
    sim.finish();
  }
  return steps;
}

export interface TargetAloneRow {
  readonly name: string;
  readonly stepsPerSec: Summary;
}

export async function benchTargetAlone(): Promise<TargetAloneRow[]> {
  const shapes = [
    { name: "done-ledger target alone, sunny, 100 seeds x 500 ops replayed into apply + check (no harness)", cases: await recorded(Array.from({ length: 100 }, (_, i) => i), 500) },
    { name: "done-ledger target alone, sunny, seed 1 x 200,000 ops replayed into apply + check (no harness)", cases: await recorded([1], 200_000) },
  ];
  const runs = await interleave(shapes.map((shape) => () => timed(() => replay(shape.cases))), REPS);
  return shapes.map((shape, k) => ({ name: shape.name, stepsPerSec: summarize(runs[k]!.map((r) => r.result / (r.cpuMs / 1000))) }));
}
