/**
 * Checking a history for linearizability: split it into independent partitions when the model
 * allows (P-compositionality), search each, and combine. Never a silent wrong answer: a search
 * that runs out of budget makes the result `unknown`, never `linearizable`.
 */
import type { History, Operation } from "./history.js";
import type { Model } from "./model.js";
import { searchLinearization, type SearchBudget } from "./wgl.js";

/** Why a history is not linearizable, in terms a reader can check by hand. */
export interface Witness<I = unknown, O = unknown> {
  /** The operations of the partition that failed. */
  readonly partition: History<I, O>;
  /** The longest order of operations the search could place, and the state after it. */
  readonly linearized: readonly Operation<I, O>[];
  readonly state: string;
  /** The operations that were candidates next and none of which fit that state. */
  readonly stuck: readonly Operation<I, O>[];
}

export type LinearizabilityResult<I = unknown, O = unknown> =
  | { readonly verdict: "linearizable"; readonly explored: number; readonly partitions: number }
  | { readonly verdict: "not linearizable"; readonly explored: number; readonly partitions: number; readonly witness: Witness<I, O> }
  | { readonly verdict: "unknown"; readonly explored: number; readonly partitions: number; readonly reason: string };

export const DEFAULT_BUDGET: SearchBudget = { maxStates: 5_000_000 };

export function checkLinearizability<S, I, O>(model: Model<S, I, O>, history: History<I, O>, budget: SearchBudget = DEFAULT_BUDGET): LinearizabilityResult<I, O> {
  const parts = model.partition !== undefined ? model.partition(history) : [history];
  let explored = 0;
  let unknown: string | null = null;
  for (const part of parts) {
    const local = renumber(part);
    const result = searchLinearization(model, local.ops, { ...budget, maxStates: budget.maxStates - explored });
    explored += result.explored;
    if (result.kind === "fail") {
      const witness = makeWitness(model, local, result.deepest, result.state);
      return { verdict: "not linearizable", explored, partitions: parts.length, witness };
    }
    if (result.kind === "unknown") unknown ??= result.reason;
    if (explored >= budget.maxStates) unknown ??= `explored ${budget.maxStates} states without a verdict`;
  }
  return unknown !== null ? { verdict: "unknown", explored, partitions: parts.length, reason: unknown } : { verdict: "linearizable", explored, partitions: parts.length };
}

/** A partition with ids 0..n-1 (the search indexes its bitset by id), mapped back for witnesses. */
function renumber<I, O>(part: History<I, O>): { ops: readonly Operation<I, O>[]; original: readonly Operation<I, O>[] } {
  if (part.every((op, i) => op.id === i)) return { ops: part, original: part };
  return { ops: part.map((op, i) => ({ ...op, id: i })), original: part };
}

function makeWitness<S, I, O>(model: Model<S, I, O>, local: { ops: readonly Operation<I, O>[]; original: readonly Operation<I, O>[] }, deepest: readonly Operation<I, O>[], state: S): Witness<I, O> {
  const placed = new Set(deepest.map((op) => op.id));
  const rest = local.ops.filter((op) => !placed.has(op.id));
  // Candidates: unplaced operations called before the earliest return among unplaced ones.
  let firstReturn = Infinity;
  for (const op of rest) if (op.ret < firstReturn) firstReturn = op.ret;
  const stuck = rest.filter((op) => op.call < firstReturn);
  const back = (op: Operation<I, O>): Operation<I, O> => local.original[op.id]!;
  return { partition: local.original, linearized: deepest.map(back), state: model.describeState(state), stuck: stuck.map(back) };
}

/** The witness as readable lines. */
export function describeWitness<S, I, O>(model: Model<S, I, O>, witness: Witness<I, O>): string[] {
  const lines = [`partition of ${witness.partition.length} operations; the longest valid order found:`];
  witness.linearized.forEach((op, i) => lines.push(`  ${i + 1}. ${model.describe(op)}`));
  lines.push(`  state then: ${witness.state}`, "none of these fits next:");
  for (const op of witness.stuck) lines.push(`  - ${model.describe(op)}`);
  return lines;
}
