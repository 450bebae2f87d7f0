/**
 * The tuning guide (Markdown) of one backend, derived from its certification's runs: each seed
 * drew a lease length, renewal and poll intervals and a failure mode, so the runs are a sweep.
 * Per pressure: takeover time against lease length and the lease to use; recovery and fence
 * rejections per failure mode. Every figure is computed from the runs; none is assumed.
 */
import { backendClassLabel, pressureLabel } from "../contract.js";
import type { BackendCertification, CellCertification, CertifyRunRecord, FailureMode } from "../certification-types.js";
import { inline, markdownTable, ms, plural, spread, spreadCells } from "./report.js";

const FAILURE_MODES: readonly FailureMode[] = ["crash", "pause", "partition"];

/** The runs of one drawn lease length under one pressure. */
export interface LeaseGroup {
  readonly leaseMs: number;
  readonly runs: readonly CertifyRunRecord[];
  /** p95 takeover over these runs, by nearest rank (as the budget judges). */
  readonly p95TakeoverMs: number;
}

/** `cell`'s runs grouped by lease length, shortest first. */
export function leaseGroups(cell: CellCertification): LeaseGroup[] {
  const byLease = new Map<number, CertifyRunRecord[]>();
  for (const run of cell.runs) byLease.set(run.tuning.leaseMs, [...(byLease.get(run.tuning.leaseMs) ?? []), run]);
  return [...byLease.entries()]
    .sort(([a], [b]) => a - b)
    .map(([leaseMs, runs]) => ({ leaseMs, runs, p95TakeoverMs: spread(runs.map((r) => r.observation.takeoverMs))!.p95 }));
}

/**
 * The longest drawn lease whose p95 takeover stays within the cell's budget, or null when none
 * does. The longest, because a longer lease needs fewer renewals against the durable store (less
 * load on it, and fewer chances for a slow renewal to cost the lease) for the same budget.
 */
export function recommendedLease(cell: CellCertification): LeaseGroup | null {
  const fitting = leaseGroups(cell).filter((g) => g.p95TakeoverMs <= cell.budget.maxTakeoverMs);
  return fitting[fitting.length - 1] ?? null;
}

/** The Markdown tuning guide of `cert`. */
export function renderTuningGuide(cert: BackendCertification): string {
  const c = cert.contract;
  const out: string[] = [`# Tuning guide: ${inline(c.name)}`, ""];
  if (cert.problems.length > 0) {
    out.push(`Nothing was run: the contract breaks ${cert.problems.length} rule${plural(cert.problems.length)} (listed in the certification report), so there are no runs to tune from.`);
    return finish(out);
  }
  const total = cert.cells.reduce((n, cell) => n + cell.runs.length, 0);
  out.push(
    `From the ${total} run${plural(total)} of the certification of ${inline(c.name)} (${backendClassLabel(c.class)} on ${inline(c.durableStore)}). ` +
      "Each seed drew its lease length, renewal and poll intervals and how its primary failed; every figure below is computed from those runs.",
    "",
  );
  out.push("## Lease length against takeover", "");
  out.push(
    "A standby takes over only once the lease it polls has expired, so a takeover includes waiting out the rest of the old primary's lease. " +
      "The last column is the lease's length as a share of the takeover time, summed over the runs (a run counts at most its whole takeover): " +
      "an upper bound on the waiting, since the primary may have renewed some time before it failed.",
    "",
  );
  for (const cell of cert.cells) out.push(...leaseSection(cell, c.durableStore), "");
  out.push("## Recovery by failure mode", "");
  out.push(...markdownTable(["Pressure", "Failure", "Runs", "Recovery p50 (ms)", "Recovery p95 (ms)", "Recovery max (ms)"], byMode(cert, (cell, mode, runs) => [cell.pressure, mode, String(runs.length), ...spreadCells(spread(runs.map((r) => r.observation.recoveryMs)))])), "");
  out.push("## Fence rejections by failure mode", "");
  out.push(
    ...markdownTable(["Pressure", "Failure", "Runs", "Fence rejections", "Per run"], byMode(cert, (cell, mode, runs) => {
      const rejections = runs.reduce((n, r) => n + r.observation.fenceRejections, 0);
      return [cell.pressure, mode, String(runs.length), String(rejections), perRun(rejections, runs.length)];
    })),
    "",
    fenceSentence(cert),
  );
  return finish(out);
}

function leaseSection(cell: CellCertification, durableStore: string): string[] {
  const budget = cell.budget.maxTakeoverMs;
  const out = [`### ${pressureLabel(cell.pressure)} (budget: p95 takeover within ${ms(budget)} ms)`, ""];
  const groups = leaseGroups(cell);
  if (groups.length === 0) return [...out, "No runs under this pressure."];
  out.push(
    ...markdownTable(
      ["Lease (ms)", "Runs", "Takeover p50 (ms)", "Takeover p95 (ms)", "Takeover max (ms)", "Lease share of takeover"],
      groups.map((g) => [ms(g.leaseMs), String(g.runs.length), ...spreadCells(spread(g.runs.map((r) => r.observation.takeoverMs))), leaseShare(g)]),
    ),
    "",
  );
  const pick = recommendedLease(cell);
  const line = `the ${pressureLabel(cell.pressure)} budget's ${ms(budget)} ms`;
  if (pick === null) {
    const shortest = groups[0]!;
    out.push(
      `No drawn lease length keeps p95 takeover within ${line}: the shortest, ${ms(shortest.leaseMs)} ms, has p95 ${ms(shortest.p95TakeoverMs)} ms over ${shortest.runs.length} run${plural(shortest.runs.length)}.`,
    );
  } else {
    out.push(
      `Recommended lease: **${ms(pick.leaseMs)} ms**, the longest drawn whose p95 takeover (${ms(pick.p95TakeoverMs)} ms over ${pick.runs.length} run${plural(pick.runs.length)}) stays within ${line}. ` +
        `A longer lease means fewer renewals against ${inline(durableStore)}.`,
    );
  }
  return out;
}

/** Σ min(lease, takeover) / Σ takeover over the group, as a whole percentage. */
function leaseShare(g: LeaseGroup): string {
  const takeover = g.runs.reduce((n, r) => n + r.observation.takeoverMs, 0);
  if (takeover <= 0) return "-";
  const waiting = g.runs.reduce((n, r) => n + Math.min(g.leaseMs, r.observation.takeoverMs), 0);
  return `at most ${Math.round((100 * waiting) / takeover)}%`;
}

/** One table row per (pressure, failure mode), every mode listed even without runs. */
function byMode(cert: BackendCertification, row: (cell: CellCertification, mode: FailureMode, runs: readonly CertifyRunRecord[]) => string[]): string[][] {
  return cert.cells.flatMap((cell) => FAILURE_MODES.map((mode) => row(cell, mode, cell.runs.filter((r) => r.tuning.failure === mode))));
}

function fenceSentence(cert: BackendCertification): string {
  const runs = cert.cells.flatMap((cell) => cell.runs);
  const figures = FAILURE_MODES.map((mode) => {
    const of = runs.filter((r) => r.tuning.failure === mode);
    return `${mode} ${perRun(of.reduce((n, r) => n + r.observation.fenceRejections, 0), of.length)} per run (${of.length} run${plural(of.length)})`;
  });
  const why =
    "Pauses are what fencing is for: a paused primary resumes believing it still holds the lease and keeps writing, " +
    "while a standby has taken over with a higher epoch, so the store rejects the old primary's writes.";
  const fenced = cert.contract.takeoverRequiresFencing ? "" : " This contract does not require fencing, so nothing is there to reject them.";
  return `Over all pressures: ${figures.join(", ")}. ${why}${fenced}`;
}

function perRun(total: number, runs: number): string {
  if (runs === 0) return "-";
  const x = total / runs;
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

function finish(lines: readonly string[]): string {
  return `${lines.join("\n")}\n`;
}
