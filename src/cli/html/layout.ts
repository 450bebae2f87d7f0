/**
 * The timeline's geometry-free content: from a window of trace entries, the messages (send ->
 * deliver, drops, duplicates), the bands (crashes, pauses, partitions, clogs) and the ops, each by
 * row. Row `i` is the i-th kept entry; the violation gets a row of its own where it was found.
 */
import type { Violation } from "../../core/target.js";
import type { TraceEntry } from "../../core/trace.js";
import { isPast, type OpSpan, type TimelineData } from "./collect.js";
import { laneOf, lanesOf, maskNodes, type Lane } from "./lanes.js";

export interface Message {
  /** Row of its send (or duplicate); null when it was sent before the window. */
  readonly fromRow: number | null;
  /** Row of its delivery or drop; null when still in flight at the window's end. */
  readonly toRow: number | null;
  readonly from: number;
  readonly to: number;
  readonly dropped: boolean;
  readonly dup: boolean;
}

/** `partition` on the nodes of a partition's first side, `partition-other` (narrow) on the other's. */
export type BandKind = "crash" | "pause" | "partition" | "partition-other" | "clog";

export interface Band {
  readonly kind: BandKind;
  readonly lane: number;
  readonly fromRow: number;
  readonly toRow: number;
  readonly label: string;
}

export interface Layout {
  readonly lanes: readonly Lane[];
  readonly rows: readonly TraceEntry[];
  /** Lane of each row. */
  readonly laneOfRow: readonly number[];
  /** Global trace index of row 0. */
  readonly first: number;
  readonly messages: readonly Message[];
  readonly bands: readonly Band[];
  readonly ops: readonly OpSpan[];
  /** The row the first violation is drawn at (rows from it on move down one), or null. */
  readonly violationRow: number | null;
  readonly violation: Violation | undefined;
}

export function layout(data: TimelineData, violations: readonly Violation[]): Layout {
  const rows = data.entries;
  const lanes = lanesOf(rows);
  const violation = violations[0];
  return {
    lanes,
    rows,
    laneOfRow: rows.map((e) => laneOf(e, lanes)),
    first: data.first,
    messages: lanes.length > 1 ? messages(rows, data.first) : [],
    bands: lanes.length > 1 ? bands(rows, (id) => lanes[id + 1]?.label ?? `n${id}`) : [],
    // Ops that started outside the kept entries have no row to start at.
    ops: data.spans.filter((op) => op.startEntry >= data.first && op.startEntry <= data.first + rows.length),
    violationRow: violation === undefined ? null : violationRow(rows, violation, data.first + rows.length === data.total),
    violation,
  };
}

/**
 * After the last entry recorded in the violation's step at or before its time; null when the
 * window does not hold that place (`--html-steps` drew other steps).
 */
function violationRow(rows: readonly TraceEntry[], v: Violation, reachesEnd: boolean): number | null {
  if (rows.length === 0 || isPast(rows[0]!, v) || (!reachesEnd && !isPast(rows[rows.length - 1]!, v))) return null;
  let row = 0;
  for (let i = 0; i < rows.length; i++) if (!isPast(rows[i]!, v)) row = i + 1;
  return row;
}

const path = (a: number, b: number): string => `${a}>${b}`;

/**
 * Pair deliveries with sends. A delivery's `origin` counts the entries recorded before it was
 * scheduled: its send is the last send or duplicate on the same path before that index.
 */
function messages(rows: readonly TraceEntry[], first: number): Message[] {
  const out: Message[] = [];
  /** Per path, the rows of its sends and duplicates (ascending), and which were paired. */
  const sent = new Map<string, number[]>();
  const paired = new Set<number>();
  const dupRows = new Set<number>();
  rows.forEach((e, row) => {
    const key = path(e.a, e.b);
    if (e.kind === "net.send" || e.kind === "net.duplicate") {
      if (e.kind === "net.duplicate") dupRows.add(row);
      let list = sent.get(key);
      if (list === undefined) sent.set(key, (list = []));
      list.push(row);
    } else if (e.kind === "net.deliver") {
      const origin = e.origin === undefined ? row : e.origin - first;
      const candidates = sent.get(key) ?? [];
      let from: number | null = null;
      for (let k = candidates.length - 1; k >= 0; k--) if (candidates[k]! < origin && !paired.has(candidates[k]!)) { from = candidates[k]!; break; }
      if (from !== null) paired.add(from);
      const droppedOnArrival = rows[row + 1]?.kind === "net.drop" && rows[row + 1]!.a === e.a && rows[row + 1]!.b === e.b;
      out.push({ fromRow: from, toRow: row, from: e.a, to: e.b, dropped: droppedOnArrival, dup: from !== null && dupRows.has(from) });
    } else if (e.kind === "net.drop") {
      const prev = rows[row - 1];
      if (prev?.kind === "net.deliver" && prev.a === e.a && prev.b === e.b) return;
      // Dropped at the send (lost, cut, path full): its send is the entry just before.
      const from = prev?.kind === "net.send" && prev.a === e.a && prev.b === e.b ? row - 1 : null;
      if (from !== null) paired.add(from);
      out.push({ fromRow: from ?? row, toRow: row, from: e.a, to: e.b, dropped: true, dup: false });
    }
  });
  for (const [key, list] of sent) {
    for (const row of list) {
      if (paired.has(row)) continue;
      const [a, b] = key.split(">").map(Number) as [number, number];
      out.push({ fromRow: row, toRow: null, from: a, to: b, dropped: false, dup: dupRows.has(row) });
    }
  }
  return out;
}

/** Crashes until restart, pauses until resume, partitions until heal, clogs until the path delivers. */
function bands(rows: readonly TraceEntry[], name: (id: number) => string): Band[] {
  const out: Band[] = [];
  const open = new Map<string, { row: number; e: TraceEntry }>();
  const end = rows.length;
  const close = (key: string, row: number, make: (start: { row: number; e: TraceEntry }) => Band[]): void => {
    const start = open.get(key);
    if (start === undefined) return;
    open.delete(key);
    out.push(...make(start));
  };
  const crash = (s: { row: number; e: TraceEntry }, row: number): Band[] => [{ kind: "crash", lane: s.e.a + 1, fromRow: s.row, toRow: row, label: `${name(s.e.a)} down` }];
  const pause = (s: { row: number; e: TraceEntry }, row: number): Band[] => [{ kind: "pause", lane: s.e.a + 1, fromRow: s.row, toRow: row, label: `${name(s.e.a)} paused` }];
  const cut = (s: { row: number; e: TraceEntry }, row: number): Band[] => partitionBands(s.e, s.row, row, name);
  const clog = (s: { row: number; e: TraceEntry }, row: number): Band[] => [{ kind: "clog", lane: s.e.a + 1, fromRow: s.row, toRow: row, label: `clog ${name(s.e.a)} -> ${name(s.e.b)}` }];
  rows.forEach((e, row) => {
    switch (e.kind) {
      case "node.crash":
        open.set(`crash${e.a}`, { row, e });
        break;
      case "node.restart":
        if (!open.has(`crash${e.a}`)) out.push({ kind: "crash", lane: e.a + 1, fromRow: 0, toRow: row, label: `${name(e.a)} down` });
        close(`crash${e.a}`, row, (s) => crash(s, row));
        break;
      case "node.pause":
        open.set(`pause${e.a}`, { row, e });
        break;
      case "node.resume":
        close(`pause${e.a}`, row, (s) => pause(s, row));
        break;
      case "net.partition":
        open.set(`cut${e.a}/${e.b}`, { row, e });
        break;
      case "net.heal":
        close(`cut${e.a}/${e.b}`, row, (s) => cut(s, row));
        break;
      case "net.clog":
        open.set(`clog${path(e.a, e.b)}`, { row, e });
        break;
      case "net.deliver":
        close(`clog${path(e.a, e.b)}`, row, (s) => clog(s, row));
        break;
    }
  });
  for (const [key, s] of open) {
    if (key.startsWith("crash")) out.push(...crash(s, end));
    else if (key.startsWith("pause")) out.push(...pause(s, end));
    else if (key.startsWith("cut")) out.push(...cut(s, end));
    else out.push(...clog(s, end));
  }
  return out;
}

/** A partition as a band on each node of its two sides, each side labelled with the other. */
function partitionBands(e: TraceEntry, fromRow: number, toRow: number, name: (id: number) => string): Band[] {
  const a = maskNodes(e.a);
  const b = maskNodes(Math.abs(e.b));
  const oneWay = e.b < 0 ? " (one-way)" : "";
  const label = `partition {${a.map(name).join(", ")}} | {${b.map(name).join(", ")}}${oneWay}`;
  return [...a.map((n) => ({ kind: "partition" as const, lane: n + 1, fromRow, toRow, label })), ...b.map((n) => ({ kind: "partition-other" as const, lane: n + 1, fromRow, toRow, label }))];
}
