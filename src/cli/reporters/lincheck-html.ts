/**
 * The visual witness of `simctl lincheck --html`: a self-contained page (inline SVG, no scripts,
 * no external assets) per history, one lane per process, one bar per operation from call to
 * return. For a history that is not linearizable, the operations of the longest valid order are
 * green and numbered, and those none of which fit next are red: where linearization failed.
 */
import type { LinearizabilityResult, Model, Operation } from "../../index.js";
import { drawOp } from "../../check/linearizability/drawing.js";
import { HISTORY_CSS, HISTORY_LEGEND, historySvg } from "../html/history-svg.js";
import { esc, page } from "../html/page.js";

export interface HtmlEntry {
  readonly file: string;
  readonly history: readonly Operation[];
  readonly result: LinearizabilityResult;
  readonly model: Model<unknown, unknown, unknown>;
}

export function renderLincheckHtml(entries: readonly HtmlEntry[]): string {
  const css = `main{padding:24px}.verdict{font-weight:bold}${HISTORY_CSS}`;
  return page("simctl lincheck", css, `<main><h1>simctl lincheck</h1>\n${HISTORY_LEGEND}\n${entries.map(section).join("\n")}\n</main>`);
}

function section(e: HtmlEntry): string {
  const r = e.result;
  const cls = r.verdict === "linearizable" ? "ok" : r.verdict === "unknown" ? "unknown" : "bad";
  const extra = r.verdict === "unknown" ? ` (${esc(r.reason)})` : "";
  const witness = r.verdict === "not linearizable" ? r.witness : undefined;
  const order = new Map((witness?.linearized ?? []).map((op, i) => [op.id, i + 1]));
  const stuck = new Set((witness?.stuck ?? []).map((op) => op.id));
  const partIds = new Set((witness?.partition ?? e.history).map((op) => op.id));
  const ops = witness !== undefined ? e.history.filter((op) => partIds.has(op.id)) : e.history;
  const lines = witness !== undefined ? `<pre>state after the longest valid order: ${esc(witness.state)}</pre>` : "";
  const drawn = ops.map((op) => drawOp(e.model, op));
  return `<h2>${esc(e.file)}</h2><p class="verdict ${cls}">${r.verdict}${extra}: ${e.history.length} operations, ${r.partitions} partition(s)${witness !== undefined ? `; showing the failing partition (${ops.length} operations)` : ""}</p>${historySvg(drawn, order, stuck)}${lines}`;
}
