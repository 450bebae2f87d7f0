/**
 * The visual witness of `simctl lincheck --html`: a self-contained page (inline SVG, no scripts,
 * no external assets) per history, one lane per process, one bar per operation from call to
 * return. For a history that is not linearizable, the operations of the longest valid order are
 * green and numbered, and those none of which fit next are red: where linearization failed.
 */
import type { LinearizabilityResult, Model, Operation } from "../../index.js";

export interface HtmlEntry {
  readonly file: string;
  readonly history: readonly Operation[];
  readonly result: LinearizabilityResult;
  readonly model: Model<unknown, unknown, unknown>;
}

const LANE = 28;
const LEFT = 90;
const WIDTH = 1100;

export function renderLincheckHtml(entries: readonly HtmlEntry[]): string {
  const sections = entries.map(section).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>simctl lincheck</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}
h2{font-size:16px;margin:28px 0 6px} .verdict{font-weight:bold}
.ok{color:#1a7f37}.bad{color:#cf222e}.unknown{color:#9a6700}
svg{border:1px solid #ddd;background:#fafafa} text{font:11px monospace}
pre{background:#f6f8fa;padding:8px;overflow:auto}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
</style></head><body>
<h1>simctl lincheck</h1>
<p class="legend"><span style="background:#8ca3c7"></span>operation <span style="background:#57ab5a"></span>placed in the longest valid order (numbered) <span style="background:#e5534b"></span>none of these fits next <span style="background:#c9ccd1"></span>no response (open)</p>
${sections}
</body></html>
`;
}

function section(e: HtmlEntry): string {
  const r = e.result;
  const cls = r.verdict === "linearizable" ? "ok" : r.verdict === "unknown" ? "unknown" : "bad";
  const extra = r.verdict === "unknown" ? ` (${escape(r.reason)})` : "";
  const witness = r.verdict === "not linearizable" ? r.witness : undefined;
  const order = new Map((witness?.linearized ?? []).map((op, i) => [op.id, i + 1]));
  const stuck = new Set((witness?.stuck ?? []).map((op) => op.id));
  const partIds = new Set((witness?.partition ?? e.history).map((op) => op.id));
  const ops = witness !== undefined ? e.history.filter((op) => partIds.has(op.id)) : e.history;
  const lines = witness !== undefined ? `<pre>state after the longest valid order: ${escape(witness.state)}</pre>` : "";
  return `<h2>${escape(e.file)}</h2><p class="verdict ${cls}">${r.verdict}${extra}: ${e.history.length} operations, ${r.partitions} partition(s)${witness !== undefined ? `; showing the failing partition (${ops.length} operations)` : ""}</p>${svg(ops, e.model, order, stuck)}${lines}`;
}

function svg(ops: readonly Operation[], model: Model<unknown, unknown, unknown>, order: ReadonlyMap<number, number>, stuck: ReadonlySet<number>): string {
  const processes = [...new Set(ops.map((op) => op.process))];
  const finite = ops.flatMap((op) => [op.call, ...(op.ret === Infinity ? [] : [op.ret])]);
  const t0 = Math.min(...finite, 0);
  const t1 = Math.max(...finite, t0 + 1) + 1;
  const x = (t: number): number => LEFT + ((Math.min(t, t1) - t0) / (t1 - t0)) * (WIDTH - LEFT - 10);
  const lanes = processes.map((p, i) => `<text x="4" y="${i * LANE + 18}">${escape(p)}</text><line x1="${LEFT}" x2="${WIDTH}" y1="${i * LANE + 26}" y2="${i * LANE + 26}" stroke="#eee"/>`);
  const bars = ops.map((op) => {
    const lane = processes.indexOf(op.process);
    const open = op.ret === Infinity;
    const fill = stuck.has(op.id) ? "#e5534b" : order.has(op.id) ? "#57ab5a" : open ? "#c9ccd1" : "#8ca3c7";
    const x1 = x(op.call);
    const x2 = Math.max(x1 + 4, x(open ? t1 : op.ret));
    const label = `${order.has(op.id) ? `${order.get(op.id)}. ` : ""}${model.describe(op).replace(/^[^:]*: /, "")}`;
    return `<g><title>${escape(model.describe(op))}</title><rect x="${x1}" y="${lane * LANE + 6}" width="${x2 - x1}" height="${LANE - 10}" rx="3" fill="${fill}"/><text x="${x1 + 3}" y="${lane * LANE + 20}">${escape(label)}</text></g>`;
  });
  return `<svg width="${WIDTH}" height="${processes.length * LANE + 8}">${lanes.join("")}${bars.join("")}</svg>`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
