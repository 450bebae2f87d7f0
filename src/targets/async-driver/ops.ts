/**
 * Async-driver ops, as plain JSON for replay files: one request of the application, a burst of n
 * requests at once (past the driver's capacity, so backpressure must show), or a consume of the
 * next records of the stream.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import type { RequestKind } from "./model.js";

export const REQUEST_KINDS = ["read", "write", "batch-read", "batch-write", "consume"] as const satisfies readonly RequestKind[];

export type DriverOp =
  | { readonly t: "req"; readonly kind: RequestKind; readonly key: number; readonly rows: number; readonly id: number }
  | { readonly t: "burst"; readonly kind: RequestKind; readonly n: number; readonly rows: number; readonly id: number };

const OpSchema = z.union([
  z.strictObject({ t: z.literal("req"), kind: z.enum(REQUEST_KINDS), key: z.number().int().min(0).max(1_000_000), rows: z.number().int().min(1).max(100_000), id: z.number().int().min(1) }),
  z.strictObject({ t: z.literal("burst"), kind: z.enum(REQUEST_KINDS), n: z.number().int().min(1).max(100_000), rows: z.number().int().min(1).max(100_000), id: z.number().int().min(1) }),
]);

export function parseDriverOp(json: unknown): DriverOp {
  return parseWith(OpSchema, json, "not an async-driver op");
}

export function describeDriverOp(op: DriverOp): string {
  if (op.t === "burst") return `burst of ${op.n} ${op.kind} requests (${op.id}..${op.id + op.n - 1}), ${op.rows} rows each`;
  return `${op.kind} ${op.id}${op.kind === "consume" ? `: ${op.rows} records` : ` of key ${op.key}${op.rows > 1 ? `, ${op.rows} rows` : ""}`}`;
}

export function shrinkDriverOp(op: DriverOp): DriverOp[] {
  const out: DriverOp[] = [];
  if (op.t === "burst" && op.n > 1) out.push({ ...op, n: Math.max(1, Math.floor(op.n / 2)) });
  if (op.rows > 1) out.push({ ...op, rows: Math.max(1, Math.floor(op.rows / 2)) });
  return out;
}
