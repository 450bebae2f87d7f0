/**
 * "The client history is linearizable" as one invariant of a target: record the history during
 * the run with a {@link HistoryRecorder}, then call this from `finish()`. A history that is not
 * linearizable becomes a violation carrying the witness; one the budget could not decide becomes
 * a violation too (never silently a pass).
 */
import type { RunContext, Violation } from "../../core/target.js";
import { checkLinearizability, describeWitness, DEFAULT_BUDGET } from "./check.js";
import type { History } from "./history.js";
import type { Model } from "./model.js";
import type { SearchBudget } from "./wgl.js";

export function historyViolations<S, I, O>(
  ctx: RunContext,
  invariant: string,
  model: Model<S, I, O>,
  history: History<I, O>,
  budget: SearchBudget = DEFAULT_BUDGET,
): Violation[] {
  const result = checkLinearizability(model, history, budget);
  if (result.verdict === "linearizable") return [];
  if (result.verdict === "unknown") {
    return [ctx.violation(invariant, `the client history (${history.length} operations) could not be checked: ${result.reason}`)];
  }
  const stuck = result.witness.stuck[0];
  const summary = stuck !== undefined ? `${model.describe(stuck)} fits no valid order` : "no valid order";
  return [
    ctx.violation(invariant, `the client history is not linearizable: ${summary} (after ${result.witness.linearized.length} placed operations)`, {
      witness: describeWitness(model, result.witness),
    }),
  ];
}
