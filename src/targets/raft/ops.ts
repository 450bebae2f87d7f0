/**
 * Raft ops: a client's put, get or append of one of a few keys, as plain JSON for replay files.
 * Each op carries its id (unique in a run), so that written values are distinct and readable.
 */
import { z } from "zod";
import { parseWith, WeightedChoice, type Rng, type Weights } from "../../index.js";

export const KEYS = ["x", "y", "z"] as const;
/** Clients, each issuing its ops one after another (a session with one sequence number). */
export const CLIENTS = 4;

export type RaftOpType = "put" | "get" | "append";
export interface RaftOp {
  readonly t: RaftOpType;
  readonly c: number;
  readonly k: number;
  readonly id: number;
}

const OpSchema = z.strictObject({
  t: z.enum(["put", "get", "append"]),
  c: z.number().int().min(0).max(CLIENTS - 1),
  k: z.number().int().min(0).max(KEYS.length - 1),
  id: z.number().int().min(1),
});

export function parseRaftOp(json: unknown): RaftOp {
  return parseWith(OpSchema, json, "not a raft op");
}

export function describeRaftOp(op: RaftOp): string {
  const key = KEYS[op.k]!;
  if (op.t === "get") return `client ${op.c}: get ${key}`;
  return `client ${op.c}: ${op.t} ${key} ${JSON.stringify(opValue(op))}`;
}

/** The value a put or append writes: distinct per op. */
export function opValue(op: RaftOp): string {
  return op.t === "append" ? `.${op.id}` : op.t === "put" ? `v${op.id}` : "";
}

export function shrinkRaftOp(op: RaftOp): RaftOp[] {
  return op.k > 0 ? [{ ...op, k: 0 }] : [];
}

export const WEIGHTS: Weights<RaftOpType> = { put: 4, get: 3, append: 2 };

export class RaftWorkload {
  readonly #choice: WeightedChoice<RaftOpType>;
  #id = 0;

  constructor(
    readonly rng: Rng,
    weights: Weights<RaftOpType>,
  ) {
    this.#choice = new WeightedChoice(weights);
  }

  next(): RaftOp {
    const t = this.#choice.pick(this.rng);
    return { t, c: this.rng.int(CLIENTS), k: this.rng.int(KEYS.length), id: ++this.#id };
  }
}
