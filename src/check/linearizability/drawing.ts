/**
 * A witness as data a page can draw (`simctl run --html`, `lincheck --html`): the operations of the
 * failing partition as bars (process, call, return, text) and which of them the longest valid
 * order placed and which fit nowhere. Plain JSON, so it travels in a violation's details.
 */
import type { Witness } from "./check.js";
import type { Operation } from "./history.js";
import type { Model } from "./model.js";

export interface DrawnOp {
  readonly id: number;
  readonly process: string;
  readonly call: number;
  /** Null for an operation that never returned. */
  readonly ret: number | null;
  readonly text: string;
}

export interface HistoryDrawing {
  readonly partition?: string;
  readonly ops: readonly DrawnOp[];
  /** Ids in the longest valid order, in that order. */
  readonly linearized: readonly number[];
  /** Ids of the operations none of which fits next. */
  readonly stuck: readonly number[];
  /** Operations of the partition left out of `ops` (it keeps those around where it failed). */
  readonly omitted: number;
}

/** Operations drawn at most: the partition around its first stuck operation. */
export const DRAWN_OPS_MAX = 400;

export function drawOp<I, O>(model: Model<unknown, I, O>, op: Operation<I, O>): DrawnOp {
  return { id: op.id, process: op.process, call: op.call, ret: op.ret === Infinity ? null : op.ret, text: model.describe(op) };
}

export function historyDrawing<S, I, O>(model: Model<S, I, O>, witness: Witness<I, O>): HistoryDrawing {
  const ops = [...witness.partition].sort((x, y) => x.call - y.call || x.id - y.id);
  const stuckIds = new Set(witness.stuck.map((op) => op.id));
  const at = Math.max(0, ops.findIndex((op) => stuckIds.has(op.id)));
  const from = Math.max(0, Math.min(at - (DRAWN_OPS_MAX * 3) / 4, ops.length - DRAWN_OPS_MAX));
  const kept = ops.slice(from, from + DRAWN_OPS_MAX);
  const describe = model as unknown as Model<unknown, I, O>;
  return {
    ...(witness.partitionName !== undefined ? { partition: witness.partitionName } : {}),
    ops: kept.map((op) => drawOp(describe, op)),
    linearized: witness.linearized.map((op) => op.id),
    stuck: witness.stuck.map((op) => op.id),
    omitted: ops.length - kept.length,
  };
}
