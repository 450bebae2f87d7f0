/** A trace entry as one line of "last events" and divergence reports. */
import type { TraceEntry } from "../../core/trace.js";

/**
 * `#12 t=55ms net.ack ack of request 7 (from #3)`: the step it was recorded in, its simulated
 * time, its kind, the target's description of its arguments (else the two numbers), and, when an
 * earlier op caused it, that op's step.
 */
export function eventLine(e: Pick<TraceEntry, "step" | "timeMs" | "kind" | "a" | "b" | "cause" | "text">): string {
  const args = e.text !== undefined ? e.text : `${e.a} ${e.b}`;
  const from = e.cause !== undefined && e.cause !== e.step ? ` (from #${e.cause})` : "";
  return `#${e.step} t=${e.timeMs}ms ${e.kind}${args === "" ? "" : ` ${args}`}${from}`;
}
