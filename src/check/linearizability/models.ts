/** The models simctl ships: a register (read/write/cas) and a key-value store (get/put/append). */
import type { History, Operation } from "./history.js";
import type { Model, RegisterAccess } from "./model.js";

/** A register value; Jepsen's `nil` is null. */
export type Value = number | string | null;

export type RegisterInput = { readonly f: "read" } | { readonly f: "write"; readonly value: Value } | { readonly f: "cas"; readonly from: Value; readonly to: Value };

/** A register, initially null. A read returns the value; a cas succeeds (ok) only from `from`. */
export const registerModel: Model<Value, RegisterInput, Value> = {
  name: "register",
  init: () => null,
  step(state, input, output, open) {
    switch (input.f) {
      case "read":
        return open || output === state ? state : undefined;
      case "write":
        return input.value;
      case "cas":
        // An open cas that found another value did nothing, the same as never happening.
        if (state === input.from) return input.to;
        return open ? state : undefined;
    }
  },
  key: registerKey,
  writes: (input) => (input.f === "write" ? [registerKey(input.value)] : input.f === "cas" ? [registerKey(input.to)] : []),
  access: (input, output) => (input.f === "read" ? { write: false, value: registerKey(output ?? null) } : input.f === "write" ? { write: true, value: registerKey(input.value) } : undefined),
  describe: (op) => `${op.process}: ${describeRegister(op.input)}${op.ret === Infinity ? " (no response)" : op.input.f === "read" ? ` -> ${show(op.output ?? null)}` : ""}`,
  describeState: (state) => show(state),
};

function registerKey(state: Value): string | number {
  return state === null ? "nil" : typeof state === "number" ? state : `s:${state}`;
}

function describeRegister(input: RegisterInput): string {
  if (input.f === "read") return "read";
  if (input.f === "write") return `write ${show(input.value)}`;
  return `cas ${show(input.from)} -> ${show(input.to)}`;
}

function show(v: Value): string {
  return v === null ? "nil" : typeof v === "string" ? JSON.stringify(v) : String(v);
}

export type KvInput = { readonly f: "get"; readonly key: string } | { readonly f: "put" | "append"; readonly key: string; readonly value: string };

/** A key-value store of strings, every key initially "". Partitions by key. */
export const kvModel: Model<string, KvInput, string> = {
  name: "kv",
  init: () => "",
  step(state, input, output, open) {
    if (input.f === "get") return open || output === state ? state : undefined;
    return input.f === "put" ? input.value : state + input.value;
  },
  key: (state) => state,
  partition(history: History<KvInput, string>): History<KvInput, string>[] {
    const byKey = new Map<string, Operation<KvInput, string>[]>();
    for (const op of history) {
      const list = byKey.get(op.input.key);
      if (list === undefined) byKey.set(op.input.key, [op]);
      else list.push(op);
    }
    return [...byKey.values()];
  },
  writes: (input) => (input.f === "get" ? [] : input.f === "put" ? [input.value] : undefined),
  partitionName: (part) => `key ${JSON.stringify(part[0]?.input.key ?? "")}`,
  refine: (part) => appendOnlyModel(part),
  access: (input, output): RegisterAccess | undefined => (input.f === "get" ? { write: false, value: output ?? "" } : input.f === "put" ? { write: true, value: input.value } : undefined),
  describe: (op) => {
    const i = op.input;
    const what = i.f === "get" ? `get ${i.key}${op.ret === Infinity ? "" : ` -> ${JSON.stringify(op.output ?? "")}`}` : `${i.f} ${i.key} ${JSON.stringify(i.value)}`;
    return `${op.process}: ${what}${op.ret === Infinity ? " (no response)" : ""}`;
  },
  describeState: (state) => JSON.stringify(state),
};

/**
 * For a key that is only appended to (no put), a sharper step: the value only grows, so the value
 * an append leaves must be a prefix of what any get that began after the append returned (in
 * real time it is linearized later). Each append is held to the first such get. Without it the
 * search tries every order of concurrent appends, and an append-heavy key with few gets exhausts
 * any budget: every order is a distinct state (the string).
 */
function appendOnlyModel(part: History<KvInput, string>): Model<string, KvInput, string> {
  if (part.some((op) => op.input.f === "put")) return kvModel;
  const gets = part.filter((op) => op.input.f === "get" && op.ret !== Infinity).sort((a, b) => a.call - b.call);
  // Keyed by the input object (what `step` sees); an input object shared by two appends is left
  // unconstrained, since the two may be held to different gets.
  const later = new Map<KvInput, string | null>();
  for (const op of part) {
    if (op.input.f !== "append" || op.ret === Infinity) continue;
    const get = firstCalledAfter(gets, op.ret);
    if (get !== undefined) later.set(op.input, later.has(op.input) ? null : (get.output ?? ""));
  }
  if (later.size === 0) return kvModel;
  return {
    ...kvModel,
    step(state, input, output, open) {
      const next = kvModel.step(state, input, output, open);
      const seen = next === undefined ? undefined : later.get(input);
      return seen === undefined || seen === null || seen.startsWith(next!) ? next : undefined;
    },
  };
}

/** The first of `ops` (sorted by call) called strictly after `time`. */
function firstCalledAfter<I, O>(ops: readonly Operation<I, O>[], time: number): Operation<I, O> | undefined {
  let lo = 0;
  let hi = ops.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ops[mid]!.call > time) hi = mid;
    else lo = mid + 1;
  }
  return ops[lo];
}
