/**
 * The Wing-Gong-Lowe search for one (partition of a) history, with Lowe's memoisation: a
 * (linearized set, model state) pair already explored is never explored again. Operations are
 * taken in a doubly linked list of call and return entries ordered by time; the search tries to
 * linearize each call that precedes the first pending return, and backtracks when it reaches a
 * return whose operation it could not place. Open operations (no return) may be placed anywhere
 * after their call, or left out: the search succeeds once every completed operation is placed.
 */
import { Bitset } from "./bitset.js";
import { Memo } from "./memo.js";
import type { History, Operation } from "./history.js";
import type { Model } from "./model.js";

export interface SearchBudget {
  /** Most (linearized set, state) pairs to explore before giving up as unknown. */
  readonly maxStates: number;
  /** Polled now and then; true stops the search as unknown (the CLI's wall-clock limit). */
  readonly shouldStop?: (() => boolean) | undefined;
}

export type SearchResult<S, I, O> =
  | { readonly kind: "ok"; readonly explored: number }
  | { readonly kind: "fail"; readonly explored: number; readonly deepest: readonly Operation<I, O>[]; readonly state: S }
  | { readonly kind: "unknown"; readonly explored: number; readonly reason: string };

interface Entry<I, O> {
  readonly op: Operation<I, O>;
  readonly call: boolean;
  /** The matching return entry of a call (null for an open operation). */
  match: Entry<I, O> | null;
  prev: Entry<I, O> | null;
  next: Entry<I, O> | null;
}

const POLL_EVERY = 4096;

export function searchLinearization<S, I, O>(model: Model<S, I, O>, history: History<I, O>, budget: SearchBudget): SearchResult<S, I, O> {
  const sequential = sequentialCheck(model, history);
  if (sequential !== null) return sequential;
  const head = buildList(history);
  let returns = history.filter((op) => op.ret !== Infinity).length;
  let state = model.init();
  const linearized = new Bitset(history.length);
  const stack: { entry: Entry<I, O>; state: S }[] = [];
  const memo = new Memo(linearized.words.length);
  let explored = 0;
  // The witness is the deepest partial linearization. Copying the stack at every new depth would
  // be quadratic, so it is copied only when the search first backs out of a new deepest point.
  let deepest: Operation<I, O>[] = [];
  let deepestState = state;
  let deepestDepth = 0;
  let captured = true;
  const capture = (): void => {
    if (captured || stack.length !== deepestDepth) return;
    deepest = stack.map((s) => s.entry.op);
    deepestState = state;
    captured = true;
  };
  let entry = head.next;
  let polls = 0;
  while (returns > 0) {
    if (++polls % POLL_EVERY === 0 && budget.shouldStop?.() === true) return { kind: "unknown", explored, reason: "time limit reached" };
    if (entry === null) {
      capture();
      return { kind: "fail", explored, deepest, state: deepestState };
    }
    if (entry.call) {
      const op = entry.op;
      const next = model.step(state, op.input, op.output, op.ret === Infinity);
      if (next !== undefined) {
        linearized.set(op.id);
        if (memo.add(linearized, model.key(next))) {
          if (++explored > budget.maxStates) return { kind: "unknown", explored, reason: `explored ${budget.maxStates} states without a verdict` };
          stack.push({ entry, state });
          state = next;
          if (entry.match !== null) returns--;
          lift(entry);
          if (stack.length > deepestDepth) {
            deepestDepth = stack.length;
            captured = false;
          }
          entry = head.next;
          continue;
        }
        linearized.clear(op.id);
      }
      entry = entry.next;
      continue;
    }
    // A return whose operation is not placed: undo the last placement and try the next option.
    capture();
    const top = stack.pop();
    if (top === undefined) return { kind: "fail", explored, deepest, state: deepestState };
    state = top.state;
    linearized.clear(top.entry.op.id);
    unlift(top.entry);
    if (top.entry.match !== null) returns++;
    entry = top.entry.next;
  }
  return { kind: "ok", explored };
}

/**
 * Fast path: when no two operations overlap and none is open, the only linearization is the
 * history order, so one pass decides it (most short histories, such as a segment between two
 * drain points, are like this). Returns null when the history has concurrency.
 */
function sequentialCheck<S, I, O>(model: Model<S, I, O>, history: History<I, O>): SearchResult<S, I, O> | null {
  let ops = history;
  for (let i = 1; i < ops.length; i++) {
    if (ops[i]!.call < ops[i - 1]!.call) {
      ops = [...history].sort((a, b) => a.call - b.call);
      break;
    }
  }
  for (let i = 0; i < ops.length; i++) {
    // A call at the same time as the previous return counts as concurrent, as in the full search.
    if (ops[i]!.ret === Infinity || (i > 0 && ops[i]!.call <= ops[i - 1]!.ret)) return null;
  }
  let state = model.init();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const next = model.step(state, op.input, op.output, false);
    if (next === undefined) return { kind: "fail", explored: i, deepest: ops.slice(0, i), state };
    state = next;
  }
  return { kind: "ok", explored: ops.length };
}

/** The history as a list of call and return entries in time order (calls first on a tie). */
function buildList<I, O>(history: History<I, O>): Entry<I, O> {
  const entries: Entry<I, O>[] = [];
  for (const op of history) {
    const call: Entry<I, O> = { op, call: true, match: null, prev: null, next: null };
    entries.push(call);
    if (op.ret !== Infinity) {
      const ret: Entry<I, O> = { op, call: false, match: call, prev: null, next: null };
      call.match = ret;
      entries.push(ret);
    }
  }
  const time = (e: Entry<I, O>): number => (e.call ? e.op.call : e.op.ret);
  entries.sort((a, b) => time(a) - time(b) || (a.call === b.call ? a.op.id - b.op.id : a.call ? -1 : 1));
  const head: Entry<I, O> = { op: undefined as unknown as Operation<I, O>, call: false, match: null, prev: null, next: null };
  let prev = head;
  for (const e of entries) {
    e.prev = prev;
    prev.next = e;
    prev = e;
  }
  return head;
}

/** Remove a call entry and its return entry from the list. */
function lift<I, O>(call: Entry<I, O>): void {
  unlink(call);
  if (call.match !== null) unlink(call.match);
}

function unlink<I, O>(e: Entry<I, O>): void {
  e.prev!.next = e.next;
  if (e.next !== null) e.next.prev = e.prev;
}

/** Put a lifted call (and its return) back where they were. */
function unlift<I, O>(call: Entry<I, O>): void {
  if (call.match !== null) relink(call.match);
  relink(call);
}

function relink<I, O>(e: Entry<I, O>): void {
  e.prev!.next = e;
  if (e.next !== null) e.next.prev = e;
}
