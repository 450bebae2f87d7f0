/**
 * The findings-sink's histogram kinds (the built-in target's and the plugged one's), and its
 * events in words.
 */
import type { RunContext } from "../../index.js";
import { STORE_EVENT_KINDS, STORE_FAULT_KINDS, SWIZZLE_KINDS } from "../shared/store-kinds.js";
import { describeStoreEvent } from "../shared/store-events.js";
import { ERROR_KINDS } from "./errors.js";
import { TENANTS } from "./model.js";

/** The sink's own kinds; the store driver's (or the plugged driver's) kinds follow them. */
export const SINK_KINDS = [
  "op.upsert",
  "op.replay",
  "op.get-finding",
  "op.get-occurrence",
  "op.get-observation",
  "op.snapshot",
  "op.counts",
  "batch.accepted",
  ...ERROR_KINDS.map((k) => `batch.${k}` as const),
  "batch.idempotent",
  "row.finding-new",
  "row.finding-dedupe",
  "row.occurrence-new",
  "row.occurrence-dedupe",
  "row.observation-new",
  "row.observation-fresher",
  "row.observation-stale",
  "read.hit",
  "read.miss",
] as const;

export const EVENT_KINDS = [...SINK_KINDS, ...STORE_EVENT_KINDS, ...SWIZZLE_KINDS];
export const FAULT_KINDS = STORE_FAULT_KINDS;

export type SinkKindName = (typeof SINK_KINDS)[number];

export const TABLES = ["findings", "occurrences", "observations"] as const;

/** The sink's events in words (the numbers each kind carries are emitted below). */
export function describeSinkEvent(kind: string, a: number, b: number): string | undefined {
  if (kind.startsWith("batch.")) return kind === "batch.accepted" ? `write ${a}, ${b} new row(s)` : `write ${a}`;
  if (kind.startsWith("row.")) return `${a} row(s)`;
  switch (kind) {
    case "op.upsert":
    case "op.replay":
      return `${a} row(s)`;
    case "op.get-finding":
    case "op.get-occurrence":
    case "op.get-observation":
      return `${TENANTS[a] ?? a} id ${b}`;
    case "op.snapshot":
      return TABLES[a] ?? String(a);
    case "op.counts":
    case "read.hit":
    case "read.miss":
      return "";
    default:
      return describeStoreEvent(kind, a, b);
  }
}

/** The ids of the sink's own kinds in a run. */
export function sinkKinds(ctx: RunContext): Readonly<Record<SinkKindName, number>> {
  return Object.fromEntries(SINK_KINDS.map((name) => [name, ctx.kind(name)])) as Record<SinkKindName, number>;
}
