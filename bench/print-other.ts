/**
 * The sections of `npm run bench` outside issue 19: shrinking each planted bug (issue 4's goal for
 * the done-ledger's), linearizability checking, and H1's share of a done-ledger step. Printed as
 * they always were; their goals are judged in their own tables, not in the issue 19 summary.
 */
import { formatMsRange } from "./cpu-wall.js";
import { H1_PAIRS, type H1Result } from "./h1.js";
import { inFreshProcess } from "./isolated.js";
import { LINCHECK_RUNS, type LincheckRow } from "./lincheck.js";
import { newTable, verdict } from "./report.js";
import type { ShrinkRow } from "./shrink.js";
import { formatInt, formatMs } from "./stats.js";

// Issue 4's goal, for the done-ledger's bugs. A raft re-run is a 500-step cluster run of tens of
// ms, so its shrinks take seconds to minutes: shown, not judged.
const SHRINK_GOAL_MS = 2_000;
const SHRINK_GOAL_TARGETS: readonly string[] = ["done-ledger"];
const H1_GOAL = 0.1;

export function printShrink(): void {
  const table = newTable(["target", "bug", "invariant", "seed", "original steps", "shrunk steps", "faults kept", "re-runs", "time", "result"]);
  for (const r of inFreshProcess<ShrinkRow[]>("shrink")) {
    table.push([r.target, r.bug, r.invariant, r.seed, r.originalSteps, r.shrunkSteps, r.faults, r.runs, formatMs(r.ms), SHRINK_GOAL_TARGETS.includes(r.target) ? verdict(r.ms < SHRINK_GOAL_MS) : "-"]);
  }
  console.log("\nShrinking each planted bug (stormy, longest failing run of 20 seeds; goal for the done-ledger's bugs < 2 s):");
  console.log(table.toString());
}

export function printLincheck(): void {
  console.log("\nLinearizability checking (generated histories, fixed seeds; default budget 5,000,000 states; a set of 100 timed as a whole;");
  console.log(`CPU time and wall, median (min .. max) of ${LINCHECK_RUNS} interleaved rounds; goals judged on the CPU-time median):`);
  const table = newTable(["history shape", "operations", "clients", "verdict", "states explored", "CPU time", "wall", "goal", "result"]);
  for (const r of inFreshProcess<LincheckRow[]>("lincheck")) {
    if (r.time === undefined) table.push([r.shape, r.operations, r.clients, r.verdict, "-", "-", "-", r.goal, "-"]);
    else table.push([r.shape, r.operations, r.clients, r.verdict, formatInt(r.explored), formatMsRange(r.time.cpuMs), formatMsRange(r.time.wallMs), r.goal, verdict(r.met === true)]);
  }
  console.log(table.toString());
}

export function printH1(): void {
  const h1 = inFreshProcess<H1Result>("h1");
  console.log(`\nH1 (per-key register history, checked at drain points) share of a done-ledger step: ${h1.run},`);
  console.log(`H1 on and off interleaved, ${H1_PAIRS} pairs after a warm-up, median (min .. max); off = LedgerHistory methods replaced by no-ops in that process (its own):`);
  const table = newTable(["variant", "steps", "CPU time", "wall", "steps/s (CPU)", "steps/s (wall)"]);
  for (const v of [h1.on, h1.off]) {
    table.push([v.name, formatInt(v.steps), formatMsRange(v.time.cpuMs), formatMsRange(v.time.wallMs), formatInt(v.cpuStepsPerSec), formatInt(v.wallStepsPerSec)]);
  }
  console.log(table.toString());
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const share = newTable(["measure", "figure", "goal", "result"]);
  share.push([
    "H1 share of a step = 1 - cpu_off / cpu_on (medians)",
    `${pct(h1.share)} (per pair: median ${pct(h1.pairShares.median)}, ${pct(h1.pairShares.min)} .. ${pct(h1.pairShares.max)})`,
    `<= ${pct(H1_GOAL)}`,
    verdict(h1.share <= H1_GOAL),
  ]);
  console.log(share.toString());
}
