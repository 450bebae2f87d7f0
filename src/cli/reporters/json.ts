/**
 * The JSON reporter: versioned documents that scripts (and `simctl merge`) read. The sweep
 * document and its format constant live in `core/report.ts` (its one source of truth, with the
 * schema merge validates against); this file renders it and the single-run document.
 */
import type { SweepDoc } from "../../core/report.js";
import type { RunResult } from "../../core/run.js";
import { seedStatus } from "../../core/sweep.js";

export { SWEEP_REPORT_FORMAT } from "../../core/report.js";

/** `simctl run --reporter json`; /2 adds `status` and the `inconclusive` entries. */
export const RUN_REPORT_FORMAT = "simctl-run/2";

type ReplayFor = (seed: number, traceHash: string) => string;

export function renderSweepJson(doc: SweepDoc): string {
  return JSON.stringify(doc, null, 2) + "\n";
}

export function runJson(result: RunResult, wallMs: number, replay: ReplayFor): string {
  const judged = result.violations.length > 0 || result.inconclusive.length > 0;
  const doc = {
    format: RUN_REPORT_FORMAT,
    target: result.target,
    seed: result.seed,
    status: seedStatus(result),
    options: result.options,
    steps: result.steps,
    timeMs: result.timeMs,
    traceHash: result.traceHash,
    wallMs: Math.round(wallMs),
    histogram: result.histogram,
    violations: result.violations,
    inconclusive: result.inconclusive,
    ...(judged ? { recentOps: result.recentOps ?? [] } : {}),
    replay: replay(result.seed, result.traceHash),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
