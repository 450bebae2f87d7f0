/**
 * The ops of the plugged findings-sink target (a user's store): the built-in target's batches
 * and reads, a batch that may be held in flight, and the delivery ops that bring held batches to
 * the store, out of order.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import { DELIVERY_SCHEMAS, describeDelivery, isDelivery, shrinkDelivery, type DeliveryOp } from "../shared/delivery-ops.js";
import { BatchSchema, READ_SCHEMAS, describeSinkOp, shrinkSinkOp, type BatchSpec, type SinkDataOp } from "./ops.js";

export interface PluggedSinkUpsert {
  readonly t: "upsert";
  readonly batch: BatchSpec;
  /** An exact copy of an earlier batch (a client's retry): for the histogram and repros. */
  readonly replay?: boolean;
  /** Held in flight until a delivery (or the end of the run) brings it to the store. */
  readonly hold?: boolean;
}

export type PluggedSinkDataOp = PluggedSinkUpsert | Exclude<SinkDataOp, { readonly t: "upsert" }>;
export type PluggedSinkOp = PluggedSinkDataOp | DeliveryOp;

const OpSchema = z.discriminatedUnion("t", [
  z.strictObject({ t: z.literal("upsert"), batch: BatchSchema, replay: z.boolean().optional(), hold: z.boolean().optional() }),
  ...READ_SCHEMAS,
  ...DELIVERY_SCHEMAS,
]);

export function parsePluggedSinkOp(json: unknown): PluggedSinkOp {
  return parseWith(OpSchema, json, "not an op of the plugged findings-sink");
}

export function describePluggedSinkOp(op: PluggedSinkOp): string {
  if (isDelivery(op)) return describeDelivery(op);
  return `${op.t === "upsert" && op.hold === true ? "hold " : ""}${describeSinkOp(op)}`;
}

/** Simpler variants: a held batch written at once, then the built-in target's smaller batches (still held). */
export function shrinkPluggedSinkOp(op: PluggedSinkOp): PluggedSinkOp[] {
  if (isDelivery(op)) return shrinkDelivery(op);
  if (op.t !== "upsert") return [];
  const smaller = shrinkSinkOp({ t: "upsert", batch: op.batch }).map((v) => (op.hold === true ? { ...(v as PluggedSinkUpsert), hold: true } : (v as PluggedSinkUpsert)));
  return op.hold === true ? [{ t: "upsert", batch: op.batch }, ...smaller] : smaller;
}
