/**
 * The history shapes of the linearizability bench, generated from fixed seeds (deterministic):
 *  - two sets of 100 Jepsen etcd-shaped register histories (5 clients, read/write/cas on values
 *    0..4, crash rate 0.1: a crashed client leaves an open operation and comes back as a new
 *    process), once linearizable and once with one corrupted read each. One set is sized as
 *    Porcupine's etcd corpus (73..90 invocations per log), the other spans 50..300 operations;
 *    a set is timed as a whole, as one `simctl lincheck` of many files checks them. The corrupted
 *    50..300 set is long (the larger histories with 20-30 open operations need millions of states
 *    to refute, some more than the default budget) and is marked `long`;
 *  - kv histories of 50 clients on 10 keys, 2,000 operations, linearizable and with one bad key
 *    (one read of k3 returns a value never held);
 *  - the 10,000 operations x 50 clients kv history (8 keys) of the earlier bench;
 *  - a distinct-value register (every write a new value), 50 clients, 2,000 operations, ok and
 *    with one corrupted read: decided by the zone test, without search.
 * The shapes carry plain histories and a model name so that other checkers can be fed the same
 * histories (serialised with {@link historyToJson}).
 */
import { Rng, type History } from "../src/index.js";
import { corruptRead, generateKvHistory, generateRegisterHistory } from "../src/check/linearizability/generate.js";

export type ModelName = "register" | "kv";
export type Expected = "linearizable" | "not linearizable";

export interface LincheckShape {
  /** A short stable key, e.g. for file names. */
  readonly key: string;
  readonly name: string;
  readonly model: ModelName;
  readonly clients: number;
  readonly histories: readonly History<unknown, unknown>[];
  /** Verdict every history must get. */
  readonly expected: Expected;
  /** Goal beyond the verdict: decided within `cpuMs` (CPU-time median), or with no search at all. */
  readonly goal?: { readonly cpuMs: number } | { readonly noSearch: true };
  /** Takes about a minute a round: measured only on request (see lincheck.ts). */
  readonly long?: boolean;
}

const ETCD_SETS = 100;
const ETCD_CLIENTS = 5;
const ETCD_CRASH_RATE = 0.1;

type Register = History<unknown, unknown>;

/** 100 etcd-shaped register histories of lo..hi operations (ok) and the same, each with one bad read. */
function etcdSets(key: string, label: string, base: number, lo: number, hi: number, longBad = false): LincheckShape[] {
  const ok: Register[] = [];
  const bad: Register[] = [];
  for (let i = 0; i < ETCD_SETS; i++) {
    const rng = Rng.forSeed(base + i);
    const ops = lo + rng.fork("size").int(hi - lo + 1);
    const history = generateRegisterHistory(rng.fork("history"), { ops, clients: ETCD_CLIENTS, crashRate: ETCD_CRASH_RATE });
    const corrupted = corruptRead(rng.fork("corrupt"), history);
    if (corrupted === history) throw new Error(`etcd-shaped history ${base + i} has no read to corrupt`);
    ok.push(history as Register);
    bad.push(corrupted as Register);
  }
  const name = `Jepsen etcd-shaped register, ${ETCD_SETS} histories ${label}`;
  return [
    { key: `${key}-ok`, name: `${name}, linearizable`, model: "register", clients: ETCD_CLIENTS, histories: ok, expected: "linearizable" },
    { key: `${key}-bad`, name: `${name}, one corrupted read each`, model: "register", clients: ETCD_CLIENTS, histories: bad, expected: "not linearizable", ...(longBad ? { long: true } : {}) },
  ];
}

export function lincheckShapes(): LincheckShape[] {
  const kv = generateKvHistory(Rng.forSeed(2_050), { ops: 2_000, clients: 50, keys: 10 });
  const kvBad = corruptRead(Rng.forSeed(2_050).fork("corrupt"), kv, "k3");
  const big = generateKvHistory(Rng.forSeed(10_050), { ops: 10_000, clients: 50, keys: 8 });
  const distinct = generateRegisterHistory(Rng.forSeed(3_050), { ops: 2_000, clients: 50, distinctValues: true });
  const distinctBad = corruptRead(Rng.forSeed(3_050).fork("corrupt"), distinct);
  if (kvBad === kv || distinctBad === distinct) throw new Error("no read to corrupt");
  const one = (h: History<unknown, unknown>): Register[] => [h];
  return [
    ...etcdSets("etcd-porcupine-sized", "as Porcupine's corpus (73..90 ops)", 1_000, 73, 90),
    ...etcdSets("etcd-50-300", "of 50..300 ops", 2_000, 50, 300, true),
    { key: "kv-2000-ok", name: "kv, 10 keys, linearizable", model: "kv", clients: 50, histories: one(kv), expected: "linearizable" },
    { key: "kv-2000-bad", name: "kv, 10 keys, one bad key", model: "kv", clients: 50, histories: one(kvBad), expected: "not linearizable", goal: { cpuMs: 1_000 } },
    { key: "kv-10000-ok", name: "kv, 8 keys, linearizable", model: "kv", clients: 50, histories: one(big), expected: "linearizable", goal: { cpuMs: 1_000 } },
    { key: "distinct-ok", name: "distinct-value register, linearizable", model: "register", clients: 50, histories: one(distinct), expected: "linearizable", goal: { noSearch: true } },
    { key: "distinct-bad", name: "distinct-value register, one corrupted read", model: "register", clients: 50, histories: one(distinctBad), expected: "not linearizable", goal: { noSearch: true } },
  ];
}

/** Operations of a shape: "2,000", or for a set "73..90 (8,123 in all)". */
export function describeOperations(shape: LincheckShape): string {
  const sizes = shape.histories.map((h) => h.length);
  const fmt = (n: number): string => n.toLocaleString("en-US");
  if (sizes.length === 1) return fmt(sizes[0]!);
  return `${fmt(Math.min(...sizes))}..${fmt(Math.max(...sizes))} (${fmt(sizes.reduce((a, b) => a + b, 0))} in all)`;
}

/** Histories as JSON (open operations' `ret: Infinity` written as null), and back. */
export function historyToJson(history: History<unknown, unknown>): string {
  return JSON.stringify(history.map((op) => ({ ...op, ret: op.ret === Infinity ? null : op.ret })));
}

export function historyFromJson(text: string): History<unknown, unknown> {
  const ops = JSON.parse(text) as { id: number; process: string; input: unknown; output: unknown; call: number; ret: number | null }[];
  return ops.map((op) => ({ ...op, ret: op.ret ?? Infinity }));
}
