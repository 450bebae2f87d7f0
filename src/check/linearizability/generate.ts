/**
 * Generated histories, for property tests and benchmarks: clients run operations against a
 * sequential model with random overlaps; each operation takes effect at its return, so the
 * history is linearizable by construction (the return order is a valid linearization).
 */
import type { Rng } from "../../core/rng.js";
import type { History, Operation } from "./history.js";
import type { KvInput, RegisterInput, Value } from "./models.js";

export interface GenerateOptions {
  readonly ops: number;
  readonly clients: number;
  /** Keys for the kv model (ignored by the register). */
  readonly keys?: number;
}

export function generateKvHistory(rng: Rng, opts: GenerateOptions): History<KvInput, string> {
  const state = new Map<string, string>();
  const keys = opts.keys ?? 8;
  return simulate<KvInput, string>(rng, opts, () => {
    const key = `k${rng.int(keys)}`;
    const roll = rng.int(3);
    return roll === 0 ? { f: "get", key } : { f: roll === 1 ? "put" : "append", key, value: `${rng.int(10)}` };
  }, (input) => {
    const cur = state.get(input.key) ?? "";
    if (input.f === "get") return cur;
    state.set(input.key, input.f === "put" ? input.value : cur + input.value);
    return undefined;
  });
}

export function generateRegisterHistory(rng: Rng, opts: GenerateOptions): History<RegisterInput, Value> {
  let state: Value = null;
  return simulate<RegisterInput, Value>(rng, opts, () => {
    const roll = rng.int(3);
    if (roll === 0) return { f: "read" };
    if (roll === 1) return { f: "write", value: rng.int(5) };
    return { f: "cas", from: rng.chance(0.5) ? state : rng.int(5), to: rng.int(5) };
  }, (input) => {
    if (input.f === "read") return state;
    if (input.f === "write") state = input.value;
    else if (state === input.from) state = input.to;
    else return "cas-failed";
    return undefined;
  });
}

/** Run clients; `apply` returns the output (a failed cas returns "cas-failed" and is dropped). */
function simulate<I, O>(rng: Rng, opts: GenerateOptions, next: () => I, apply: (input: I) => O | undefined | "cas-failed"): History<I, O> {
  const busy = new Map<number, { input: I; call: number }>();
  const ops: Omit<Operation<I, O>, "id">[] = [];
  let t = 0;
  let started = 0;
  while (started < opts.ops || busy.size > 0) {
    const client = rng.int(opts.clients);
    const open = busy.get(client);
    if (open === undefined) {
      if (started >= opts.ops) continue;
      busy.set(client, { input: next(), call: t++ });
      started++;
      continue;
    }
    busy.delete(client);
    const output = apply(open.input);
    if (output === "cas-failed") continue;
    ops.push({ process: `c${client}`, input: open.input, output: output as O | undefined, call: open.call, ret: t++ });
  }
  return ops.sort((a, b) => a.call - b.call).map((op, id) => ({ ...op, id }));
}
