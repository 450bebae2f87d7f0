/**
 * A worker thread of `simctl drivers bench --jobs N`: runs the benchmark seeds it is given (the
 * built-in simulation only; a contract file is data) and posts each run's report back with its
 * index, so the main thread merges them in seed order whatever the worker count.
 */
import { parentPort, workerData } from "node:worker_threads";
import { benchmarkRun } from "../../targets/async-driver/bench.js";
import type { BenchTask } from "./bench-pool.js";

const tasks = (workerData as { tasks: readonly BenchTask[] }).tasks;
for (const task of tasks) {
  try {
    const report = await benchmarkRun(task.contract, task.profile, task.seed, task.ops);
    parentPort?.postMessage({ index: task.index, report });
  } catch (err) {
    parentPort?.postMessage({ index: task.index, error: err instanceof Error ? err.message : String(err) });
  }
}
