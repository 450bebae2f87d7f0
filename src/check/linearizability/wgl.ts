/**
 * The Wing-Gong-Lowe search for one (partition of a) history, with Lowe's memoisation: a
 * (linearized set, model state) pair already explored is never explored again. Operations are
 * taken in a doubly linked list of call and return entries ordered by time; the search tries to
 * linearize each call that precedes the first pending return, and backtracks when it reaches a
 * return whose operation it could not place. Open operations (no return) may be placed anywhere
 * after their call, or left out: the search succeeds once every completed operation is placed.
 *
 * The list lives in typed arrays and states are interned to small ids, so the inner loop
 * allocates only when the model creates a new state. `explored` counts states: (set, state)
 * pairs added to the memo, the unit of the budget.
 */
import { Bitset } from "./bitset.js";
import { Memo } from "./memo.js";
import type { History, Operation } from "./history.js";
import type { Model } from "./model.js";

export interface SearchBudget {
  /** Most (linearized set, state) pairs to explore, per partition, before giving up. */
  readonly maxStates: number;
  /** Polled now and then; true stops the search as unknown (the CLI's wall-clock limit). */
  readonly shouldStop?: (() => boolean) | undefined;
}

export type SearchResult<S, I, O> =
  | { readonly kind: "ok"; readonly explored: number }
  | { readonly kind: "fail"; readonly explored: number; readonly deepest: readonly Operation<I, O>[]; readonly state: S }
  | { readonly kind: "unknown"; readonly explored: number; readonly reason: "budget" | "time" };

const POLL_EVERY = 4096;

/** The call/return list of a history, in time order (calls first on a tie), as index arrays. */
class EntryList {
  /** Entry -> op index. Entries 0..m-1; `head` = m is the sentinel before the first. */
  readonly op: Int32Array;
  readonly isCall: Uint8Array;
  /** Call entry -> its return entry, or -1 for an open operation. */
  readonly match: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly head: number;
  readonly returns: number;

  constructor(history: History<unknown, unknown>) {
    const order: { op: number; call: boolean; t: number }[] = [];
    history.forEach((op, i) => {
      order.push({ op: i, call: true, t: op.call });
      if (op.ret !== Infinity) order.push({ op: i, call: false, t: op.ret });
    });
    order.sort((a, b) => a.t - b.t || (a.call === b.call ? a.op - b.op : a.call ? -1 : 1));
    const m = order.length;
    this.op = new Int32Array(m);
    this.isCall = new Uint8Array(m);
    this.match = new Int32Array(m).fill(-1);
    this.next = new Int32Array(m + 1);
    this.prev = new Int32Array(m + 1);
    this.head = m;
    const callOf = new Int32Array(history.length);
    order.forEach((e, i) => {
      this.op[i] = e.op;
      this.isCall[i] = e.call ? 1 : 0;
      if (e.call) callOf[e.op] = i;
      else this.match[callOf[e.op]!] = i;
    });
    // -1 ends the list; the sentinel links to entry 0.
    for (let i = 0; i <= m; i++) {
      const pos = i === m ? -1 : i;
      this.next[i === m ? m : i] = i === m ? (m > 0 ? 0 : -1) : i + 1 < m ? i + 1 : -1;
      this.prev[i === m ? m : i] = pos === 0 ? m : pos - 1;
    }
    this.returns = m - history.length;
  }

  /** Remove a call entry and its return entry from the list. */
  lift(call: number): void {
    this.#unlink(call);
    const ret = this.match[call]!;
    if (ret >= 0) this.#unlink(ret);
  }

  /** Put a lifted call (and its return) back where they were. */
  unlift(call: number): void {
    const ret = this.match[call]!;
    if (ret >= 0) this.#relink(ret);
    this.#relink(call);
  }

  #unlink(e: number): void {
    const p = this.prev[e]!;
    const n = this.next[e]!;
    this.next[p] = n;
    if (n >= 0) this.prev[n] = p;
  }

  #relink(e: number): void {
    const n = this.next[e]!;
    this.next[this.prev[e]!] = e;
    if (n >= 0) this.prev[n] = e;
  }
}

/**
 * Interns model states to small ids by their memo key, and caches transitions: the search tries
 * the same operation from the same state under many different linearized sets, so a small
 * direct-mapped table of (state, op) -> next state saves the model step and the key lookup
 * (a string hash, for the kv model) on most tries.
 */
class States<S, I, O> {
  readonly #ids = new Map<string | number, number>();
  readonly values: S[] = [];
  readonly #shift: number;
  readonly #from: Int32Array;
  readonly #op: Int32Array;
  /** The next state's id, or -1 when the operation does not fit the state. */
  readonly #to: Int32Array;

  constructor(
    readonly model: Model<S, I, O>,
    ops: number,
  ) {
    // Sized to the history: a short one (most checks) should not pay for a large table.
    const bits = Math.min(CACHE_BITS_MAX, Math.max(6, Math.ceil(Math.log2(ops + 1)) + 4));
    this.#shift = 32 - bits;
    this.#from = new Int32Array(1 << bits).fill(-1);
    this.#op = new Int32Array(1 << bits);
    this.#to = new Int32Array(1 << bits);
  }

  id(state: S): number {
    const key = this.model.key(state);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.#ids.set(key, id);
      this.values.push(state);
    }
    return id;
  }

  /** The id of the state after operation `i` from state `from`, or -1 when it does not fit. */
  step(from: number, i: number, op: Operation<I, O>): number {
    const slot = (Math.imul(from, 0x9e3779b1) ^ Math.imul(i, 0x85ebca6b)) >>> this.#shift;
    if (this.#from[slot] === from && this.#op[slot] === i) return this.#to[slot]!;
    const after = this.model.step(this.values[from]!, op.input, op.output, op.ret === Infinity);
    const to = after === undefined ? -1 : this.id(after);
    this.#from[slot] = from;
    this.#op[slot] = i;
    this.#to[slot] = to;
    return to;
  }
}

const CACHE_BITS_MAX = 14;

/** Search `history` for a linearization, exploring at most `budget.maxStates` states. */
export function searchLinearization<S, I, O>(model: Model<S, I, O>, history: History<I, O>, budget: SearchBudget, memo: Memo = new Memo()): SearchResult<S, I, O> {
  const list = new EntryList(history as History<unknown, unknown>);
  const { op: opOf, isCall, match, next } = list;
  const states = new States(model, history.length);
  const linearized = new Bitset(history.length);
  memo.reset(linearized.words.length);
  const stackEntry = new Int32Array(history.length);
  const stackState = new Int32Array(history.length);
  let depth = 0;
  let state = model.init();
  let stateId = states.id(state);
  let returns = list.returns;
  let explored = 0;
  // The witness is the deepest partial linearization, copied only when the search first backs
  // out of a new deepest point (copying at every new depth would be quadratic).
  let deepest: Operation<I, O>[] = [];
  let deepestState = state;
  let deepestDepth = 0;
  let captured = true;
  const capture = (): void => {
    if (captured || depth !== deepestDepth) return;
    deepest = Array.from(stackEntry.subarray(0, depth), (e) => history[opOf[e]!]!);
    deepestState = state;
    captured = true;
  };
  let entry = next[list.head]!;
  let polls = 0;
  while (returns > 0) {
    if (++polls % POLL_EVERY === 0 && budget.shouldStop?.() === true) return { kind: "unknown", explored, reason: "time" };
    if (entry < 0) {
      capture();
      return { kind: "fail", explored, deepest, state: deepestState };
    }
    if (isCall[entry] === 1) {
      const i = opOf[entry]!;
      const afterId = states.step(stateId, i, history[i]!);
      if (afterId >= 0) {
        linearized.set(i);
        if (memo.add(linearized, afterId)) {
          if (++explored > budget.maxStates) return { kind: "unknown", explored: explored - 1, reason: "budget" };
          stackEntry[depth] = entry;
          stackState[depth++] = stateId;
          state = states.values[afterId]!;
          stateId = afterId;
          if (match[entry]! >= 0) returns--;
          list.lift(entry);
          if (depth > deepestDepth) {
            deepestDepth = depth;
            captured = false;
          }
          entry = next[list.head]!;
          continue;
        }
        linearized.clear(i);
      }
      entry = next[entry]!;
      continue;
    }
    // A return whose operation is not placed: undo the last placement and try the next option.
    capture();
    if (depth === 0) return { kind: "fail", explored, deepest, state: deepestState };
    const top = stackEntry[--depth]!;
    stateId = stackState[depth]!;
    state = states.values[stateId]!;
    linearized.clear(opOf[top]!);
    list.unlift(top);
    if (match[top]! >= 0) returns++;
    entry = next[top]!;
  }
  return { kind: "ok", explored };
}
