/**
 * Done-ledger ops: their JSON shape (what replay files hold), the schema that checks them, and
 * how each one reads in a repro. Ops name keys by index into the fixed key table and pick pending
 * writes by position, so they stay meaningful when the shrinker deletes the ops around them.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import { STORE_CONTROL_SCHEMAS, describeStoreControl, digestOfTexts, shrinkStoreControl, type StoreControlOp } from "../shared/store-ops.js";
import { KEYS, OVIDS, POLICIES, STATUSES, TENANTS, rank, showKey } from "./model.js";
import type { KeyedRecord } from "./oracle.js";

/** The ledger's own ops; releases and fault counters are the shared store-control ops. */
export type LedgerDataOp =
  | { readonly t: "upsert"; readonly recs: readonly KeyedRecord[] }
  | { readonly t: "get"; readonly tenant: number; readonly policy: number; readonly ovids: readonly number[] }
  | { readonly t: "getRecord"; readonly k: number }
  | { readonly t: "snapshot" };

export type LedgerOp = LedgerDataOp | StoreControlOp;

export type LedgerOpType = LedgerOp["t"];

const keyIndex = z.number().int().min(0).max(KEYS.length - 1);

export const RecordSchema = z
  .strictObject({
    k: keyIndex,
    status: z.enum(STATUSES),
    bytesScanned: z.number().int().nonnegative(),
    findingsCount: z.number().int().nonnegative(),
    startedAt: z.number().int().nonnegative(),
    finishedAt: z.number().int().nonnegative(),
    errorCode: z.string().nullable(),
    runId: z.string(),
  })
  // Writers produce valid records (I3 and I4 hold on input); a replay file may not smuggle in others.
  .refine((r) => r.status !== "scanned_clean" || r.findingsCount === 0, "scanned_clean needs findingsCount 0")
  .refine((r) => r.status !== "scanned_with_findings" || r.findingsCount >= 1, "scanned_with_findings needs findingsCount >= 1")
  .refine((r) => !r.status.startsWith("scanned") || r.errorCode === null, "a scanned record carries no errorCode");

/** Schemas of the read ops (the built-in and the plugged target share them). */
export const READ_SCHEMAS = [
  z.strictObject({
    t: z.literal("get"),
    tenant: z.number().int().min(0).max(TENANTS.length - 1),
    policy: z.number().int().min(0).max(POLICIES.length - 1),
    ovids: z.array(z.number().int().min(0).max(OVIDS.length - 1)).min(1),
  }),
  z.strictObject({ t: z.literal("getRecord"), k: keyIndex }),
  z.strictObject({ t: z.literal("snapshot") }),
] as const;

const OpSchema = z.discriminatedUnion("t", [z.strictObject({ t: z.literal("upsert"), recs: z.array(RecordSchema).min(1) }), ...READ_SCHEMAS, ...STORE_CONTROL_SCHEMAS]);

/** Validate one op read from a replay file. */
export function parseLedgerOp(json: unknown): LedgerOp {
  return parseWith(OpSchema, json, "not a done-ledger op");
}

/** The contents of a batch as one number, folded into the trace with the upsert. */
export function digestRecords(recs: readonly KeyedRecord[]): number {
  // Numbers fold directly; it runs on every upsert, so no intermediate array.
  let h = 0x2545f491;
  for (const r of recs) {
    h = Math.imul(h ^ (r.k * 8 + rank(r.status)), 0x9e3779b1);
    h = Math.imul(h ^ r.bytesScanned, 0x85ebca6b) ^ (h >>> 13);
    h = Math.imul(h ^ (r.findingsCount * 65536 + r.startedAt), 0xc2b2ae35) ^ (h >>> 16);
    h = Math.imul(h ^ r.finishedAt, 0x9e3779b1) ^ digestOfTexts(r.runId, r.errorCode);
  }
  return h >>> 1;
}

/** One readable line per op, for repros and violation reports. */
export function describeLedgerOp(op: LedgerOp): string {
  switch (op.t) {
    case "upsert":
      return `upsert ${op.recs.length} record(s): ${op.recs.map(describeRecord).join("; ")}`;
    case "get":
      return `batchGet ${TENANTS[op.tenant]}/${POLICIES[op.policy]} [${op.ovids.map((o) => OVIDS[o]).join(", ")}]`;
    case "getRecord":
      return `getRecord ${showKey(KEYS[op.k]!)}`;
    case "snapshot":
      return "snapshot";
    default:
      return describeStoreControl(op);
  }
}

function describeRecord(r: KeyedRecord): string {
  const err = r.errorCode === null ? "" : ` err=${r.errorCode}`;
  return `${showKey(KEYS[r.k]!)} ${r.status} bytes=${r.bytesScanned} findings=${r.findingsCount} t=${r.startedAt}..${r.finishedAt} ${r.runId}${err}`;
}

/** Simpler variants of an op for the shrinker: fewer records, smaller counts. */
export function shrinkLedgerOp(op: LedgerOp): LedgerOp[] {
  switch (op.t) {
    case "upsert": {
      if (op.recs.length <= 1) return [];
      // Halves first (big steps), then every batch with one record dropped (1-minimal batches).
      const half = Math.ceil(op.recs.length / 2);
      const dropOne = op.recs.map((_, i) => ({ t: "upsert" as const, recs: op.recs.filter((__, j) => j !== i) }));
      const halves = op.recs.length > 2 ? [{ t: "upsert" as const, recs: op.recs.slice(0, half) }, { t: "upsert" as const, recs: op.recs.slice(half) }] : [];
      return [...halves, ...dropOne];
    }
    case "get":
      return op.ovids.length <= 1 ? [] : op.ovids.map((o) => ({ ...op, ovids: [o] }));
    case "getRecord":
    case "snapshot":
      return [];
    default:
      return shrinkStoreControl(op);
  }
}
