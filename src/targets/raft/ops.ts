/**
 * Raft ops: a client's put, get or append of one of a few keys, as plain JSON for replay files.
 * Each op carries its id (unique in a run), so that written values are distinct and readable.
 *
 * Control ops (crash, restart, split, heal, elect) are never drawn by the workload: faults come
 * from the fault models. They are there for hand-written schedules (the scenario regressions in
 * seeds/, such as the Raft paper's Figure 8), where a step must crash this node or make that one
 * stand for election now.
 */
import { z } from "zod";
import { parseWith, WeightedChoice, type Rng, type Weights } from "../../index.js";

export const KEYS = ["x", "y", "z"] as const;
/** Clients, each issuing its ops one after another (a session with one sequence number). */
export const CLIENTS = 4;

export type RaftOpType = "put" | "get" | "append";
export interface ClientOp {
  readonly t: RaftOpType;
  readonly c: number;
  readonly k: number;
  readonly id: number;
}

/** A scripted fault or timer: crash or restart node n, split the nodes `a` from the rest, heal the split, or fire n's election timer now. */
export type ControlOp =
  | { readonly t: "crash" | "restart" | "elect"; readonly n: number }
  | { readonly t: "split"; readonly a: readonly number[] }
  | { readonly t: "heal" };

export type RaftOp = ClientOp | ControlOp;

const NODE = z.number().int().min(0).max(4);
const OpSchema = z.union([
  z.strictObject({
    t: z.enum(["put", "get", "append"]),
    c: z.number().int().min(0).max(CLIENTS - 1),
    k: z.number().int().min(0).max(KEYS.length - 1),
    id: z.number().int().min(1),
  }),
  z.strictObject({ t: z.enum(["crash", "restart", "elect"]), n: NODE }),
  z.strictObject({ t: z.literal("split"), a: z.array(NODE).min(1).max(4) }),
  z.strictObject({ t: z.literal("heal") }),
]);

export function parseRaftOp(json: unknown): RaftOp {
  return parseWith(OpSchema, json, "not a raft op");
}

export function isClientOp(op: RaftOp): op is ClientOp {
  return op.t === "put" || op.t === "get" || op.t === "append";
}

export function describeRaftOp(op: RaftOp): string {
  if (!isClientOp(op)) return describeControl(op);
  const key = KEYS[op.k]!;
  if (op.t === "get") return `client ${op.c}: get ${key}`;
  return `client ${op.c}: ${op.t} ${key} ${JSON.stringify(opValue(op))}`;
}

function describeControl(op: ControlOp): string {
  switch (op.t) {
    case "split":
      return `split nodes ${op.a.join(", ")} from the rest`;
    case "heal":
      return "heal the split";
    case "elect":
      return `node ${op.n}'s election timer fires`;
    default:
      return `${op.t} node ${op.n}`;
  }
}

/** The value a put or append writes: distinct per op. */
export function opValue(op: ClientOp): string {
  return op.t === "append" ? `.${op.id}` : op.t === "put" ? `v${op.id}` : "";
}

export function shrinkRaftOp(op: RaftOp): RaftOp[] {
  return isClientOp(op) && op.k > 0 ? [{ ...op, k: 0 }] : [];
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

  next(): ClientOp {
    const t = this.#choice.pick(this.rng);
    return { t, c: this.rng.int(CLIENTS), k: this.rng.int(KEYS.length), id: ++this.#id };
  }
}
