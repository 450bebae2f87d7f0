/**
 * Replication ops: what a client asks (a put, a del, a read at the owner) and what an operator
 * does (move a namespace to another node), as plain JSON for replay files. Namespaces and keys are
 * indices into model.ts; a mutation carries its request id, unique in a run, so that its frame is
 * distinct and its value readable.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";
import { KEYS, NAMESPACE_COUNT, NODES_MAX, namespaceName } from "./model.js";

export type ReplicationOp =
  | { readonly t: "put"; readonly j: number; readonly key: number; readonly id: number }
  | { readonly t: "del"; readonly j: number; readonly key: number; readonly id: number }
  | { readonly t: "get"; readonly j: number; readonly key: number }
  /** Move namespace `j` to the node `by` places after its owner (an operator's rebalancing). */
  | { readonly t: "move"; readonly j: number; readonly by: number };

export type ReplicationOpType = ReplicationOp["t"];

const j = z.number().int().min(0).max(NAMESPACE_COUNT - 1);
const key = z.number().int().min(0).max(KEYS.length - 1);
const id = z.number().int().min(1);

const OpSchema = z.discriminatedUnion("t", [
  z.strictObject({ t: z.literal("put"), j, key, id }),
  z.strictObject({ t: z.literal("del"), j, key, id }),
  z.strictObject({ t: z.literal("get"), j, key }),
  z.strictObject({ t: z.literal("move"), j, by: z.number().int().min(1).max(NODES_MAX - 1) }),
]);

export function parseReplicationOp(json: unknown): ReplicationOp {
  return parseWith(OpSchema, json, "not a replication op");
}

export function describeReplicationOp(op: ReplicationOp): string {
  const where = `${namespaceName(op.j)}`;
  switch (op.t) {
    case "put":
      return `put ${where} ${KEYS[op.key]} = v${op.id}`;
    case "del":
      return `del ${where} ${KEYS[op.key]} (request ${op.id})`;
    case "get":
      return `get ${where} ${KEYS[op.key]} at its owner`;
    case "move":
      return `move ${where} ${op.by} node${op.by > 1 ? "s" : ""} on`;
  }
}

/** Simpler variants for the shrinker: the first key, the next node. */
export function shrinkReplicationOp(op: ReplicationOp): ReplicationOp[] {
  switch (op.t) {
    case "put":
    case "del":
    case "get":
      return op.key > 0 ? [{ ...op, key: 0 }] : [];
    case "move":
      return op.by > 1 ? [{ ...op, by: 1 }] : [];
  }
}
