/**
 * The ops of the plugged done-ledger target (a user's store): the built-in target's upserts and
 * reads, an upsert that may be held in flight or be a replay of an earlier batch, and the
 * delivery ops that bring held batches to the store, out of order.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import { DELIVERY_SCHEMAS, describeDelivery, isDelivery, shrinkDelivery, type DeliveryOp } from "../shared/delivery-ops.js";
import type { KeyedRecord } from "./oracle.js";
import { READ_SCHEMAS, RecordSchema, describeLedgerOp, shrinkLedgerOp, type LedgerDataOp } from "./ops.js";

export interface PluggedUpsert {
  readonly t: "upsert";
  readonly recs: readonly KeyedRecord[];
  /** Held in flight until a delivery (or the end of the run) brings it to the store. */
  readonly hold?: boolean;
  /** An exact copy of an earlier batch (a client's retry): for the histogram and repros. */
  readonly replay?: boolean;
}

export type PluggedLedgerDataOp = PluggedUpsert | Exclude<LedgerDataOp, { readonly t: "upsert" }>;
export type PluggedLedgerOp = PluggedLedgerDataOp | DeliveryOp;

const OpSchema = z.discriminatedUnion("t", [
  z.strictObject({ t: z.literal("upsert"), recs: z.array(RecordSchema).min(1), hold: z.boolean().optional(), replay: z.boolean().optional() }),
  ...READ_SCHEMAS,
  ...DELIVERY_SCHEMAS,
]);

export function parsePluggedLedgerOp(json: unknown): PluggedLedgerOp {
  return parseWith(OpSchema, json, "not an op of the plugged done-ledger");
}

export function describePluggedLedgerOp(op: PluggedLedgerOp): string {
  if (isDelivery(op)) return describeDelivery(op);
  if (op.t === "upsert") return `${op.hold === true ? "hold " : ""}${op.replay === true ? "replay " : ""}${describeLedgerOp({ t: "upsert", recs: op.recs })}`;
  return describeLedgerOp(op);
}

/** Simpler variants: a held batch written at once, then the built-in target's smaller batches. */
export function shrinkPluggedLedgerOp(op: PluggedLedgerOp): PluggedLedgerOp[] {
  if (isDelivery(op)) return shrinkDelivery(op);
  if (op.t !== "upsert") return shrinkLedgerOp(op) as PluggedLedgerOp[];
  const flags = { ...(op.hold === true ? { hold: true } : {}), ...(op.replay === true ? { replay: true } : {}) };
  const smaller = shrinkLedgerOp({ t: "upsert", recs: op.recs }).map((v) => ({ ...(v as PluggedUpsert), ...flags }));
  return op.hold === true ? [{ t: "upsert", recs: op.recs }, ...smaller] : smaller;
}
