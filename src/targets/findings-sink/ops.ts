/**
 * Findings-sink ops. Batches are stored compactly by numeric ids (a row's strings are derived
 * from them), so replay files stay small and the shrinker can drop rows one by one. An id of -1
 * stands for an empty id: a malformed row that must fail with BatchValidation.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import { STORE_CONTROL_SCHEMAS, describeStoreControl, DIGEST_START, foldDigest, shrinkStoreControl, type StoreControlOp } from "../shared/store-ops.js";
import { FINDING_IDS, OBSERVATION_IDS, OCCURRENCE_IDS, TENANTS, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";

export interface FindingSpec {
  readonly id: number;
  /** Content version: 1 is canonical, any other value conflicts with it. */
  readonly v: number;
}
export interface OccurrenceSpec {
  readonly id: number;
  readonly finding: number;
  readonly v: number;
}
export interface ObservationSpec {
  readonly id: number;
  readonly occurrence: number;
  readonly identity: number;
  readonly seenAt: number;
  readonly location: number;
  readonly run: number;
}
export interface BatchSpec {
  readonly tenant: number;
  readonly findings: readonly FindingSpec[];
  readonly occurrences: readonly OccurrenceSpec[];
  readonly observations: readonly ObservationSpec[];
}

export type Table = "findings" | "occurrences" | "observations";

export type SinkDataOp =
  | { readonly t: "upsert"; readonly batch: BatchSpec; readonly replay?: boolean }
  | { readonly t: "getFinding"; readonly tenant: number; readonly id: number }
  | { readonly t: "getOccurrence"; readonly tenant: number; readonly id: number }
  | { readonly t: "getObservation"; readonly tenant: number; readonly id: number }
  | { readonly t: "snapshot"; readonly table: Table }
  | { readonly t: "counts" };

export type SinkOp = SinkDataOp | StoreControlOp;
export type SinkOpType = SinkOp["t"] | "replay";

const id = (max: number) => z.number().int().min(-1).max(max - 1);
const tenant = z.number().int().min(0).max(TENANTS.length - 1);
export const BatchSchema = z.strictObject({
  tenant,
  findings: z.array(z.strictObject({ id: id(FINDING_IDS), v: z.number().int().min(1).max(9) })),
  occurrences: z.array(z.strictObject({ id: id(OCCURRENCE_IDS), finding: id(FINDING_IDS), v: z.number().int().min(1).max(9) })),
  observations: z.array(
    z.strictObject({
      id: id(OBSERVATION_IDS),
      occurrence: id(OCCURRENCE_IDS),
      identity: z.number().int().min(0).max(9),
      seenAt: z.number().int().min(-1),
      location: z.number().int().min(0).max(9),
      run: z.number().int().min(0),
    }),
  ),
});

/** Schemas of the read ops (the built-in and the plugged target share them). */
export const READ_SCHEMAS = [
  z.strictObject({ t: z.literal("getFinding"), tenant, id: id(FINDING_IDS) }),
  z.strictObject({ t: z.literal("getOccurrence"), tenant, id: id(OCCURRENCE_IDS) }),
  z.strictObject({ t: z.literal("getObservation"), tenant, id: id(OBSERVATION_IDS) }),
  z.strictObject({ t: z.literal("snapshot"), table: z.enum(["findings", "occurrences", "observations"]) }),
  z.strictObject({ t: z.literal("counts") }),
] as const;

const OpSchema = z.discriminatedUnion("t", [z.strictObject({ t: z.literal("upsert"), batch: BatchSchema, replay: z.boolean().optional() }), ...READ_SCHEMAS, ...STORE_CONTROL_SCHEMAS]);

export function parseSinkOp(json: unknown): SinkOp {
  return parseWith(OpSchema, json, "not a findings-sink op");
}

/**
 * Memoised row strings: every id, content and provenance string comes from a small space (ids,
 * versions, run numbers), so each is built once instead of once per row per batch. Values outside
 * the cached range are built as before.
 */
function memo(make: (n: number) => string): (n: number) => string {
  const cache: string[] = [];
  return (n) => (n >= -1 && n < 63 ? (cache[n + 1] ??= make(n)) : make(n));
}

/** {@link memo} for two small numbers (an id and a content version 1-9). */
function memoVersioned(make: (id: number, v: number) => string): (id: number, v: number) => string {
  const cache: string[] = [];
  return (id, v) => (id >= -1 && id < 63 && v >= 0 && v < 10 ? (cache[(id + 1) * 10 + v] ??= make(id, v)) : make(id, v));
}

export const findingId = memo((n) => (n < 0 ? "" : `f${n}`));
export const occurrenceId = memo((n) => (n < 0 ? "" : `o${n}`));
export const observationId = memo((n) => (n < 0 ? "" : `b${n}`));
const findingContent = memoVersioned((id, v) => `finding-${id}-v${v}`);
const occurrenceContent = memoVersioned((id, v) => `occ-${id}-v${v}`);
const identity = memo((n) => `ident-${n}`);
const location = memo((n) => `loc-${n}`);
const runId = memo((n) => `run-${n}`);

/** The sink's batch for an op's spec: fresh row objects (a store may keep them), shared strings. */
export function toBatch(spec: BatchSpec): FindingsBatch {
  const findings = new Array<Finding>(spec.findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = spec.findings[i]!;
    findings[i] = { findingId: findingId(f.id), content: findingContent(f.id, f.v) };
  }
  const occurrences = new Array<Occurrence>(spec.occurrences.length);
  for (let i = 0; i < occurrences.length; i++) {
    const o = spec.occurrences[i]!;
    occurrences[i] = { occurrenceId: occurrenceId(o.id), findingId: findingId(o.finding), content: occurrenceContent(o.id, o.v) };
  }
  const observations = new Array<Observation>(spec.observations.length);
  for (let i = 0; i < observations.length; i++) {
    const b = spec.observations[i]!;
    observations[i] = { observationId: observationId(b.id), occurrenceId: occurrenceId(b.occurrence), identity: identity(b.identity), seenAt: b.seenAt, location: location(b.location), runId: runId(b.run) };
  }
  return { tenant: TENANTS[spec.tenant]!, findings, occurrences, observations };
}

/** The contents of a batch as one number, folded into the trace with the upsert. */
export function digestBatch(b: BatchSpec): number {
  // The numbers digestOf would get, in its order, folded as they are read: no array per upsert.
  let h = foldDigest(DIGEST_START, b.tenant);
  for (const f of b.findings) h = foldDigest(foldDigest(foldDigest(h, 1), f.id), f.v);
  for (const o of b.occurrences) h = foldDigest(foldDigest(foldDigest(foldDigest(h, 2), o.id), o.finding), o.v);
  for (const o of b.observations) {
    h = foldDigest(foldDigest(foldDigest(foldDigest(h, 3), o.id), o.occurrence), o.identity);
    h = foldDigest(foldDigest(foldDigest(h, o.seenAt), o.location), o.run);
  }
  return h >>> 1;
}

export function describeSinkOp(op: SinkOp): string {
  switch (op.t) {
    case "upsert":
      return `${op.replay === true ? "replay " : ""}upsertBatch ${describeBatch(op.batch)}`;
    case "getFinding":
      return `getFinding ${TENANTS[op.tenant]}/${findingId(op.id)}`;
    case "getOccurrence":
      return `getOccurrence ${TENANTS[op.tenant]}/${occurrenceId(op.id)}`;
    case "getObservation":
      return `getObservation ${TENANTS[op.tenant]}/${observationId(op.id)}`;
    case "snapshot":
      return `${op.table}Snapshot`;
    case "counts":
      return "durableCounts";
    default:
      return describeStoreControl(op);
  }
}

function describeBatch(b: BatchSpec): string {
  const parts = [
    ...b.findings.map((f) => `finding ${findingId(f.id) || '""'} v${f.v}`),
    ...b.occurrences.map((o) => `occurrence ${occurrenceId(o.id) || '""'}->${findingId(o.finding)} v${o.v}`),
    ...b.observations.map((o) => `observation ${observationId(o.id) || '""'}->${occurrenceId(o.occurrence)} ident-${o.identity} seen=${o.seenAt} loc-${o.location} run-${o.run}`),
  ];
  return `${TENANTS[b.tenant]} [${parts.join("; ") || "empty"}]`;
}

/** Simpler variants: the batch with one row dropped (observations first: they have no children). */
export function shrinkSinkOp(op: SinkOp): SinkOp[] {
  if (op.t !== "upsert") return op.t === "getFinding" || op.t === "getOccurrence" || op.t === "getObservation" || op.t === "snapshot" || op.t === "counts" ? [] : shrinkStoreControl(op);
  const b = op.batch;
  const without = <T>(rows: readonly T[], i: number): T[] => rows.filter((_, j) => j !== i);
  return [
    ...b.observations.map((_, i) => ({ t: "upsert" as const, batch: { ...b, observations: without(b.observations, i) } })),
    ...b.occurrences.map((_, i) => ({ t: "upsert" as const, batch: { ...b, occurrences: without(b.occurrences, i) } })),
    ...b.findings.map((_, i) => ({ t: "upsert" as const, batch: { ...b, findings: without(b.findings, i) } })),
  ];
}
