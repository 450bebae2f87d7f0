/**
 * Generated histories, for property tests and benchmarks: clients run operations against a
 * sequential model with random overlaps; each operation takes effect at some point between its
 * call and its return (at its return, or, for an operation that crashes, maybe never), so the
 * history is linearizable by construction. `corruptRead` then breaks one read on purpose.
 */
import type { Rng } from "../../core/rng.js";
import type { History, Operation } from "./history.js";
import type { KvInput, RegisterInput, Value } from "./models.js";

export interface GenerateOptions {
  readonly ops: number;
  readonly clients: number;
  /** Keys for the kv model (ignored by the register). */
  readonly keys?: number;
  /**
   * Share of operations whose client crashes before the response (Jepsen's `:info`): the
   * operation stays open, took effect or not by a coin flip, and the client comes back as a new
   * process, as Jepsen's do. Default 0.
   */
  readonly crashRate?: number;
  /** Register only: every write writes a value never written before (default: values 0..4). */
  readonly distinctValues?: boolean;
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

/** Read, write and cas on one register, shaped like Jepsen's etcd test (values 0..4, crashes). */
export function generateRegisterHistory(rng: Rng, opts: GenerateOptions): History<RegisterInput, Value> {
  let state: Value = null;
  let written = 0;
  const value = (): number => (opts.distinctValues === true ? ++written : rng.int(5));
  return simulate<RegisterInput, Value>(rng, opts, () => {
    const roll = rng.int(opts.distinctValues === true ? 2 : 3);
    if (roll === 0) return { f: "read" };
    if (roll === 1) return { f: "write", value: value() };
    return { f: "cas", from: rng.chance(0.5) ? state : rng.int(5), to: rng.int(5) };
  }, (input) => {
    if (input.f === "read") return state;
    if (input.f === "write") state = input.value;
    else if (state === input.from) state = input.to;
    else return "cas-failed";
    return undefined;
  });
}

/**
 * The same history with one completed read changed to return a value the object never held (a
 * register value never written; a kv string no put or append made), on `key` when given. Such a
 * history is never linearizable. Returns the history unchanged when it has no such read.
 */
export function corruptRead<I extends RegisterInput | KvInput, O extends Value>(rng: Rng, history: History<I, O>, key?: string): History<I, O> {
  const reads = history.filter((op) => (op.input.f === "read" || op.input.f === "get") && op.ret !== Infinity && (key === undefined || ("key" in op.input && op.input.key === key)));
  if (reads.length === 0) return history;
  const victim = reads[rng.int(reads.length)]!;
  const never = (victim.input.f === "read" ? -1 : `${String(victim.output ?? "")}#never`) as O;
  return history.map((op) => (op === victim ? { ...op, output: never } : op));
}

/**
 * Run clients; `apply` returns the output (a failed cas returns "cas-failed" and is dropped). A
 * crashing client's operation is recorded open (ret Infinity), applied or not by a coin flip.
 */
function simulate<I, O>(rng: Rng, opts: GenerateOptions, next: () => I, apply: (input: I) => O | undefined | "cas-failed"): History<I, O> {
  const busy = new Map<number, { input: I; call: number }>();
  const processOf = new Map<number, number>();
  const ops: Omit<Operation<I, O>, "id">[] = [];
  const crashRate = opts.crashRate ?? 0;
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
    const name = `c${processOf.get(client) ?? client}`;
    if (crashRate > 0 && rng.chance(crashRate)) {
      if (rng.chance(0.5)) apply(open.input);
      // A crashed read returned nothing: Jepsen drops it. Anything else is open.
      if (!isRead(open.input)) ops.push({ process: name, input: open.input, output: undefined, call: open.call, ret: Infinity });
      processOf.set(client, (processOf.get(client) ?? client) + opts.clients);
      continue;
    }
    const output = apply(open.input);
    if (output === "cas-failed") continue;
    ops.push({ process: name, input: open.input, output: output as O | undefined, call: open.call, ret: t++ });
  }
  return ops.sort((a, b) => a.call - b.call).map((op, id) => ({ ...op, id }));
}

function isRead(input: unknown): boolean {
  const f = (input as { f?: string }).f;
  return f === "read" || f === "get";
}

/** A history as simctl JSON lines (the `simctl` format `lincheck` reads), events in time order. */
export function historyToJsonLines(history: History<RegisterInput | KvInput, Value>): string {
  const events: { t: number; line: string }[] = [];
  for (const op of history) {
    const i = op.input;
    const base = { process: op.process, f: i.f, ...("key" in i ? { key: i.key } : {}) };
    const value = i.f === "write" || i.f === "put" || i.f === "append" ? i.value : i.f === "cas" ? [i.from, i.to] : null;
    events.push({ t: op.call, line: JSON.stringify({ ...base, type: "invoke", value }) });
    if (op.ret !== Infinity) events.push({ t: op.ret, line: JSON.stringify({ ...base, type: "ok", value: i.f === "read" || i.f === "get" ? (op.output ?? null) : value }) });
    else events.push({ t: Number.MAX_SAFE_INTEGER, line: JSON.stringify({ ...base, type: "info", value }) });
  }
  return events.sort((a, b) => a.t - b.t).map((e) => e.line).join("\n") + "\n";
}
