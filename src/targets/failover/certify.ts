/**
 * A certification: a backend's contract checked (`valid`), then, per pressure it supports, one
 * `certify`-workload run of the failover simulation per seed with the backend and pressure fixed,
 * each giving an observation, its drawn tuning, its trace hash and the invariants it broke; the
 * runs judged against the pressure's SLO budget (`evaluateSloBudget`) and for safety (any
 * invariant broken in any run fails the cell, naming it). Runs are background-fault free (the
 * `sunny` level): the pressure profile is the fault model being certified against.
 */
import { runSeed } from "../../index.js";
import { defaultSloBudgets, evaluateSloBudget, type BudgetResult, type SloBudget } from "./budget.js";
import type { BackendCertification, CellCertification, CertifyOptions, CertifyRunRecord } from "./certification-types.js";
import { pressureLabel, valid, type BackendContract, type PressureProfile } from "./contract.js";
import { INVARIANTS } from "./invariants.js";
import type { FailoverManagerFactory } from "./manager.js";
import { standardManager } from "./standard-manager.js";
import type { FailoverRunReport } from "./sim.js";
import { makeFailoverTarget } from "./target.js";

/** Client writes per certification run: the failure comes at step 15-30, the rest see the takeover through. */
export const CERTIFY_OPS = 100;

/** One seed of `contract` under `pressure`. */
export async function certifyRun(contract: BackendContract, pressure: PressureProfile, seed: number, options: CertifyOptions, factory: FailoverManagerFactory = standardManager): Promise<CertifyRunRecord> {
  let report: FailoverRunReport | undefined;
  const target = makeFailoverTarget(factory, { backend: contract, pressure, report: (r) => (report = r) });
  // keepGoing: a run that broke an invariant is still measured to its end.
  const result = await runSeed(target, seed, { ops: options.ops, faultLevel: "sunny", workload: "certify", bug: options.bug, keepGoing: true });
  const violations = result.violations.map((v) => ({ invariant: v.invariant, message: v.message }));
  if (report === undefined) throw new Error(`seed ${seed} of ${contract.name} under ${pressure} ended without an observation (${violations[0]?.message ?? "no finish"})`);
  return { seed, traceHash: result.traceHash, observation: report.observation, tuning: report.tuning, violations };
}

/**
 * The verdicts of one cell: the budget's, then one failing result per invariant some run broke,
 * naming how many runs and the first seed with its message.
 */
export function judgeCell(contract: BackendContract, pressure: PressureProfile, budget: SloBudget, runs: readonly CertifyRunRecord[]): BudgetResult[] {
  if (runs.length === 0) return [{ backend: contract.name, pressure, passed: false, reason: "no runs" }];
  const results = evaluateSloBudget(runs.map((r) => r.observation), [budget]);
  const broken = new Map<string, CertifyRunRecord[]>();
  for (const run of runs) for (const id of new Set(run.violations.map((v) => v.invariant))) broken.set(id, [...(broken.get(id) ?? []), run]);
  for (const [id, failing] of [...broken].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const first = failing[0]!;
    const statement = (INVARIANTS as Record<string, string>)[id] ?? id;
    const message = first.violations.find((v) => v.invariant === id)!.message;
    results.push({ backend: contract.name, pressure, passed: false, reason: `${id} (${statement.split(":")[0]}) broken in ${failing.length} of ${runs.length} runs under ${pressureLabel(pressure)}; first, seed ${first.seed}: ${message}` });
  }
  return results;
}

export interface CertifyProgress {
  (pressure: PressureProfile, done: number, total: number): void;
}

/** Certify `contract` under `pressures` (default: every pressure it supports). */
export async function certifyBackend(
  contract: BackendContract,
  options: CertifyOptions,
  pressures: readonly PressureProfile[] = contract.supportedPressures,
  budgets: readonly SloBudget[] = defaultSloBudgets(),
  progress?: CertifyProgress,
): Promise<BackendCertification> {
  const problems = valid(contract);
  if (problems.length > 0) return { contract, problems, options, cells: [], certified: false };
  const cells: CellCertification[] = [];
  for (const pressure of pressures) {
    const budget = budgets.find((b) => b.pressure === pressure);
    if (budget === undefined) throw new Error(`no SLO budget for ${pressure}`);
    const runs: CertifyRunRecord[] = [];
    for (let i = 0; i < options.seeds; i++) {
      runs.push(await certifyRun(contract, pressure, options.seedBase + i, options));
      progress?.(pressure, i + 1, options.seeds);
    }
    cells.push({ pressure, budget, runs, results: judgeCell(contract, pressure, budget, runs) });
  }
  const certified = cells.length > 0 && cells.every((c) => c.results.every((r) => r.passed));
  return { contract, problems, options, cells, certified };
}
