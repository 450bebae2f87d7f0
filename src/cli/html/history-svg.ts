/**
 * A client history drawn as bars, one lane per process, one bar per operation from call to
 * return: `simctl lincheck --html` and the history section of a run page share it. Operations of
 * the longest valid order are green and numbered; those none of which fits next are red.
 */
import type { DrawnOp } from "../../check/linearizability/drawing.js";
import { esc } from "./page.js";

const LANE = 28;
const LEFT = 90;
const WIDTH = 1100;

export const HISTORY_LEGEND = `<p class="legend"><span style="background:#8ca3c7"></span>operation <span style="background:#57ab5a"></span>placed in the longest valid order (numbered) <span style="background:#e5534b"></span>none of these fits next <span style="background:#c9ccd1"></span>no response (open)</p>`;

export const HISTORY_CSS = `.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
svg.history{border:1px solid #ddd;background:#fafafa}`;

export function historySvg(ops: readonly DrawnOp[], order: ReadonlyMap<number, number>, stuck: ReadonlySet<number>): string {
  const processes = [...new Set(ops.map((op) => op.process))];
  const finite = ops.flatMap((op) => [op.call, ...(op.ret === null ? [] : [op.ret])]);
  const t0 = Math.min(...finite, 0);
  const t1 = Math.max(...finite, t0 + 1) + 1;
  const x = (t: number): number => LEFT + ((Math.min(t, t1) - t0) / (t1 - t0)) * (WIDTH - LEFT - 10);
  const lanes = processes.map((p, i) => `<text x="4" y="${i * LANE + 18}">${esc(p.slice(0, 12))}</text><line x1="${LEFT}" x2="${WIDTH}" y1="${i * LANE + 26}" y2="${i * LANE + 26}" stroke="#eee"/>`);
  const bars = ops.map((op) => {
    const lane = processes.indexOf(op.process);
    const open = op.ret === null;
    const fill = stuck.has(op.id) ? "#e5534b" : order.has(op.id) ? "#57ab5a" : open ? "#c9ccd1" : "#8ca3c7";
    const x1 = x(op.call);
    const x2 = Math.max(x1 + 4, x(op.ret ?? t1));
    const label = fit(`${order.has(op.id) ? `${order.get(op.id)}. ` : ""}${op.text.replace(/^[^:]*: /, "")}`, x2 - x1 - 6);
    const cls = stuck.has(op.id) ? "hop stuck" : order.has(op.id) ? "hop placed" : "hop";
    return `<g class="${cls}"><title>${esc(op.text.length <= 240 ? op.text : `${op.text.slice(0, 239)}…`)}</title><rect x="${x1}" y="${lane * LANE + 6}" width="${x2 - x1}" height="${LANE - 10}" rx="3" fill="${fill}"/><text x="${x1 + 3}" y="${lane * LANE + 20}">${esc(label)}</text></g>`;
  });
  return `<svg class="history" width="${WIDTH}" height="${processes.length * LANE + 8}">${lanes.join("")}${bars.join("")}</svg>`;
}

/** A label cut to fit a bar `width` px wide (11px monospace: ~6.7px a character); the title has all of it. */
function fit(label: string, width: number): string {
  const chars = Math.floor(width / 6.7);
  if (label.length <= chars) return label;
  return chars < 2 ? "" : `${label.slice(0, chars - 1)}…`;
}
