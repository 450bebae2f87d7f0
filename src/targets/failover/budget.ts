/**
 * SLO budgets per pressure profile, and the evaluation of failover observations against them (the
 * seed's `evaluate_slo_budget`): per backend and pressure, the p95 takeover and recovery times
 * over the seeds against the budget's maxima, the worst run's data loss against its maximum, and
 * continuity in every run. A result's reason names the budget line and the figure.
 */
import { pressureLabel, type PressureProfile } from "./contract.js";

export interface SloBudget {
  readonly pressure: PressureProfile;
  readonly maxTakeoverMs: number;
  readonly maxRecoveryMs: number;
  readonly maxDataLossEvents: number;
}

/** One failover run of one backend under one pressure, in simulated time. */
export interface Observation {
  readonly backend: string;
  readonly pressure: PressureProfile;
  readonly takeoverMs: number;
  readonly recoveryMs: number;
  readonly fenceRejections: number;
  readonly dataLossEvents: number;
  readonly continuityMet: boolean;
}

export interface BudgetResult {
  readonly backend: string;
  readonly pressure: PressureProfile;
  readonly passed: boolean;
  readonly reason: string;
}

/**
 * The default budgets: a takeover within 2 s and a recovery within 5 s when the dependency is
 * healthy; 2.5x that when it is slow and failing; 5x when it is cut off from some nodes. No
 * acknowledged write may be lost under any of them.
 */
export function defaultSloBudgets(): SloBudget[] {
  return [
    { pressure: "nominal", maxTakeoverMs: 2_000, maxRecoveryMs: 5_000, maxDataLossEvents: 0 },
    { pressure: "dependency-degraded", maxTakeoverMs: 5_000, maxRecoveryMs: 12_500, maxDataLossEvents: 0 },
    { pressure: "dependency-partitioned", maxTakeoverMs: 10_000, maxRecoveryMs: 25_000, maxDataLossEvents: 0 },
  ];
}

/** The p-th percentile (0 < p <= 100) by nearest rank; `values` must not be empty. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One result per (backend, pressure) of `observations`, in the order they first appear. */
export function evaluateSloBudget(observations: readonly Observation[], budgets: readonly SloBudget[]): BudgetResult[] {
  const groups = new Map<string, Observation[]>();
  for (const o of observations) {
    const key = `${o.backend}\u0000${o.pressure}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [o]);
    else group.push(o);
  }
  return [...groups.values()].map((group) => judge(group, budgets.find((b) => b.pressure === group[0]!.pressure)));
}

function judge(group: readonly Observation[], budget: SloBudget | undefined): BudgetResult {
  const { backend, pressure } = group[0]!;
  const result = (passed: boolean, reason: string): BudgetResult => ({ backend, pressure, passed, reason });
  if (budget === undefined) return result(false, `no SLO budget for ${pressureLabel(pressure)}`);
  const line = `${pressureLabel(pressure)} budget`;
  const takeover = percentile(group.map((o) => o.takeoverMs), 95);
  const recovery = percentile(group.map((o) => o.recoveryMs), 95);
  const loss = Math.max(...group.map((o) => o.dataLossEvents));
  const broken = group.filter((o) => !o.continuityMet).length;
  const runs = `${group.length} run${group.length === 1 ? "" : "s"}`;
  if (takeover > budget.maxTakeoverMs) return result(false, `p95 takeover ${takeover} ms over ${runs} exceeds the ${line}'s ${budget.maxTakeoverMs} ms`);
  if (recovery > budget.maxRecoveryMs) return result(false, `p95 recovery ${recovery} ms over ${runs} exceeds the ${line}'s ${budget.maxRecoveryMs} ms`);
  if (loss > budget.maxDataLossEvents) return result(false, `a run lost ${loss} acknowledged write${loss === 1 ? "" : "s"}, over the ${line}'s ${budget.maxDataLossEvents}`);
  if (broken > 0) return result(false, `continuity SLO missed in ${broken} of ${runs}`);
  return result(true, `p95 takeover ${takeover} ms <= ${budget.maxTakeoverMs} ms, p95 recovery ${recovery} ms <= ${budget.maxRecoveryMs} ms, data loss at most ${loss} <= ${budget.maxDataLossEvents}, continuity met in ${runs}`);
}

export function budgetFailures(results: readonly BudgetResult[]): number {
  return results.filter((r) => !r.passed).length;
}
