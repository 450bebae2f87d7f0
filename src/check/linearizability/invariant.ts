/**
 * "The client history is linearizable" as one invariant of a target: record the history during
 * the run with a {@link HistoryRecorder}, then call this from `finish()`. A history that is not
 * linearizable becomes a violation carrying the witness; one the budget could not decide becomes
 * an inconclusive entry (`ctx.inconclusive`): never a violation, never silently a pass.
 */
import type { RunContext, Violation } from "../../core/target.js";
import { checkLinearizability, describeWitness, DEFAULT_BUDGET, type CheckOptions, type LinearizabilityResult } from "./check.js";
import { historyDrawing } from "./drawing.js";
import type { History } from "./history.js";
import type { Model } from "./model.js";

export function historyViolations<S, I, O>(ctx: RunContext, invariant: string, model: Model<S, I, O>, history: History<I, O>, budget: CheckOptions = DEFAULT_BUDGET): Violation[] {
  return resultViolations(ctx, invariant, model, history.length, checkLinearizability(model, history, budget));
}

/** A check's result as what the run reports: nothing, a violation, or an inconclusive entry. */
export function resultViolations<S, I, O>(ctx: RunContext, invariant: string, model: Model<S, I, O>, operations: number, result: LinearizabilityResult<I, O>): Violation[] {
  if (result.verdict === "linearizable") return [];
  if (result.verdict === "unknown") {
    return [ctx.inconclusive(invariant, `the client history (${operations} operations) could not be decided: ${result.reason}`, { explored: result.explored })];
  }
  const w = result.witness;
  const stuck = w.stuck[0];
  const where = w.partitionName !== undefined ? ` at ${w.partitionName}` : "";
  const summary = w.explanation?.[0] ?? (stuck !== undefined ? `${model.describe(stuck)} fits no valid order (after ${w.linearized.length} placed operations)` : "no valid order");
  return [ctx.violation(invariant, `the client history is not linearizable${where}: ${summary}`, { witness: describeWitness(model, w), history: historyDrawing(model, w) })];
}
