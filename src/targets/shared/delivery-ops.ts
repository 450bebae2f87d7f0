/**
 * The delivery ops of a plugged store target (a user's backend, no fault controls): a client's
 * batch can be held in flight (a slow network, a writer that retries later) and delivered later,
 * out of order. Their JSON shape, schemas, readable form, shrinking and generation live here once.
 */
import { z } from "zod";
import type { Rng } from "../../index.js";

export type DeliveryOrder = "oldestFirst" | "newestFirst";

export type DeliveryOp =
  /** Deliver the in-flight batch at position `pick` modulo the number in flight, oldest first. */
  | { readonly t: "deliver"; readonly pick: number }
  /** Deliver every batch in flight now, in `order`. */
  | { readonly t: "deliverAll"; readonly order: DeliveryOrder };

export type DeliveryType = DeliveryOp["t"];

export const DELIVERY_TYPES: readonly DeliveryType[] = ["deliver", "deliverAll"];

/** Default weights of the delivery ops in a workload table (the target weights its own ops). */
export const DELIVERY_WEIGHTS: Readonly<Record<DeliveryType, number>> = { deliver: 8, deliverAll: 3 };

export function isDelivery(op: { readonly t: string }): op is DeliveryOp {
  return (DELIVERY_TYPES as readonly string[]).includes(op.t);
}

const order = z.enum(["oldestFirst", "newestFirst"]);

/** Schemas of the delivery ops, to spread into a plugged target's discriminated union of ops. */
export const DELIVERY_SCHEMAS = [
  z.strictObject({ t: z.literal("deliver"), pick: z.number().int().nonnegative() }),
  z.strictObject({ t: z.literal("deliverAll"), order }),
] as const;

export function describeDelivery(op: DeliveryOp): string {
  return op.t === "deliver" ? `deliver(in-flight #${op.pick} mod count)` : `deliverAll(${op.order})`;
}

/** Simpler variants: the oldest batch in flight. */
export function shrinkDelivery(op: DeliveryOp): DeliveryOp[] {
  return op.t === "deliver" && op.pick > 0 ? [{ t: "deliver", pick: 0 }] : [];
}

export function drawDelivery(t: DeliveryType, rng: Rng): DeliveryOp {
  return t === "deliver" ? { t, pick: rng.int(64) } : { t, order: rng.chance(0.5) ? "oldestFirst" : "newestFirst" };
}
