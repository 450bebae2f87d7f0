/** The JSON reporter: versioned documents that scripts (and `simctl merge`) read. */
import type { RunResult } from "../../core/run.js";
import type { SweepReport } from "../../core/sweep.js";

export const SWEEP_REPORT_FORMAT = "simctl-sweep/1";
export const RUN_REPORT_FORMAT = "simctl-run/1";

type ReplayFor = (seed: number, traceHash: string) => string;

export function sweepJson(report: SweepReport, wallMs: number, replay: ReplayFor): string {
  const doc = {
    format: SWEEP_REPORT_FORMAT,
    target: report.target,
    options: report.options,
    range: report.range,
    summary: { seeds: report.range.count, passed: report.passed, failed: report.failed, steps: report.totalSteps, wallMs: Math.round(wallMs) },
    histogram: report.histogram,
    unreached: report.unreached,
    seeds: report.seeds,
    failures: report.failures.map((r) => failureJson(r, replay)),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

export function runJson(result: RunResult, wallMs: number, replay: ReplayFor): string {
  const doc = {
    format: RUN_REPORT_FORMAT,
    target: result.target,
    seed: result.seed,
    options: result.options,
    steps: result.steps,
    timeMs: result.timeMs,
    traceHash: result.traceHash,
    wallMs: Math.round(wallMs),
    histogram: result.histogram,
    violations: result.violations,
    replay: replay(result.seed, result.traceHash),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

function failureJson(result: RunResult, replay: ReplayFor): Record<string, unknown> {
  return {
    seed: result.seed,
    traceHash: result.traceHash,
    steps: result.steps,
    violations: result.violations,
    recentOps: result.recentOps ?? [],
    recent: result.recent ?? [],
    ...(result.swarm !== undefined ? { swarm: result.swarm } : {}),
    replay: replay(result.seed, result.traceHash),
  };
}
