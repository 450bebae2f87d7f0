/**
 * Done-ledger ops: their JSON shape (what replay files hold), the schema that checks them, and
 * how each one reads in a repro. Ops name keys by index into the fixed key table and pick pending
 * writes by position, so they stay meaningful when the shrinker deletes the ops around them.
 */
import { z } from "zod";
import type { CompletionOrder } from "../shared/store-core.js";
import { KEYS, OVIDS, POLICIES, STATUSES, TENANTS, showKey } from "./model.js";
import type { KeyedRecord } from "./oracle.js";

export type LedgerOp =
  | { readonly t: "upsert"; readonly recs: readonly KeyedRecord[] }
  | { readonly t: "get"; readonly tenant: number; readonly policy: number; readonly ovids: readonly number[] }
  | { readonly t: "getRecord"; readonly k: number }
  | { readonly t: "snapshot" }
  | { readonly t: "releaseNext"; readonly order: CompletionOrder }
  | { readonly t: "releaseSpecific"; readonly pick: number }
  | { readonly t: "releaseAll"; readonly order: CompletionOrder }
  | { readonly t: "failSubmissions"; readonly n: number }
  | { readonly t: "failCommits"; readonly n: number }
  | { readonly t: "delayWrites"; readonly n: number }
  | { readonly t: "autoComplete"; readonly on: boolean };

export type LedgerOpType = LedgerOp["t"];

const keyIndex = z.number().int().min(0).max(KEYS.length - 1);
const order = z.enum(["oldestFirst", "newestFirst"]);
const count = z.number().int().min(1).max(1000);

const RecordSchema = z.strictObject({
  k: keyIndex,
  status: z.enum(STATUSES),
  bytesScanned: z.number().int().nonnegative(),
  findingsCount: z.number().int().nonnegative(),
  startedAt: z.number().int().nonnegative(),
  finishedAt: z.number().int().nonnegative(),
  errorCode: z.string().nullable(),
  runId: z.string(),
});

const OpSchema = z.discriminatedUnion("t", [
  z.strictObject({ t: z.literal("upsert"), recs: z.array(RecordSchema).min(1) }),
  z.strictObject({
    t: z.literal("get"),
    tenant: z.number().int().min(0).max(TENANTS.length - 1),
    policy: z.number().int().min(0).max(POLICIES.length - 1),
    ovids: z.array(z.number().int().min(0).max(OVIDS.length - 1)).min(1),
  }),
  z.strictObject({ t: z.literal("getRecord"), k: keyIndex }),
  z.strictObject({ t: z.literal("snapshot") }),
  z.strictObject({ t: z.literal("releaseNext"), order }),
  z.strictObject({ t: z.literal("releaseSpecific"), pick: z.number().int().nonnegative() }),
  z.strictObject({ t: z.literal("releaseAll"), order }),
  z.strictObject({ t: z.literal("failSubmissions"), n: count }),
  z.strictObject({ t: z.literal("failCommits"), n: count }),
  z.strictObject({ t: z.literal("delayWrites"), n: count }),
  z.strictObject({ t: z.literal("autoComplete"), on: z.boolean() }),
]);

/** Validate one op read from a replay file. */
export function parseLedgerOp(json: unknown): LedgerOp {
  const parsed = OpSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`not a done-ledger op${issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : ""}: ${issue?.message ?? "invalid"}`);
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
    case "releaseNext":
      return `releaseNext(${op.order})`;
    case "releaseSpecific":
      return `releaseSpecific(pending #${op.pick} mod count)`;
    case "releaseAll":
      return `releaseAll(${op.order})`;
    case "failSubmissions":
      return `failNextSubmissions(${op.n})`;
    case "failCommits":
      return `failNextCommits(${op.n})`;
    case "delayWrites":
      return `delayNextWrites(${op.n})`;
    case "autoComplete":
      return `setAutoComplete(${op.on})`;
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
    case "failSubmissions":
    case "failCommits":
    case "delayWrites":
      return op.n > 1 ? [{ ...op, n: 1 }] : [];
    case "releaseSpecific":
      return op.pick > 0 ? [{ ...op, pick: 0 }] : [];
    default:
      return [];
  }
}
