/**
 * What the liveness phase reports, in words: an op that never completed, a system that never went
 * quiet, an op the target declared stuck. (The phase itself is part of the run loop, run.ts.)
 *
 * VOPR's rule: after faults stop and the system heals, every request must complete; an op may stay
 * stuck only for a reason the target can state (`ctx.stuck(step, reason)`).
 */

/** The invariant of liveness violations. */
export const LIVENESS = "liveness";

/** Pending ops reported one by one; the last report counts the rest. */
export const PENDING_REPORTED_MAX = 10;

/** An op still pending at the end that the target declared stuck. */
export interface StuckOp {
  readonly step: number;
  /** The op, described. */
  readonly op: string;
  /** The target's reason. */
  readonly reason: string;
}

/** One step as a repro, "last ops" and the liveness messages show it: `#3 t=12ms (+4ms) transfer E -> A 5`. */
export function stepLine(step: number, atMs: number, gapMs: number, text: string): string {
  return `#${step} t=${atMs}ms${step > 0 ? ` (+${gapMs}ms)` : ""} ${text}`;
}

/** The violation of an op still pending after the liveness phase and `finish()`. */
export function pendingOpMessage(step: number, op: string, phase: { readonly livenessMsMax: number; readonly nowMs: number }, more: number): string {
  const after = phase.livenessMsMax > 0 ? `the liveness phase (faults stopped, heal() called, up to ${phase.livenessMsMax} ms) and finish()` : "finish() (the liveness phase was off: livenessMsMax 0)";
  const rest = more > 0 ? `; ${more} more op${more > 1 ? "s are" : " is"} pending too` : "";
  return `op #${step} (${op}) never completed: its promise was still pending at t=${phase.nowMs} ms, after ${after}${rest}; if the op is legitimately stuck, declare it with ctx.stuck(${step}, reason)`;
}

/** The violation of a system whose events did not run out within the liveness budget. */
export function unquietMessage(e: {
  readonly budgetMs: number;
  readonly startMs: number;
  readonly left: number;
  readonly kind: string;
  readonly text: string;
  readonly atMs: number;
  readonly cause: number;
  readonly op: string | undefined;
  /** The run's op count: a cause at or past it is the liveness phase itself. */
  readonly ops: number;
}): string {
  const by = e.cause >= e.ops ? "scheduled after the last op (by heal() or an event it caused)" : e.op !== undefined ? `scheduled by op #${e.cause} (${e.op})` : `scheduled by op #${e.cause}`;
  return (
    `the system did not quiesce: ${e.left} event${e.left === 1 ? " was" : "s were"} still scheduled ${e.budgetMs} ms after the liveness phase began at t=${e.startMs} ms (livenessMsMax), ` +
    `the next: ${e.kind} ${e.text} at t=${e.atMs} ms, ${by}; a system with timers that never run out can say when it has settled with quiescent()`
  );
}
