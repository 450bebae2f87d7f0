/**
 * The text reporter: the options first (so a reader can replay without guessing), a summary
 * table, the histogram, unreached kinds, then each violation with its recent trace and the exact
 * command that replays it, then each inconclusive seed (a check that ran out of budget) the same
 * way, labelled inconclusive.
 */
import Table from "cli-table3";
import type { ResolvedOptions } from "../../core/options.js";
import type { Divergence } from "../../core/checkpoints.js";
import type { RunResult } from "../../core/run.js";
import type { SwarmChoice } from "../../core/swarm.js";
import type { FailureDoc, SweepDoc } from "../../core/report.js";
import type { Violation } from "../../core/target.js";
import type { TraceEntry } from "../../core/trace.js";
import { faultsLine, histogramLegend, invariantsLine } from "./checked.js";
import { eventLine } from "./events.js";
import { renderHistogram } from "./histogram.js";
import type { Style } from "./style.js";

/** Failing seeds shown with their full trace; the next ones up to FAILURES_SHOWN get two lines each. */
const DETAILED_FAILURES = 5;
/** Failing (and, separately, inconclusive) seeds listed at all; the rest are counted per invariant. */
export const FAILURES_SHOWN = 20;
/** Entries shown per failing seed in the text output (the JSON report keeps up to 10). */
const ENTRIES_SHOWN = 5;

export interface TextContext {
  readonly style: Style;
  /** Invariant statements by id (empty when the target is not at hand, e.g. in a merge). */
  readonly invariants: Readonly<Record<string, string>>;
}

/** What the text reporter shows of a failing seed: a run result or a report's failure entry. */
export interface FailureView {
  readonly seed: number;
  readonly traceHash: string;
  readonly violations: readonly Pick<Violation, "invariant" | "message" | "step" | "timeMs" | "seed" | "details" | "inconclusive">[];
  readonly recentOps?: readonly string[] | undefined;
  readonly recent?: readonly TraceEntry[] | undefined;
  readonly swarm?: SwarmChoice | undefined;
  readonly replay: string;
  readonly truncated?: FailureDoc["truncated"];
}

export function optionsLine(target: string, seeds: string, o: ResolvedOptions): string {
  const weights = o.weights !== undefined ? ` weights=${JSON.stringify(o.weights)}` : "";
  const flags = `${o.keepGoing ? " keep-going" : ""}${o.swarm ? " swarm" : ""}`;
  const timing = ` think-ms=${o.thinkMsMin}..${o.thinkMsMax} liveness-ms=${o.livenessMsMax}`;
  return `target=${target} ${seeds} ops=${o.ops} fault-level=${o.faultLevel} workload=${o.workload} bug=${o.bug ?? "none"}${timing}${flags}${weights}`;
}

export function renderSweepText(doc: SweepDoc, ctx: TextContext, header: string[] = []): string {
  const { style } = ctx;
  const sum = doc.summary;
  const last = doc.range.base + (doc.range.count - 1);
  const shard = doc.shard !== undefined ? ` shard=${doc.shard.index}/${doc.shard.count}` : "";
  const target = doc.impl !== undefined ? `${doc.target} impl=${doc.impl}` : doc.target;
  const out: string[] = [...header, style.bold(`simctl sweep  ${optionsLine(target, `seeds=${doc.range.base}..${last}${shard}`, doc.options)}`)];
  out.push(...invariantsLine(doc.invariants), faultsLine(doc.options), "");
  const head = ["seeds", "passed", "failed", "inconclusive", "errored", "not run", "steps", "steps/s", "wall"];
  const table = new Table({ head, style: { head: [], border: [] } });
  const perSecond = sum.wallMs > 0 ? Math.round((sum.steps / sum.wallMs) * 1000) : 0;
  table.push([sum.seeds, sum.passed, sum.failed, sum.inconclusive, sum.errored, sum.notRun, sum.steps, perSecond, `${(sum.wallMs / 1000).toFixed(2)} s`]);
  out.push(table.toString(), "", `${style.bold("Histogram")}  ${style.dim(`(${histogramLegend(true)})`)}`, renderHistogram(doc.histogram, style));
  out.push(doc.unreached.length === 0 ? "Unreached kinds: none" : style.yellow(`Unreached kinds (${doc.unreached.length}): ${doc.unreached.join(", ")}`), "");
  const failing = doc.failures.filter((f) => f.status !== "inconclusive");
  const inconclusive = doc.failures.filter((f) => f.status === "inconclusive");
  if (failing.length > 0) out.push(renderFailures(style.bold(`Violations (${plural(failing.length, "failing seed")})`), failing, ctx));
  if (inconclusive.length > 0) out.push(renderFailures(style.bold(`Inconclusive (${plural(inconclusive.length, "seed")}: a check ran out of budget; not a violation)`), inconclusive, ctx));
  if (doc.stopped !== undefined) out.push(style.yellow(`Stopped early: ${doc.stopped.message}; ${plural(sum.notRun, "seed")} not run`));
  if (doc.determinism !== undefined) out.push(renderDeterminism(doc.determinism, style));
  out.push(verdictLine(sum, style));
  return out.join("\n") + "\n";
}

/** What `--check-determinism` found: one line when all repeated, else each seed that did not. */
function renderDeterminism(d: NonNullable<SweepDoc["determinism"]>, style: Style): string {
  const head = `Determinism: ${plural(d.checked, "seed")} (${d.percent}%) run twice more`;
  if (d.nondeterministic.length === 0) return `${head}: every one repeated its op list, state, trace hash and verdict\n`;
  const lines = d.nondeterministic.slice(0, 20).map((n) => `  seed ${n.seed}${n.step !== null ? ` at step #${n.step}` : ""}: ${n.what}`);
  if (d.nondeterministic.length > 20) lines.push(`  … and ${d.nondeterministic.length - 20} more (in the JSON report)`);
  return style.red.bold(`NONDETERMINISM: ${head}; ${d.nondeterministic.length} did not repeat:`) + "\n" + lines.join("\n") + "\n";
}

function renderFailures(title: string, failures: readonly FailureView[], ctx: TextContext): string {
  const out = [title, ""];
  failures.slice(0, FAILURES_SHOWN).forEach((f, i) => {
    if (i < DETAILED_FAILURES) out.push(renderViolationBlock(f, ctx));
    else {
      const v = f.violations[0]!;
      out.push(`${mark(v, ctx.style)} seed ${f.seed}: ${label(v)} at step #${v.step}: ${v.message}`, `    replay: ${f.replay}`);
    }
  });
  if (failures.length > FAILURES_SHOWN) {
    out.push("", `… and ${plural(failures.length - FAILURES_SHOWN, "more seed")} like these (every seed and its replay command is in the JSON report: --reporter json:FILE)`, "");
    out.push(renderInvariantCounts(failures, ctx.style));
  }
  return out.join("\n") + "\n";
}

/** Seeds per invariant (of each seed's first entry), most frequent first, with the lowest seed of each. */
export function invariantCounts(failures: readonly Pick<FailureView, "seed" | "violations">[]): { invariant: string; seeds: number; first: number }[] {
  const rows = new Map<string, { invariant: string; seeds: number; first: number }>();
  for (const f of failures) {
    const v = f.violations[0];
    if (v === undefined) continue;
    const key = label(v);
    const row = rows.get(key);
    if (row === undefined) rows.set(key, { invariant: key, seeds: 1, first: f.seed });
    else {
      row.seeds++;
      row.first = Math.min(row.first, f.seed);
    }
  }
  return [...rows.values()].sort((a, b) => b.seeds - a.seeds || a.first - b.first);
}

function renderInvariantCounts(failures: readonly FailureView[], style: Style): string {
  const table = new Table({ head: ["invariant", "seeds", "first seed"], style: { head: [], border: [] } });
  for (const row of invariantCounts(failures)) table.push([row.invariant, row.seeds, row.first]);
  return `${style.bold("By invariant")}\n${table.toString()}\n`;
}

/** `cut to keep the report small: 12 more entries, 4000 characters` for a failure entry's `truncated`. */
export function describeCuts(t: NonNullable<FailureDoc["truncated"]>): string {
  const n = (count: number | undefined, one: string, many: string): string[] => (count === undefined ? [] : [`${count} ${count === 1 ? one : many}`]);
  const parts = [
    ...n(t.entries, "more entry", "more entries"),
    ...n(t.recentOps, "op line", "op lines"),
    ...n(t.recent, "trace entry", "trace entries"),
    ...n(t.details, "entry's details", "entries' details"),
    ...n(t.chars, "character", "characters"),
  ];
  return `cut to keep the report small: ${parts.join(", ")}`;
}

/** A failing or inconclusive run in full: each entry, the last ops and events, the replay command. */
export function renderViolationBlock(f: FailureView, ctx: TextContext): string {
  const { style } = ctx;
  const out: string[] = [];
  for (const { v, times } of collapse(f.violations.slice(0, ENTRIES_SHOWN))) {
    const colour = v.inconclusive === true ? style.yellow.bold : style.red.bold;
    const repeated = times > 1 ? ` ${style.dim(`(×${times}: the same entry, reported ${times} times in the step)`)}` : "";
    out.push(`${mark(v, style)} seed ${v.seed}: ${colour(label(v))} at step #${v.step} (t=${v.timeMs} ms)${repeated}`);
    const statement = Object.hasOwn(ctx.invariants, v.invariant) ? ctx.invariants[v.invariant] : undefined;
    if (typeof statement === "string") out.push(`    ${style.dim(statement)}`);
    out.push(`    ${v.message}`);
    if (v.details !== undefined) out.push(...detailLines(v.details).map((l) => `    ${style.dim(l)}`));
  }
  if (f.violations.length > ENTRIES_SHOWN) out.push(`    ${style.dim(`… and ${f.violations.length - ENTRIES_SHOWN} more entries (in the JSON report)`)}`);
  if (f.swarm !== undefined) out.push(`    ${style.dim(`swarm: ${describeSwarm(f.swarm)}`)}`);
  if (f.recentOps !== undefined && f.recentOps.length > 0) out.push("    last ops:", ...f.recentOps.map((line) => `      ${line}`));
  if (f.recent !== undefined && f.recent.length > 0) out.push("    last events:", ...f.recent.map((e) => `      ${eventLine(e)}`));
  if (f.truncated !== undefined) out.push(`    ${style.dim(`(${describeCuts(f.truncated)})`)}`);
  out.push(`    replay: ${style.cyan(f.replay)}`, "");
  return out.join("\n");
}

export function renderRunText(result: RunResult, wallMs: number, ctx: TextContext, replay: string, header: string[] = []): string {
  const { style } = ctx;
  const out = [...header, style.bold(`simctl run  ${optionsLine(result.target, `seed=${result.seed}`, result.options)}`)];
  out.push(...invariantsLine(Object.keys(ctx.invariants)), faultsLine(result.options), "");
  const table = new Table({ head: ["steps", "sim time", "trace hash", "wall"], style: { head: [], border: [] } });
  table.push([result.steps, `${result.timeMs} ms`, result.traceHash, `${wallMs.toFixed(0)} ms`]);
  out.push(table.toString(), "", `${style.bold("Histogram")}  ${style.dim(`(${histogramLegend(false)})`)}`, renderHistogram(result.histogram, style));
  const entries = [...result.violations, ...result.inconclusive];
  if (entries.length > 0) out.push(renderViolationBlock({ ...result, violations: entries, replay }, ctx));
  const failed = result.violations.length > 0 ? 1 : 0;
  const inconclusive = failed === 0 && result.inconclusive.length > 0 ? 1 : 0;
  out.push(verdictLine({ seeds: 1, passed: 1 - failed - inconclusive, failed, inconclusive, errored: 0, notRun: 0 }, style));
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
  if (d.events.length > 0) out.push("    replayed events at this step:", ...d.events.map((e) => `      ${eventLine(e)}`));
  return out.join("\n");
}

export function describeSwarm(choice: SwarmChoice): string {
  const faults = choice.disabledFaults.length > 0 ? choice.disabledFaults.join(", ") : "none";
  const weights = choice.weights !== undefined ? Object.entries(choice.weights).map(([k, w]) => `${k}=${w}`).join(" ") : "(target's own)";
  return `faults off: ${faults}; op weights: ${weights}`;
}

/** The five-way accounting every reporter shows. */
export function seedCounts(sum: SeedCounts): string {
  return `${sum.passed} passed, ${sum.failed} failed, ${sum.inconclusive} inconclusive, ${sum.errored} errored, ${sum.notRun} not run`;
}

interface SeedCounts {
  seeds: number;
  passed: number;
  failed: number;
  inconclusive: number;
  errored: number;
  notRun: number;
}

function verdictLine(sum: SeedCounts, style: Style): string {
  const counts = seedCounts(sum);
  const bad = sum.failed + sum.errored;
  if (bad > 0) return style.red.bold(`FAIL: ${bad} of ${plural(sum.seeds, "seed")} violated an invariant (${counts})`);
  if (sum.notRun > 0) return style.yellow.bold(`INCOMPLETE: ${counts}`);
  if (sum.inconclusive > 0) return style.yellow.bold(`INCONCLUSIVE: ${plural(sum.seeds, "seed")}, no violation, ${sum.inconclusive} inconclusive (${counts})`);
  return style.green.bold(`PASS: ${plural(sum.seeds, "seed")}, no violation (${counts})`);
}

/**
 * Consecutive identical entries (same invariant, step, message and details), as a check that
 * reads one key twice in a batch reports them, shown once with a count.
 */
function collapse<V extends Pick<Violation, "invariant" | "message" | "step" | "details" | "inconclusive">>(entries: readonly V[]): { v: V; times: number }[] {
  const out: { v: V; times: number; key: string }[] = [];
  for (const v of entries) {
    const key = `${v.invariant}\0${v.step}\0${v.inconclusive === true}\0${v.message}\0${safeJson(v.details ?? null)}`;
    const last = out[out.length - 1];
    if (last !== undefined && last.key === key) last.times++;
    else out.push({ v, times: 1, key });
  }
  return out;
}

/**
 * A target's details as lines. A linearizability witness's `history` (the operations as data, for
 * `--html` to draw) is summed up in one line: its `witness` lines already say it in words.
 */
function detailLines(details: Readonly<Record<string, unknown>>): string[] {
  const { history, ...rest } = details;
  const ops = (history as { ops?: unknown } | undefined)?.ops;
  if (history === undefined || !Array.isArray(ops)) return safeJson(details).split("\n");
  return [...safeJson(rest).split("\n"), `(history: ${ops.length} operations as data, drawn by --html)`];
}

/** JSON of a target's details for display; never throws (a cycle, a BigInt). */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v), 2) ?? String(value);
  } catch (err) {
    return `(details cannot be shown: ${(err as Error).message})`;
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function mark(v: Pick<Violation, "inconclusive">, style: Style): string {
  return v.inconclusive === true ? style.yellow("?") : style.red("✗");
}

function label(v: Pick<Violation, "invariant" | "inconclusive">): string {
  return v.inconclusive === true ? `${v.invariant} inconclusive` : v.invariant;
}
