/**
 * The certification report (Markdown) of one backend, for its users and reviewers: what the
 * contract promises, the verdict, the measured matrix against the budgets, every verdict's reason
 * and the command that replays each failing seed. Every figure comes from the certification's
 * runs; nothing depends on when it is rendered, so the same certification gives the same bytes.
 */
import { percentile } from "../budget.js";
import { backendClassLabel, pressureLabel, type PressureProfile } from "../contract.js";
import type { BackendCertification, CellCertification, CertifyRunRecord } from "../certification-types.js";

/** How the report refers to the backend on a command line. */
export interface ReportHow {
  /** What the user passed as `--backend` (a built-in name or a contract file), for the replay commands. */
  readonly backendArg: string;
}

/** A failing run and why it fails, in words. */
export interface FailingRun {
  readonly run: CertifyRunRecord;
  readonly reasons: readonly string[];
}

/** Failing seeds listed per pressure before the rest are only counted. */
export const MAX_FAILING_SEEDS_SHOWN = 10;

/** The Markdown certification report of `cert`. */
export function renderReport(cert: BackendCertification, how: ReportHow): string {
  const c = cert.contract;
  const out: string[] = [`# Failover certification: ${inline(c.name)}`, "", `${backendClassLabel(c.class)} backend; durable store: ${inline(c.durableStore)}.`, ""];
  out.push("## Contract", "");
  out.push(`- Takeover requires fencing: ${yesNo(c.takeoverRequiresFencing)}${c.takeoverRequiresFencing ? " (a new primary's writes carry a higher epoch, and the store refuses a lower one)" : ""}`);
  out.push(`- Recovery requires replay: ${yesNo(c.recoveryRequiresReplay)}${c.recoveryRequiresReplay ? " (the new primary replays the log before it serves)" : ""}`);
  out.push(`- Continuity SLO: at most ${ms(c.continuitySloMs)} ms without a primary that accepts writes`);
  out.push(`- Max data loss: ${c.maxDataLossEvents} acknowledged write${plural(c.maxDataLossEvents)} per failover`);
  out.push(`- Pressures: ${c.supportedPressures.map(pressureLabel).join(", ")}`, "");
  out.push("## Verdict", "", verdictLine(cert), "");
  if (cert.problems.length > 0) {
    // Nothing was run: the problems are the whole story, and a matrix of nothing would mislead.
    out.push("## Contract problems", "", ...cert.problems.map((p) => `- \`${inline(p.field)}\`: ${inline(p.reason)}`));
    return finish(out);
  }
  const o = cert.options;
  out.push(`Runs: ${o.seeds} seed${plural(o.seeds)} per pressure (${o.seedBase}..${o.seedBase + o.seeds - 1}), ${o.ops} client writes each; planted bug: ${o.bug === null ? "none" : `\`${inline(o.bug)}\``}.`, "");
  out.push("## Matrix", "", ...matrix(cert.cells), "");
  out.push("## Budgets", "");
  out.push(
    ...markdownTable(
      ["Pressure", "Max p95 takeover (ms)", "Max p95 recovery (ms)", "Max data loss"],
      cert.cells.map((cell) => [cell.pressure, ms(cell.budget.maxTakeoverMs), ms(cell.budget.maxRecoveryMs), String(cell.budget.maxDataLossEvents)]),
    ),
    "",
  );
  out.push("## Verdicts", "");
  for (const cell of cert.cells) {
    for (const r of cell.results) out.push(`- ${cell.pressure}: ${r.passed ? "PASS" : "FAIL"}: ${inline(r.reason)}`);
    if (cell.results.length === 0) out.push(`- ${cell.pressure}: no verdict (no runs)`);
  }
  out.push("", "## Failing seeds", "", ...failingSeeds(cert, how));
  return finish(out);
}

function verdictLine(cert: BackendCertification): string {
  if (cert.problems.length > 0) return `**NOT CERTIFIED**: the contract breaks ${cert.problems.length} rule${plural(cert.problems.length)}, so nothing was run.`;
  const results = cert.cells.flatMap((cell) => cell.results);
  const failed = results.filter((r) => !r.passed).length;
  const pressures = `${cert.cells.length} pressure${plural(cert.cells.length)}`;
  if (cert.certified) return `**CERTIFIED**: all ${results.length} result${plural(results.length)} passed under ${pressures}.`;
  return `**NOT CERTIFIED**: ${failed} of ${results.length} result${plural(results.length)} failed under ${pressures}.`;
}

function matrix(cells: readonly CellCertification[]): string[] {
  const header = [
    "Pressure", "Runs",
    "Takeover p50 (ms)", "Takeover p95 (ms)", "Takeover max (ms)",
    "Recovery p50 (ms)", "Recovery p95 (ms)", "Recovery max (ms)",
    "Fence rejections", "Max data loss", "Continuity met", "Verdict",
  ];
  const rows = cells.map((cell) => {
    const obs = cell.runs.map((r) => r.observation);
    const takeover = spread(obs.map((o) => o.takeoverMs));
    const recovery = spread(obs.map((o) => o.recoveryMs));
    const fences = obs.reduce((sum, o) => sum + o.fenceRejections, 0);
    const loss = obs.length === 0 ? "-" : String(Math.max(...obs.map((o) => o.dataLossEvents)));
    const met = obs.filter((o) => o.continuityMet).length;
    return [cell.pressure, String(obs.length), ...spreadCells(takeover), ...spreadCells(recovery), String(fences), loss, `${met}/${obs.length}`, cellVerdict(cell)];
  });
  return markdownTable(header, rows);
}

function cellVerdict(cell: CellCertification): string {
  return cell.results.length > 0 && cell.results.every((r) => r.passed) ? "PASS" : "FAIL";
}

/**
 * The runs of `cell` that fail on their own (whatever the percentiles say): an invariant broken,
 * more acknowledged writes lost than the budget allows, or the continuity SLO missed.
 */
export function failingRuns(cell: CellCertification): FailingRun[] {
  return cell.runs.flatMap((run): FailingRun[] => {
    const reasons = run.violations.map((v) => `broke ${v.invariant} (${v.message})`);
    const loss = run.observation.dataLossEvents;
    if (loss > cell.budget.maxDataLossEvents) reasons.push(`lost ${loss} acknowledged write${plural(loss)}, over the budget's ${cell.budget.maxDataLossEvents}`);
    if (!run.observation.continuityMet) reasons.push("missed the continuity SLO");
    return reasons.length === 0 ? [] : [{ run, reasons }];
  });
}

/** The command that replays one seed of a certification. */
export function replayCommand(backendArg: string, pressure: PressureProfile, seed: number, bug: string | null): string {
  const bugFlag = bug === null ? "" : ` --bug ${shellQuote(bug)}`;
  return `npx simctl certify --backend ${shellQuote(backendArg)} --pressure ${pressure} --seed ${seed}${bugFlag}`;
}

function failingSeeds(cert: BackendCertification, how: ReportHow): string[] {
  const out: string[] = [];
  for (const cell of cert.cells) {
    const failing = failingRuns(cell);
    if (failing.length === 0) continue;
    out.push(`### ${pressureLabel(cell.pressure)}`, "");
    for (const { run, reasons } of failing.slice(0, MAX_FAILING_SEEDS_SHOWN)) {
      const command = replayCommand(how.backendArg, cell.pressure, run.seed, cert.options.bug);
      out.push(`- seed ${run.seed}: ${inline(reasons.join("; "))}. Replay: \`${command}\``);
    }
    const rest = failing.length - MAX_FAILING_SEEDS_SHOWN;
    if (rest > 0) out.push(`- ... and ${rest} more failing seed${plural(rest)}`);
    out.push("");
  }
  if (out.length === 0) return ["No run broke an invariant, lost more data than its budget allows, or missed the continuity SLO."];
  out.pop();
  return out;
}

/** p50, p95 and max of some figures, by nearest rank (as the budgets are judged). */
export interface Spread {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** The spread of `values`; null when there are none. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

/** Three table cells for a spread: p50, p95, max (dashes for none). */
export function spreadCells(s: Spread | null): string[] {
  return s === null ? ["-", "-", "-"] : [ms(s.p50), ms(s.p95), ms(s.max)];
}

/** A Markdown table; cells are made safe (no pipe or line break can break a row). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const row = (cells: readonly string[]): string => `| ${cells.map((c) => inline(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [row(header), `|${header.map(() => " --- ").join("|")}|`, ...rows.map(row)];
}

/** Milliseconds as measured: whole numbers as they are, fractions to one decimal. */
export function ms(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** "s" unless n is 1. */
export function plural(n: number): string {
  return n === 1 ? "" : "s";
}

/** Text from the contract or a run, on one line (it may come from a user's file). */
export function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}

function yesNo(b: boolean): string {
  return b ? "yes" : "no";
}

function finish(lines: readonly string[]): string {
  return `${lines.join("\n")}\n`;
}

function shellQuote(text: string): string {
  return /^[\w./@:=-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
