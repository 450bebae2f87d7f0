/**
 * The timeline as SVG: simulated time runs down the page, one row per trace entry (the time in
 * the left column, the entry's kind and description on the right), one column per lane. Messages
 * are arrows from the sender's row to the receiver's, a dropped one ends in a cross and a
 * duplicate is dashed; crashes, pauses, partitions and clogs are bands down their node's lane; an
 * op is a bar in the clients lane from its start to its answer. The violation is a red row.
 */
import type { TraceEntry } from "../../core/trace.js";
import type { Band, Layout, Message } from "./layout.js";
import { clipText, esc } from "./page.js";

const ROW = 16;
const TOP = 34;
const TIME_W = 78;
const STEP_W = 46;
const LANE_W = 112;
const TEXT_W = 720;

interface Geometry {
  readonly left: number;
  readonly textX: number;
  readonly width: number;
  /** Top of row `row` (entry rows; rows at or after the violation move down one). */
  y(row: number): number;
  laneX(lane: number): number;
}

function geometry(l: Layout): Geometry {
  const left = TIME_W + STEP_W;
  const textX = left + l.lanes.length * LANE_W + 10;
  const v = l.violationRow;
  return {
    left,
    textX,
    width: textX + TEXT_W,
    y: (row) => TOP + (v !== null && row >= v ? row + 1 : row) * ROW,
    laneX: (lane) => left + lane * LANE_W + LANE_W / 2,
  };
}

export const CSS = `
#timeline .row:hover rect.bg{fill:#eaeef2}
#timeline rect.hot{fill:#ffebe9}
#timeline .msg line{stroke:#57606a;stroke-width:1.2}
#timeline .msg.dup line{stroke-dasharray:4 3}
#timeline .msg.dropped line{stroke:#cf222e}
#timeline .band{opacity:.28}
#timeline .band.crash{fill:#cf222e}#timeline .band.pause{fill:#d4a72c}#timeline .band.partition,#timeline .band.partition-other{fill:#8250df}#timeline .band.clog{fill:#0969da}
#timeline .op rect{fill:#54aeff}#timeline .op.open rect{fill:#d0d7de}#timeline .op.failed rect{fill:#ff8182}
#timeline #violation rect{fill:#cf222e}#timeline #violation text{fill:#fff;font-weight:bold}
#timeline #violation.inconclusive rect{fill:#d4a72c}#timeline #violation.inconclusive text{fill:#1f2328}
`;

/** `hotStep`: the step whose rows are tinted; `where`: the violation's place in words. */
export function timelineSvg(l: Layout, hotStep: number | undefined, where: string): string {
  const g = geometry(l);
  const rowsDrawn = l.rows.length + (l.violationRow !== null ? 1 : 0);
  const height = TOP + rowsDrawn * ROW + 12;
  const parts = [
    `<svg id="timeline" width="${g.width}" height="${height}">`,
    `<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#57606a"/></marker></defs>`,
    lanesSvg(l, g, height),
    ...l.bands.map((b) => bandSvg(b, g)),
    ...l.rows.map((e, row) => rowSvg(e, row, l, g, hotStep)),
    ...stepAnchors(l, g),
    ...opsSvg(l, g),
    ...l.messages.map((m) => messageSvg(m, l, g)),
    violationSvg(l, g, where),
    `</svg>`,
  ];
  return parts.join("\n");
}

function lanesSvg(l: Layout, g: Geometry, height: number): string {
  const head = `<text x="4" y="20" class="dim">time</text><text x="${TIME_W}" y="20">step</text><text x="${g.textX}" y="20">event</text>`;
  const lanes = l.lanes.map((lane, i) => {
    const x = g.laneX(i);
    return `<g class="lane" data-lane="${esc(lane.id)}"><text x="${x}" y="20" text-anchor="middle" font-weight="bold">${esc(lane.label)}</text><line x1="${x}" x2="${x}" y1="${TOP - 6}" y2="${height}" stroke="#d0d7de"/></g>`;
  });
  return head + lanes.join("");
}

function rowSvg(e: TraceEntry, row: number, l: Layout, g: Geometry, hotStep: number | undefined): string {
  const y = g.y(row);
  const prev = l.rows[row - 1];
  const time = prev === undefined || prev.timeMs !== e.timeMs ? `<text x="4" y="${y + 12}" class="dim">t=${e.timeMs}ms</text>` : "";
  const step = prev === undefined || prev.step !== e.step ? `<text x="${TIME_W}" y="${y + 12}">#${e.step}</text>` : "";
  const hot = hotStep !== undefined && (e.step === hotStep || e.cause === hotStep);
  const x = g.laneX(l.laneOfRow[row]!);
  const caused = e.cause !== undefined && e.cause !== e.step ? ` (from #${e.cause})` : "";
  const text = `${e.kind}${e.text !== undefined && e.text !== "" ? ` ${e.text}` : ""}`;
  return `<g class="row" id="e-${l.first + row}"><title>${esc(clipText(`#${l.first + row} t=${e.timeMs}ms step #${e.step}${caused}: ${text}`, TITLE_CHARS))}</title><rect class="bg${hot ? " hot" : ""}" x="0" y="${y}" width="${g.width}" height="${ROW}" fill="transparent"/>${time}${step}<circle cx="${x}" cy="${y + ROW / 2}" r="3.5" fill="${colour(e.kind)}"/><text x="${g.textX}" y="${y + 12}">${esc(clip(text + caused))}</text></g>`;
}

function colour(kind: string): string {
  if (kind === "disk.crash-lost" || kind === "disk.torn" || kind === "disk.corrupt-read" || kind === "net.drop") return "#cf222e";
  if (kind.startsWith("net.")) return "#8c959f";
  if (kind.startsWith("node.")) return "#cf222e";
  if (kind.startsWith("disk.")) return "#9a6700";
  if (kind.startsWith("op.")) return "#0969da";
  return "#1f2328";
}

/** Characters of a tooltip: a target's text can be any length, the page stays bounded. */
const TITLE_CHARS = 240;

/** Characters of an event's text that fit its column (11px monospace: ~6.7px a character). */
const TEXT_CHARS = Math.floor(TEXT_W / 6.7) - 2;

function clip(text: string): string {
  return text.length <= TEXT_CHARS ? text : `${text.slice(0, TEXT_CHARS - 1)}…`;
}

/** `id="step-N"` at the first row of each step drawn (a step without entries: where the next begins). */
function stepAnchors(l: Layout, g: Geometry): string[] {
  const out: string[] = [];
  const firstRow = new Map<number, number>();
  l.rows.forEach((e, row) => {
    if (!firstRow.has(e.step)) firstRow.set(e.step, row);
  });
  for (const op of l.ops) if (!firstRow.has(op.step)) firstRow.set(op.step, Math.max(0, Math.min(l.rows.length, op.startEntry - l.first)));
  for (const [step, row] of [...firstRow].sort((a, b) => a[0] - b[0])) out.push(`<rect id="step-${step}" class="step-anchor" x="0" y="${g.y(row)}" width="4" height="${ROW}" fill="#0969da"/>`);
  return out;
}

/** Concurrent ops side by side: each takes the leftmost slot free since its start. */
function opsSvg(l: Layout, g: Geometry): string[] {
  const busyUntil: number[] = [];
  return l.ops.map((op) => {
    const from = Math.max(0, op.startEntry - l.first);
    const to = op.endEntry === null ? l.rows.length : Math.max(from + 1, op.endEntry - l.first);
    let slot = busyUntil.findIndex((row) => row <= from);
    if (slot < 0) slot = busyUntil.length;
    busyUntil[slot] = to;
    return opSvg(op, from, to, slot % OP_SLOTS, g);
  });
}

const OP_SLOTS = 8;

function opSvg(op: Layout["ops"][number], from: number, to: number, slot: number, g: Geometry): string {
  const y1 = g.y(from) + 2;
  const y2 = Math.max(y1 + ROW - 4, g.y(to) - 2);
  const x = g.laneX(0) - LANE_W / 2 + 4 + slot * 9;
  const state = op.endEntry === null ? " open" : op.ok ? "" : " failed";
  const answer = op.endMs === null ? "no answer by the end" : `answered at t=${op.endMs}ms${op.ok ? "" : " (threw)"}`;
  return `<g class="op${state}" data-step="${op.step}"><title>${esc(clipText(`#${op.step} ${op.text}`, TITLE_CHARS))}: started t=${op.startMs}ms, ${answer}</title><rect x="${x}" y="${y1}" width="6" height="${y2 - y1}" rx="2"/></g>`;
}

function messageSvg(m: Message, l: Layout, g: Geometry): string {
  const x1 = g.laneX(m.from + 1);
  const x2full = g.laneX(m.to + 1);
  const y1 = m.fromRow === null ? TOP - 4 : g.y(m.fromRow) + ROW / 2;
  const sameRowDrop = m.dropped && m.fromRow === m.toRow;
  const y2 = m.toRow === null ? g.y(l.rows.length) : g.y(m.toRow) + ROW / 2 + (sameRowDrop ? ROW / 2 : 0);
  // A message dropped at the send never got far: it stops short of the receiver.
  const x2 = sameRowDrop ? x1 + (x2full - x1) * 0.5 : x2full;
  const cls = `msg${m.dropped ? " dropped" : ""}${m.dup ? " dup" : ""}${m.toRow === null ? " in-flight" : ""}`;
  const head = m.dropped ? cross(x2, y2) : m.toRow === null ? "" : "";
  const marker = m.dropped || m.toRow === null ? "" : ` marker-end="url(#arrow)"`;
  const what = `${l.lanes[m.from + 1]?.label ?? m.from} -> ${l.lanes[m.to + 1]?.label ?? m.to}${m.dup ? " (duplicate)" : ""}${m.dropped ? ", dropped" : m.toRow === null ? ", in flight" : ""}`;
  return `<g class="${cls}"><title>${esc(what)}</title><line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"${marker}/>${head}</g>`;
}

function cross(x: number, y: number): string {
  return `<path d="M${x - 4},${y - 4} L${x + 4},${y + 4} M${x - 4},${y + 4} L${x + 4},${y - 4}" stroke="#cf222e" stroke-width="2"/>`;
}

function bandSvg(b: Band, g: Geometry): string {
  // The other side of a partition is a narrow strip: the wide band marks the side cut off.
  const width = b.kind === "partition-other" ? 8 : LANE_W - 8;
  const x = g.laneX(b.lane) - LANE_W / 2 + 4;
  const y1 = g.y(b.fromRow);
  const y2 = Math.max(y1 + ROW, g.y(b.toRow) + ROW);
  return `<rect class="band ${b.kind}" data-kind="${b.kind}" x="${x}" y="${y1}" width="${width}" height="${y2 - y1}"><title>${esc(b.label)}</title></rect>`;
}

function violationSvg(l: Layout, g: Geometry, where: string): string {
  const v = l.violation;
  if (v === undefined || l.violationRow === null) return "";
  const y = TOP + l.violationRow * ROW;
  const inconclusive = v.inconclusive === true;
  const text = clipText(`${inconclusive ? "? inconclusive:" : "✗"} ${v.invariant} ${where} (t=${v.timeMs}ms): ${v.message}`, 2_000);
  // Bold 11px monospace: ~7.2px a character.
  const fits = Math.floor((g.width - 12) / 7.2);
  return `<g id="violation"${inconclusive ? ` class="inconclusive"` : ""} data-step="${v.step}" data-invariant="${esc(clipText(v.invariant, 100))}"><title>${esc(text)}</title><rect x="0" y="${y}" width="${g.width}" height="${ROW}"/><text x="6" y="${y + 12}">${esc(text.length > fits ? `${text.slice(0, fits - 1)}…` : text)}</text></g>`;
}
