/**
 * Failover ops, as plain JSON for replay files: a client's write of a new id to a key, or the
 * failure of whoever holds the lease (a crash with its downtime, a pause, or a partition from the
 * store that holds its messages), decided by the op so that it replays with it.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import type { FailureMode } from "./certification-types.js";
import { KEYS, keyName } from "./model.js";

export const FAILURE_MODES = ["crash", "pause", "partition"] as const satisfies readonly FailureMode[];

export type FailoverOp = { readonly t: "write"; readonly k: number; readonly id: number } | { readonly t: "fail"; readonly mode: FailureMode; readonly ms: number };

const OpSchema = z.union([
  z.strictObject({ t: z.literal("write"), k: z.number().int().min(0).max(KEYS.length - 1), id: z.number().int().min(1) }),
  z.strictObject({ t: z.literal("fail"), mode: z.enum(FAILURE_MODES), ms: z.number().int().min(1).max(600_000) }),
]);

export function parseFailoverOp(json: unknown): FailoverOp {
  return parseWith(OpSchema, json, "not a failover op");
}

export function describeFailoverOp(op: FailoverOp): string {
  if (op.t === "write") return `write ${op.id} to ${keyName(op.k)}`;
  const what = op.mode === "crash" ? "crashes, restarting" : op.mode === "pause" ? "pauses, resuming" : "is cut off from the store (its messages held)";
  return `the primary ${what} for ${op.ms} ms`;
}

/** A shorter failure first: the shortest that still fails is the clearest repro. */
export function shrinkFailoverOp(op: FailoverOp): FailoverOp[] {
  if (op.t !== "fail" || op.ms <= 500) return [];
  return [{ ...op, ms: Math.max(500, Math.round(op.ms / 2)) }];
}
