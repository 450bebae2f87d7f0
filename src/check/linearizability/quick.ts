/**
 * Deciding a partition without search, when its shape allows:
 *  - zones: every operation a plain register read or write and no value written twice (the
 *    polynomial test of zones.ts; exact, no budget);
 *  - sequential: no two operations overlap and none is open, so the only order is the history's;
 *  - a read of a value no operation can write (when the model can list what each writes).
 * Both count no states: they explore none.
 */
import type { History, Operation } from "./history.js";
import type { Model } from "./model.js";
import { RegisterOps, ZoneChecker, type Zone, type ZoneFailure } from "./zones.js";

/** A partition decided without search; `explanation` says why it fails, in checkable terms. */
export type QuickResult<I, O> =
  | { readonly kind: "ok"; readonly by: "zones" | "sequential" }
  | { readonly kind: "fail"; readonly by: "values" | "zones" | "sequential"; readonly linearized: readonly Operation<I, O>[]; readonly stuck: readonly Operation<I, O>[]; readonly state: string; readonly explanation: readonly string[] };

/** Decide `part` without search, or return null when it needs the search. */
export function decideQuickly<S, I, O>(model: Model<S, I, O>, part: History<I, O>): QuickResult<I, O> | null {
  return byUnwrittenRead(model, part) ?? byZones(model, part) ?? bySequence(model, part);
}

/**
 * A completed read of a value no operation can write (and not the initial value) fits no order.
 * Needs every operation's possible writes (the register's writes and cas; not an append).
 */
function byUnwrittenRead<S, I, O>(model: Model<S, I, O>, part: History<I, O>): QuickResult<I, O> | null {
  if (model.writes === undefined || model.access === undefined) return null;
  const possible = new Set<string | number>([model.key(model.init())]);
  for (const op of part) {
    const values = model.writes(op.input);
    if (values === undefined) return null;
    for (const v of values) possible.add(v);
  }
  for (const op of part) {
    if (op.ret === Infinity) continue;
    const access = model.access(op.input, op.output);
    if (access !== undefined && !access.write && !possible.has(access.value)) {
      return { kind: "fail", by: "values", linearized: [], stuck: [op], state: model.describeState(model.init()), explanation: [`[${model.describe(op)}] returned a value that no operation wrote`] };
    }
  }
  return null;
}

function byZones<S, I, O>(model: Model<S, I, O>, part: History<I, O>): QuickResult<I, O> | null {
  if (model.access === undefined) return null;
  const ids = new Map<string | number, number>();
  const intern = (key: string | number): number => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const init = intern(model.key(model.init()));
  const ops = new RegisterOps();
  for (const op of part) {
    const access = model.access(op.input, op.output);
    if (access === undefined) return null;
    ops.push(access.write, intern(access.value), op.call, op.ret);
  }
  const result = new ZoneChecker().check(ops, init);
  if (result.kind === "not-applicable") return null;
  if (result.kind === "ok") return { kind: "ok", by: "zones" };
  return { kind: "fail", by: "zones", linearized: [], state: model.describeState(model.init()), ...explainZones(model, part, result.failure) };
}

/** A zone failure as the operations involved and sentences a reader can check on a timeline. */
export function explainZones<S, I, O>(model: Model<S, I, O>, part: History<I, O>, failure: ZoneFailure): { stuck: Operation<I, O>[]; explanation: string[] } {
  const d = (i: number): string => (i < 0 ? "the initial value" : `[${model.describe(part[i]!)}]`);
  switch (failure.kind) {
    case "unwritten":
      return { stuck: [part[failure.read]!], explanation: [`${d(failure.read)} returned a value that no operation wrote`] };
    case "before-write":
      return { stuck: [part[failure.read]!, part[failure.write]!], explanation: [`${d(failure.read)} returned before ${d(failure.write)}, the only write of its value, was called`] };
    case "overlap":
    case "inside": {
      const zone = (z: Zone): string => `${z.fromOp < 0 ? "from the start" : `from the return of ${d(z.fromOp)}`} until the call of ${d(z.toOp)}`;
      const ops = [failure.outer.fromOp, failure.outer.toOp, failure.inner.fromOp, failure.inner.toOp].filter((i) => i >= 0);
      const first = `${failure.outer.fromOp < 0 ? "the initial value" : "one value"} must be visible ${zone(failure.outer)}`;
      const second =
        failure.kind === "overlap"
          ? `another value must be visible ${zone(failure.inner)}: the two spans overlap, so one of them is overwritten while it must still be read`
          : `another value was written and read entirely within that span (${d(failure.inner.fromOp)} and ${d(failure.inner.toOp)}), so it cannot take effect without overwriting the first`;
      return { stuck: [...new Set(ops)].map((i) => part[i]!), explanation: [first, second] };
    }
  }
}

/**
 * When no two operations overlap and none is open, the only linearization is the history order,
 * so one pass decides it. A call at the same time as the previous return counts as concurrent,
 * as in the search.
 */
function bySequence<S, I, O>(model: Model<S, I, O>, part: History<I, O>): QuickResult<I, O> | null {
  let ops = part;
  for (let i = 1; i < ops.length; i++) {
    if (ops[i]!.call < ops[i - 1]!.call) {
      ops = [...part].sort((a, b) => a.call - b.call);
      break;
    }
  }
  for (let i = 0; i < ops.length; i++) if (ops[i]!.ret === Infinity || (i > 0 && ops[i]!.call <= ops[i - 1]!.ret)) return null;
  let state = model.init();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const next = model.step(state, op.input, op.output, false);
    if (next === undefined) {
      const explanation = [`the operations do not overlap, so they take effect in history order; ${model.describe(op)} does not fit the state after the ones before it`];
      return { kind: "fail", by: "sequential", linearized: ops.slice(0, i), stuck: [op], state: model.describeState(state), explanation };
    }
    state = next;
  }
  return { kind: "ok", by: "sequential" };
}
