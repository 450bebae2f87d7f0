/**
 * Linearizability checking time on generated kv histories (8 keys, partitioned by key) of 100,
 * 1,000 and 10,000 operations with 10 and 50 clients; goal: 10,000 operations under 1 s.
 */
import { Rng, checkLinearizability, kvModel } from "../src/index.js";
import { generateKvHistory } from "../src/check/linearizability/generate.js";
import { median } from "./stats.js";

export interface LincheckRow {
  readonly ops: number;
  readonly clients: number;
  readonly verdict: string;
  readonly explored: number;
  readonly ms: number;
}

export function benchLincheck(): LincheckRow[] {
  const rows: LincheckRow[] = [];
  for (const ops of [100, 1_000, 10_000]) {
    for (const clients of [10, 50]) {
      const history = generateKvHistory(Rng.forSeed(ops + clients), { ops, clients, keys: 8 });
      const times: number[] = [];
      let verdict = "";
      let explored = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const r = checkLinearizability(kvModel, history);
        times.push(performance.now() - started);
        verdict = r.verdict;
        explored = r.explored;
      }
      rows.push({ ops, clients, verdict, explored, ms: median(times) });
    }
  }
  return rows;
}
