/**
 * The text reporter: the options first (so a reader can replay without guessing), a summary
 * table, the histogram, unreached kinds, then each violation with its recent trace and the exact
 * command that replays it.
 */
import Table from "cli-table3";
import type { ResolvedOptions } from "../../core/options.js";
import type { Divergence } from "../../core/checkpoints.js";
import type { RunResult } from "../../core/run.js";
import type { SwarmChoice } from "../../core/swarm.js";
import type { SweepReport } from "../../core/sweep.js";
import type { Target, Violation } from "../../core/target.js";
import { renderHistogram } from "./histogram.js";
import type { Style } from "./style.js";

/** Failing seeds shown with their full trace; the rest get one line each. */
const DETAILED_FAILURES = 5;

export interface TextContext {
  readonly style: Style;
  readonly target: Target<unknown>;
  /** The replay command for a seed with its trace hash. */
  readonly replay: (seed: number, traceHash: string) => string;
}

export function optionsLine(target: string, seeds: string, o: ResolvedOptions): string {
  const weights = o.weights !== undefined ? ` weights=${JSON.stringify(o.weights)}` : "";
  const flags = `${o.keepGoing ? " keep-going" : ""}${o.swarm ? " swarm" : ""}`;
  return `target=${target} ${seeds} ops=${o.ops} fault-level=${o.faultLevel} workload=${o.workload} bug=${o.bug ?? "none"}${flags}${weights}`;
}

export function renderSweepText(report: SweepReport, wallMs: number, ctx: TextContext, header: string[] = []): string {
  const { style } = ctx;
  const last = report.range.base + report.range.count - 1;
  const out: string[] = [...header, style.bold(`simctl sweep  ${optionsLine(report.target, `seeds=${report.range.base}..${last}`, report.options)}`), ""];
  const table = new Table({ head: ["seeds", "passed", "failed", "steps", "steps/s", "wall"], style: { head: [], border: [] } });
  const perSecond = wallMs > 0 ? Math.round((report.totalSteps / wallMs) * 1000) : 0;
  table.push([report.range.count, report.passed, report.failed, report.totalSteps, perSecond, `${(wallMs / 1000).toFixed(2)} s`]);
  out.push(table.toString(), "", style.bold("Histogram"), renderHistogram(report.histogram, style));
  out.push(report.unreached.length === 0 ? "Unreached kinds: none" : style.yellow(`Unreached kinds (${report.unreached.length}): ${report.unreached.join(", ")}`), "");
  if (report.failures.length > 0) out.push(renderFailures(report.failures, ctx));
  out.push(verdictLine(report.failed, report.range.count, style));
  return out.join("\n") + "\n";
}

function renderFailures(failures: readonly RunResult[], ctx: TextContext): string {
  const out = [ctx.style.bold(`Violations (${failures.length} failing seed${failures.length === 1 ? "" : "s"})`), ""];
  failures.forEach((result, i) => {
    if (i < DETAILED_FAILURES) out.push(renderViolationBlock(result, ctx));
    else {
      const v = result.violations[0] as Violation;
      out.push(`${ctx.style.red("✗")} seed ${result.seed}: ${v.invariant} at step #${v.step}: ${v.message}`, `    replay: ${ctx.replay(result.seed, result.traceHash)}`);
    }
  });
  return out.join("\n") + "\n";
}

/** A failing run in full: each violation, the last ops and events, the replay command. */
export function renderViolationBlock(result: RunResult, ctx: TextContext): string {
  const { style, target } = ctx;
  const out: string[] = [];
  for (const v of result.violations) {
    out.push(`${style.red("✗")} seed ${v.seed}: ${style.red.bold(v.invariant)} at step #${v.step} (t=${v.timeMs} ms)`);
    const statement = target.invariants[v.invariant];
    if (statement !== undefined) out.push(`    ${style.dim(statement)}`);
    out.push(`    ${v.message}`);
    if (v.details !== undefined) out.push(...JSON.stringify(v.details, null, 2).split("\n").map((l) => `    ${style.dim(l)}`));
  }
  if (result.swarm !== undefined) out.push(`    ${style.dim(`swarm: ${describeSwarm(result.swarm)}`)}`);
  if (result.recentOps !== undefined && result.recentOps.length > 0) {
    out.push("    last ops:", ...result.recentOps.map((line) => `      ${line}`));
  }
  if (result.recent !== undefined && result.recent.length > 0) {
    out.push("    last events:", ...result.recent.map((e) => `      #${e.step} t=${e.timeMs} ${e.kind} ${e.a} ${e.b}`));
  }
  out.push(`    replay: ${style.cyan(ctx.replay(result.seed, result.traceHash))}`, "");
  return out.join("\n");
}

export function renderRunText(result: RunResult, wallMs: number, ctx: TextContext, header: string[] = []): string {
  const { style } = ctx;
  const out = [...header, style.bold(`simctl run  ${optionsLine(result.target, `seed=${result.seed}`, result.options)}`), ""];
  const table = new Table({ head: ["steps", "sim time", "trace hash", "wall"], style: { head: [], border: [] } });
  table.push([result.steps, `${result.timeMs} ms`, result.traceHash, `${wallMs.toFixed(0)} ms`]);
  out.push(table.toString(), "", style.bold("Histogram"), renderHistogram(result.histogram, style));
  if (result.violations.length > 0) out.push(renderViolationBlock(result, ctx));
  out.push(verdictLine(result.violations.length > 0 ? 1 : 0, 1, style));
  return out.join("\n") + "\n";
}

/** Where a replay first differs from its recording, and what each side did there. */
export function renderDivergence(d: Divergence, style: Style): string {
  const sameOp = d.recorded.op === d.replayed.op;
  const out = [
    style.red.bold(`DIVERGENCE at step ${d.step}: the first step whose state differs from the recording`),
    `    recorded: state ${d.recorded.state}, op digest ${d.recorded.op}`,
    `    replayed: state ${d.replayed.state}, op digest ${d.replayed.op}: ${d.opText}`,
    sameOp
      ? "    same op, different outcome: the code changed, or something in the run is nondeterministic"
      : "    the op differs from the recorded one: the replay file was edited, or the op generator changed",
  ];
  if (d.events.length > 0) out.push("    replayed events at this step:", ...d.events.map((e) => `      #${e.step} t=${e.timeMs} ${e.kind} ${e.a} ${e.b}`));
  return out.join("\n");
}

export function describeSwarm(choice: SwarmChoice): string {
  const faults = choice.disabledFaults.length > 0 ? choice.disabledFaults.join(", ") : "none";
  const weights = choice.weights !== undefined ? Object.entries(choice.weights).map(([k, w]) => `${k}=${w}`).join(" ") : "(target's own)";
  return `faults off: ${faults}; op weights: ${weights}`;
}

function verdictLine(failed: number, total: number, style: Style): string {
  if (failed === 0) return style.green.bold(`PASS: ${total} seed${total === 1 ? "" : "s"}, no violation`);
  return style.red.bold(`FAIL: ${failed} of ${total} seed${total === 1 ? "" : "s"} violated an invariant`);
}
