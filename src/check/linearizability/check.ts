/**
 * Checking a history for linearizability: split it into independent partitions when the model
 * allows (P-compositionality) and decide each. A partition is decided without search when its
 * shape allows (quick.ts), else by the WGL search with its own state budget.
 *
 * Searches are interleaved, smallest partition first, in rounds of growing budgets (each round
 * restarts a search with four times the last round's budget, so the repeated work is at most a
 * third more): a partition that fails quickly is found before a large linearizable one has spent
 * its budget, as if they ran side by side, while only one search's memo is held at a time.
 * Any failing partition fails the history; it is inconclusive ("unknown") only if none fails and
 * some could not be decided. Never a silent wrong answer: a search that runs out of budget or time
 * makes the result unknown, never linearizable.
 */
import type { History, Operation } from "./history.js";
import { Memo } from "./memo.js";
import type { Model } from "./model.js";
import { decideQuickly, type QuickResult } from "./quick.js";
import { searchLinearization, type SearchBudget, type SearchResult } from "./wgl.js";

/** Why a history is not linearizable, in terms a reader can check by hand. */
export interface Witness<I = unknown, O = unknown> {
  /** The operations of the partition that failed, and its name (the key) when it has one. */
  readonly partition: History<I, O>;
  readonly partitionName?: string;
  /** The longest order of operations the search could place, and the state after it. */
  readonly linearized: readonly Operation<I, O>[];
  readonly state: string;
  /** The operations that were candidates next and none of which fit that state. */
  readonly stuck: readonly Operation<I, O>[];
  /** When decided without search: why, in sentences about the operations. */
  readonly explanation?: readonly string[];
}

export type LinearizabilityResult<I = unknown, O = unknown> =
  | { readonly verdict: "linearizable"; readonly explored: number; readonly partitions: number }
  | { readonly verdict: "not linearizable"; readonly explored: number; readonly partitions: number; readonly witness: Witness<I, O>; readonly failedPartitions: number }
  | { readonly verdict: "unknown"; readonly explored: number; readonly partitions: number; readonly reason: string; readonly undecided: number };

export interface CheckOptions extends SearchBudget {
  /** Decide every partition instead of stopping at the first that fails. */
  readonly all?: boolean;
}

export const DEFAULT_BUDGET: CheckOptions = { maxStates: 5_000_000 };

/** First round's state budget per partition; each round multiplies it by ROUND_GROWTH. */
const FIRST_ROUND_STATES = 4096;
const ROUND_GROWTH = 4;

type QuickFailure<I, O> = Extract<QuickResult<I, O>, { kind: "fail" }>;

interface Part<I, O> {
  readonly ops: History<I, O>;
  readonly original: History<I, O>;
  readonly name: string | undefined;
}

export function checkLinearizability<S, I, O>(model: Model<S, I, O>, history: History<I, O>, options: CheckOptions = DEFAULT_BUDGET): LinearizabilityResult<I, O> {
  const raw = model.partition !== undefined ? model.partition(history) : [history];
  const parts = raw.map((p) => renumber(model, p)).sort((a, b) => a.ops.length - b.ops.length);
  let explored = 0;
  let failed: Witness<I, O> | undefined;
  let failedCount = 0;
  const fail = (w: Witness<I, O>): void => {
    failed ??= w;
    failedCount++;
  };
  const pending: Part<I, O>[] = [];
  const memo = new Memo();
  for (const part of parts) {
    const quick = decideQuickly(model, part.ops);
    if (quick === null) pending.push(part);
    else if (quick.kind === "fail") fail(quickWitness(model, part, quick, memo));
    if (failed !== undefined && options.all !== true) return notLinearizable(failed, explored, parts.length, failedCount);
  }
  const undecided: string[] = [];
  let timedOut = false;
  for (let budget = Math.min(FIRST_ROUND_STATES, options.maxStates); pending.length > 0; budget = Math.min(budget * ROUND_GROWTH, options.maxStates)) {
    for (let i = 0; i < pending.length; i++) {
      const part = pending[i]!;
      // The last search left needs no rounds: give it the whole budget at once.
      const states = pending.length === 1 ? options.maxStates : budget;
      const searched = model.refine?.(part.ops) ?? model;
      const result: SearchResult<S, I, O> | undefined = timedOut ? undefined : searchLinearization(searched, part.ops, { maxStates: states, shouldStop: options.shouldStop }, memo);
      if (result !== undefined) explored += result.explored;
      if (result?.kind === "unknown" && result.reason === "budget" && states < options.maxStates) continue;
      pending.splice(i--, 1);
      if (result === undefined || result.kind === "unknown") {
        timedOut ||= result?.reason === "time" || result === undefined;
        undecided.push(`${part.name ?? "the history"}: ${timedOut ? "time limit reached" : `explored ${options.maxStates} states without a verdict`}`);
      } else if (result.kind === "fail") {
        fail(searchWitness(model, part, result.deepest, result.state));
        if (options.all !== true) return notLinearizable(failed!, explored, parts.length, failedCount);
      }
    }
  }
  if (failed !== undefined) return notLinearizable(failed, explored, parts.length, failedCount);
  if (undecided.length > 0) return { verdict: "unknown", explored, partitions: parts.length, reason: summarise(undecided), undecided: undecided.length };
  return { verdict: "linearizable", explored, partitions: parts.length };
}

function notLinearizable<I, O>(witness: Witness<I, O>, explored: number, partitions: number, failedPartitions: number): LinearizabilityResult<I, O> {
  return { verdict: "not linearizable", explored, partitions, witness, failedPartitions };
}

function summarise(undecided: readonly string[]): string {
  return undecided.length === 1 ? undecided[0]! : `${undecided.length} partitions undecided (${undecided.slice(0, 3).join("; ")}${undecided.length > 3 ? "; ..." : ""})`;
}

/** A partition with ids 0..n-1 (the search indexes its bitset by id), mapped back for witnesses. */
function renumber<S, I, O>(model: Model<S, I, O>, part: History<I, O>): Part<I, O> {
  const name = model.partition !== undefined ? model.partitionName?.(part) : undefined;
  if (part.every((op, i) => op.id === i)) return { ops: part, original: part, name };
  return { ops: part.map((op, i) => ({ ...op, id: i })), original: part, name };
}

function back<I, O>(part: Part<I, O>, op: Operation<I, O>): Operation<I, O> {
  return part.original[op.id]!;
}

/** Budget of the search that finds the longest valid order for a partition decided without it. */
const WITNESS_STATES = 10_000;

/**
 * The witness of a partition decided without search: its explanation, and, when a small search
 * can find it, the longest valid order (what a reader of a timeline looks for first).
 */
function quickWitness<S, I, O>(model: Model<S, I, O>, part: Part<I, O>, q: QuickFailure<I, O>, memo: Memo): Witness<I, O> {
  const search = q.by !== "sequential" ? searchLinearization(model, part.ops, { maxStates: WITNESS_STATES }, memo) : undefined;
  if (search?.kind === "fail") return { ...searchWitness(model, part, search.deepest, search.state), explanation: q.explanation };
  return {
    partition: part.original,
    ...(part.name !== undefined ? { partitionName: part.name } : {}),
    linearized: q.linearized.map((op) => back(part, op)),
    state: q.state,
    stuck: q.stuck.map((op) => back(part, op)),
    explanation: q.explanation,
  };
}

function searchWitness<S, I, O>(model: Model<S, I, O>, part: Part<I, O>, deepest: readonly Operation<I, O>[], state: S): Witness<I, O> {
  const placed = new Set(deepest.map((op) => op.id));
  const rest = part.ops.filter((op) => !placed.has(op.id));
  // Candidates: unplaced operations called before the earliest return among unplaced ones.
  let firstReturn = Infinity;
  for (const op of rest) if (op.ret < firstReturn) firstReturn = op.ret;
  const stuck = rest.filter((op) => op.call < firstReturn);
  return {
    partition: part.original,
    ...(part.name !== undefined ? { partitionName: part.name } : {}),
    linearized: deepest.map((op) => back(part, op)),
    state: model.describeState(state),
    stuck: stuck.map((op) => back(part, op)),
  };
}

/** The witness as readable lines. */
export function describeWitness<S, I, O>(model: Model<S, I, O>, witness: Witness<I, O>): string[] {
  const where = witness.partitionName !== undefined ? ` (${witness.partitionName})` : "";
  const why = (witness.explanation ?? []).map((l) => `  ${l}`);
  if (witness.explanation !== undefined && witness.linearized.length === 0) {
    return [`partition of ${witness.partition.length} operations${where}:`, ...why, "operations involved:", ...witness.stuck.map((op) => `  - ${model.describe(op)}`)];
  }
  const lines = [`partition of ${witness.partition.length} operations${where}:`, ...why, "the longest valid order found:"];
  witness.linearized.forEach((op, i) => lines.push(`  ${i + 1}. ${model.describe(op)}`));
  lines.push(`  state then: ${witness.state}`, "none of these fits next:");
  for (const op of witness.stuck) lines.push(`  - ${model.describe(op)}`);
  return lines;
}
