/**
 * Which lane of the timeline an entry belongs to. A multi-node run has a `clients` lane (ops, and
 * events no node claims) and one lane per node; a single-process run has one `system` lane. The
 * kernel's message and node events name their nodes in their arguments (see core/net/kinds.ts);
 * every other event names its node through the target's `eventNode` (the entry's `node`).
 */
import { NET_EVENT_KINDS } from "../../core/net/kinds.js";
import type { TraceEntry } from "../../core/trace.js";

export interface Lane {
  readonly id: string;
  readonly label: string;
}

const NET_KINDS: ReadonlySet<string> = new Set(NET_EVENT_KINDS);

export function isNetKind(kind: string): boolean {
  return NET_KINDS.has(kind);
}

/** The nodes an entry names (its `node`, a message's ends, a partition's sides), for counting lanes. */
function nodesNamed(e: TraceEntry): number[] {
  if (e.kind === "net.partition" || e.kind === "net.heal") return [...maskNodes(e.a), ...maskNodes(Math.abs(e.b))];
  if (e.kind.startsWith("net.")) return [e.a, e.b];
  if (e.kind.startsWith("node.")) return [e.a];
  return e.node !== undefined ? [e.node] : [];
}

/** The node ids of a partition side's bitmask. */
export function maskNodes(mask: number): number[] {
  const ids: number[] = [];
  for (let id = 0, m = mask; m > 0 && id < 64; id++, m = Math.floor(m / 2)) if (m % 2 === 1) ids.push(id);
  return ids;
}

/** The lanes of a run: `clients` + `n0..`, or `system` when no entry names a node. */
export function lanesOf(entries: readonly TraceEntry[]): Lane[] {
  let nodes = 0;
  for (const e of entries) {
    if (!isNetKind(e.kind) && e.node === undefined) continue;
    for (const n of nodesNamed(e)) if (Number.isSafeInteger(n) && n >= 0 && n < 256) nodes = Math.max(nodes, n + 1);
  }
  if (nodes === 0) return [{ id: "system", label: "system" }];
  const names = nodeNames(entries);
  return [{ id: "clients", label: "clients" }, ...Array.from({ length: nodes }, (_, i) => ({ id: `n${i}`, label: names.get(i) ?? `n${i}` }))];
}

/**
 * The target's names for its nodes, as its descriptions of messages give them (`store -> s1`,
 * `describeNetEvent` with a *NodeName*): a lane is headed with the name its events use.
 */
function nodeNames(entries: readonly TraceEntry[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const e of entries) {
    if (e.kind !== "net.send" || e.text === undefined) continue;
    const m = /^(\S{1,16}) -> (\S{1,16})$/.exec(e.text);
    if (m === null) continue;
    if (!names.has(e.a)) names.set(e.a, m[1]!);
    if (!names.has(e.b)) names.set(e.b, m[2]!);
  }
  return names;
}

/** The lane index of an entry (0: clients, or the single system lane). */
export function laneOf(e: TraceEntry, lanes: readonly Lane[]): number {
  if (lanes.length === 1) return 0;
  const node = isNetKind(e.kind) ? (e.kind === "net.deliver" ? e.b : e.kind.startsWith("net.partition") || e.kind === "net.heal" ? undefined : e.a) : e.node;
  return node !== undefined && node + 1 < lanes.length ? node + 1 : 0;
}
