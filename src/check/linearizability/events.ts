/**
 * From a log of events (invoke, ok, fail, info per process) to a history. Each process has at most
 * one operation in flight; `fail` means it did not happen (dropped), `info` that its outcome is
 * unknown (open); an invocation that never completes is open too. Reads that failed or stayed
 * open are dropped: they have no effect and returned nothing known.
 */
import type { History, Operation } from "./history.js";

export type EventType = "invoke" | "ok" | "fail" | "info";

export interface HistoryEvent<I, O> {
  readonly process: string;
  readonly type: EventType;
  /** For an invoke: the operation's input. */
  readonly input?: I;
  /** For an ok: the output (reads). */
  readonly output?: O;
  /** 1-based line, for errors. */
  readonly line: number;
  /** What the event says it is (`write`, `get k3`): a completion must match its invocation. */
  readonly what?: string;
}

export class HistoryParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "HistoryParseError";
  }
}

export function eventsToHistory<I, O>(events: readonly HistoryEvent<I, O>[], isRead: (input: I) => boolean): History<I, O> {
  const inFlight = new Map<string, { input: I; call: number; what: string | undefined }>();
  const ops: Omit<Operation<I, O>, "id">[] = [];
  events.forEach((e, t) => {
    const open = inFlight.get(e.process);
    if (e.type === "invoke") {
      if (open !== undefined) throw new HistoryParseError(e.line, `process ${e.process} invokes while its previous operation is still in flight`);
      if (e.input === undefined) throw new HistoryParseError(e.line, "invoke without an operation");
      inFlight.set(e.process, { input: e.input, call: t, what: e.what });
      return;
    }
    if (open === undefined) throw new HistoryParseError(e.line, `:${e.type} for process ${e.process} with no invocation in flight`);
    if (e.what !== undefined && open.what !== undefined && e.what !== open.what) {
      throw new HistoryParseError(e.line, `:${e.type} ${e.what} for process ${e.process} completes a different operation (${open.what} in flight)`);
    }
    inFlight.delete(e.process);
    if (e.type === "fail" || (e.type === "info" && isRead(open.input))) return;
    ops.push({ process: e.process, input: open.input, output: e.type === "ok" ? e.output : undefined, call: open.call, ret: e.type === "ok" ? t : Infinity });
  });
  for (const [process, open] of inFlight) if (!isRead(open.input)) ops.push({ process, input: open.input, output: undefined, call: open.call, ret: Infinity });
  return ops.sort((a, b) => a.call - b.call).map((op, id) => ({ ...op, id }));
}
