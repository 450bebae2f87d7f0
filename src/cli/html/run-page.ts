/**
 * The page of one run (`simctl run|replay --html`, and each run page of `sweep --reporter html`):
 * the line to copy (the replay command), what the run was (seed, target, options, swarm choice),
 * its violations, the timeline of the drawn window with the violation at its step, the client
 * history with its linearizability witness when the violation has one, and the numbered steps,
 * each linked to its place on the timeline. It opens at the violation.
 */
import { DRAWN_OPS_MAX, type DrawnOp, type HistoryDrawing } from "../../check/linearizability/drawing.js";
import type { RunResult } from "../../core/run.js";
import { seedStatus } from "../../core/sweep.js";
import type { Violation } from "../../core/target.js";
import { describeSwarm, optionsLine, safeJson } from "../reporters/text.js";
import { RECORDED_STEPS_MAX, type OpSpan, type TimelineData } from "./collect.js";
import { HISTORY_CSS, HISTORY_LEGEND, historySvg } from "./history-svg.js";
import { layout, type Layout } from "./layout.js";
import { clipText, esc, page } from "./page.js";
import { CSS as TIMELINE_CSS, timelineSvg } from "./timeline-svg.js";

export interface RunPageInput {
  readonly result: RunResult;
  readonly timeline: TimelineData;
  /** The command that replays this run. */
  readonly replay: string;
  readonly targetSpec: string;
  /** The target's invariants: id -> statement. */
  readonly invariants: Readonly<Record<string, string>>;
  /** What a replay found wrong beside the run itself (nondeterminism, a different violation). */
  readonly notes?: readonly string[] | undefined;
}

const CSS = `
html{scroll-padding-top:48px}
nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #d0d7de;padding:6px 24px;display:flex;gap:18px;align-items:baseline}
nav .verdict{font-weight:bold}
#violation-summary{color:#cf222e;font-weight:600;max-width:70%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.violations li{margin:6px 0}.statement{color:#57606a}
#repro li{font:12px ui-monospace,monospace;margin:2px 0}.fault{color:#9a6700}
.scroll{overflow-x:auto}
${TIMELINE_CSS}${HISTORY_CSS}`;

/** Opens at the violation unless the address names a place. */
const SCRIPT = `if(!location.hash){var v=document.getElementById("violation");if(v)v.scrollIntoView({block:"center"});}`;

export function renderRunPage(input: RunPageInput): string {
  const r = input.result;
  const status = seedStatus(r);
  const first = r.violations[0] ?? r.inconclusive[0];
  const notes = input.notes ?? [];
  const word = verdictWord(status, notes);
  const l = layoutOf(input, first);
  const drawn = first !== undefined && l.violationRow !== null;
  const nav = `<nav><span class="verdict ${status === "passed" ? "ok" : status === "inconclusive" ? "unknown" : "bad"}">${word}</span>${
    first !== undefined ? `<a id="violation-summary" href="${drawn ? "#violation" : "#violations"}">${esc(clipText(`${first.invariant} ${where(first, r.steps)}: ${first.message}`, 300))}</a>` : ""
  }<a href="#header">run</a><a href="#timeline-section">timeline</a>${historyOf(first) !== undefined ? `<a href="#history">history</a>` : ""}<a href="#repro-section">steps</a></nav>`;
  const noted = notes.length > 0 ? `<section id="notes" class="bad">${notes.map((n) => `<p><b>${esc(clipText(n, 2_000))}</b></p>`).join("")}</section>` : "";
  const body = [nav, "<main>", noted, header(input, word), violationsHtml(r, input.invariants), timelineSection(input, l, first, r.steps), historySection(first), reproSection(input), "</main>"];
  return page(`simctl ${word}: ${r.target} seed ${r.seed}`, CSS, body.join("\n"), SCRIPT);
}

/** The page's verdict: what a replay found wrong first, else the run's own. */
function verdictWord(status: ReturnType<typeof seedStatus>, notes: readonly string[]): string {
  if (notes.length === 1 && notes[0]!.startsWith("NOT REPRODUCED")) return "NOT REPRODUCED";
  if (notes.length > 0) return "NONDETERMINISM";
  return status === "passed" ? "PASS" : status === "inconclusive" ? "INCONCLUSIVE" : "FAIL";
}

function header(input: RunPageInput, word: string): string {
  const r = input.result;
  const rows: [string, string][] = [
    ["target", input.targetSpec],
    ["seed", String(r.seed)],
    ["options", optionsLine(r.target, `seed=${r.seed}`, r.options)],
    ["swarm", r.swarm !== undefined ? describeSwarm(r.swarm) : "off"],
    ["verdict", `${word}: ${r.violations.length} violation(s), ${r.inconclusive.length} inconclusive`],
    ["steps", `${r.steps} ops, ${r.timeMs} simulated ms`],
    ["trace hash", r.traceHash],
  ];
  const table = rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(clipText(v, 2_000))}</td></tr>`).join("");
  return `<section id="header"><h1>simctl: ${esc(r.target)} seed ${r.seed}</h1><table>${table}</table><p>Replay it:</p><pre class="replay-command">${esc(input.replay)}</pre></section>`;
}

function violationsHtml(r: RunResult, invariants: Readonly<Record<string, string>>): string {
  const all = [...r.violations, ...r.inconclusive];
  if (all.length === 0) return "";
  const items = all.slice(0, 20).map((v) => {
    const statement = Object.hasOwn(invariants, v.invariant) ? `<div class="statement">${esc(clipText(String(invariants[v.invariant]), 500))}</div>` : "";
    return `<li><span class="${v.inconclusive === true ? "unknown" : "bad"}"><b>${esc(clipText(v.invariant, 100))}</b>${v.inconclusive === true ? " inconclusive" : ""} ${where(v, r.steps)} (t=${v.timeMs} ms)</span>: ${esc(clipText(v.message, 2_000))}${statement}${detailsHtml(v)}</li>`;
  });
  const cut = all.length > 20 ? `<li class="dim">… and ${all.length - 20} more</li>` : "";
  return `<section id="violations"><h2>Violations</h2><ul class="violations">${items.join("")}${cut}</ul></section>`;
}

/**
 * A violation found after the last op (the liveness phase, finish) is at the end of the run; a
 * run lost to a hang or crash names the step it was at.
 */
export function where(v: Violation, steps: number): string {
  return v.step >= steps && v.invariant !== "hang" && v.invariant !== "crash" ? "at the end of the run" : `at step #${v.step}`;
}

/** A witness's lines as lines; other details as JSON; the history drawing is drawn, not printed. */
function detailsHtml(v: Violation): string {
  const { history: _drawn, witness, ...rest } = v.details ?? {};
  const lines = Array.isArray(witness) && witness.every((l) => typeof l === "string") ? `<pre>${esc(clipText((witness as string[]).join("\n"), DETAIL_CHARS))}</pre>` : "";
  const other = witness !== undefined && lines === "" ? { witness, ...rest } : rest;
  const json = Object.keys(other).length > 0 ? `<pre>${esc(clipText(safeJson(other), DETAIL_CHARS))}</pre>` : "";
  return lines + json;
}

function layoutOf(input: RunPageInput, first: Violation | undefined): Layout {
  return layout(input.timeline, first !== undefined ? [first] : []);
}

function timelineSection(input: RunPageInput, l: Layout, first: Violation | undefined, steps: number): string {
  const t = input.timeline;
  const outside = first !== undefined && l.violationRow === null ? `<p class="bad">The ${first.inconclusive === true ? "inconclusive entry" : "violation"} (${where(first, steps)}) is outside the drawn range.</p>` : "";
  const last = t.first + t.entries.length - 1;
  const span = t.entries.length > 0 ? `steps #${t.entries[0]!.step}..#${t.entries[t.entries.length - 1]!.step}` : "no steps";
  const range = t.entries.length === 0 ? "No trace entries in the range." : `Trace entries #${t.first}..#${last} of ${t.total} (${span})${t.cut > 0 ? `; ${t.cut} earlier entries of the range left out (at most ${t.request.maxEntries} are drawn)` : ""}.`;
  const other = `Draw other steps: <code>${esc(input.replay)} --html FILE --html-steps FROM..TO</code>`;
  const legend = `<p class="dim">Time runs down; ${l.lanes.length > 1 ? "one column per node, and one for the clients" : "one column for the whole system"}. Arrows: messages (dashed: a duplicate; ending in a cross: dropped). Bands: red a crash, yellow a pause, purple a partition, blue a clog. Blue bars: ops from start to answer. Red rows: the violating step and what it caused.</p>`;
  return `<section id="timeline-section"><h2>Timeline</h2><p>${range} ${other}</p>${outside}${legend}<div class="scroll">${timelineSvg(l, first !== undefined && first.step < steps ? first.step : undefined, first !== undefined ? where(first, steps) : "")}</div></section>`;
}

/** Characters of one violation's details shown. */
const DETAIL_CHARS = 20_000;

/** The witness's history drawing, when the details hold a well-formed one (a target may put anything there). */
function historyOf(v: Violation | undefined): HistoryDrawing | undefined {
  const h = v?.details?.["history"] as Partial<HistoryDrawing> | undefined;
  if (h === undefined || h === null || typeof h !== "object") return undefined;
  const ids = (x: unknown): boolean => Array.isArray(x) && x.every((id) => typeof id === "number");
  const op = (o: unknown): boolean => {
    const d = o as Partial<DrawnOp> | null;
    return d !== null && typeof d === "object" && typeof d.id === "number" && typeof d.process === "string" && typeof d.text === "string" && Number.isFinite(d.call) && (d.ret === null || Number.isFinite(d.ret));
  };
  const ok = Array.isArray(h.ops) && h.ops.length <= DRAWN_OPS_MAX && h.ops.every(op) && ids(h.linearized) && ids(h.stuck) && (h.partition === undefined || typeof h.partition === "string");
  return ok ? ({ omitted: typeof h.omitted === "number" ? h.omitted : 0, ...h } as HistoryDrawing) : undefined;
}

function historySection(v: Violation | undefined): string {
  const h = historyOf(v);
  if (h === undefined) return "";
  const order = new Map(h.linearized.map((id, i) => [id, i + 1]));
  const omitted = h.omitted > 0 ? ` (${h.omitted} more operations of the partition not drawn)` : "";
  return `<section id="history"><h2>Client history${h.partition !== undefined ? ` at ${esc(h.partition)}` : ""}</h2><p>The failing partition, ${h.ops.length} operations${omitted}: where linearization got stuck.</p>${HISTORY_LEGEND}<div class="scroll">${historySvg(h.ops, order, new Set(h.stuck))}</div></section>`;
}

/** Steps listed at most (a long run's page still loads), and characters of each. */
const STEPS_LISTED = 1_000;
const STEP_CHARS = 300;

function reproSection(input: RunPageInput): string {
  const t = input.timeline;
  const recorded = input.result.recorded;
  const listed = t.spans.slice(-STEPS_LISTED);
  const before = listed.length > 0 ? listed[0]!.step : 0;
  const unrecorded = recorded === undefined && listed.length > 0 ? `<p class="dim">The run was not recorded (over ${RECORDED_STEPS_MAX.toLocaleString("en-US")} steps): its fault decisions are not listed.</p>` : "";
  const note = (before > 0 ? `<p class="dim">Steps #0..#${before - 1} are not listed (the last ${STEPS_LISTED} are).</p>` : "") + unrecorded;
  // Drawn: a step whose op started within the kept entries (earlier ones are listed, unlinked).
  const drawn = (s: OpSpan): boolean => t.entries.length > 0 && s.startEntry >= t.first;
  const items = listed.map((s) => {
    const faults = (recorded?.[s.step]?.faults ?? []).map((f) => `${f.kind}${f.value !== undefined ? ` ${f.value}` : ""}${f.on !== undefined ? ` on ${f.on}` : ""}`);
    const tail = faults.length > 0 ? ` <span class="fault">[fault: ${esc(clipText(faults.join(", "), STEP_CHARS))}]</span>` : "";
    const label = drawn(s) ? `<a href="#step-${s.step}">#${s.step}</a>` : `<span class="dim" title="before the drawn range">#${s.step}</span>`;
    return `<li value="${s.step}">${label} t=${s.startMs}ms ${esc(clipText(s.text, STEP_CHARS))}${tail}</li>`;
  });
  return `<section id="repro-section"><h2>Steps (${input.result.steps})</h2>${note}<ol id="repro" start="${before}">${items.join("")}</ol></section>`;
}
