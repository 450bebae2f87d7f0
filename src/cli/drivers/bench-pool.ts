/**
 * The benchmark seeds of `simctl drivers bench`, run in this thread (`--jobs 1`) or dealt round
 * robin to N worker threads. Each run is a pure function of its task, and the reports come back
 * to their task's index, so the aggregate is the same for any N.
 */
import { Worker } from "node:worker_threads";
import { benchmarkRun } from "../../targets/async-driver/bench.js";
import type { BenchmarkProfile, DriverContract } from "../../targets/async-driver/contract.js";
import type { DriverRunReport } from "../../targets/async-driver/sim.js";

export interface BenchTask {
  readonly index: number;
  readonly contract: DriverContract;
  readonly profile: BenchmarkProfile;
  readonly seed: number;
  readonly ops: number;
}

const WORKER_URL = new URL("./bench-worker.js", import.meta.url);

export async function runTasks(tasks: readonly BenchTask[], jobs: number): Promise<DriverRunReport[]> {
  if (jobs <= 1) {
    const out: DriverRunReport[] = [];
    for (const t of tasks) out.push(await benchmarkRun(t.contract, t.profile, t.seed, t.ops));
    return out;
  }
  const reports: (DriverRunReport | undefined)[] = new Array(tasks.length);
  const shares = Array.from({ length: Math.min(jobs, tasks.length) }, (_, w) => tasks.filter((_, i) => i % jobs === w));
  await Promise.all(shares.map((share) => runWorker(share, reports)));
  return reports.map((r, i) => {
    if (r === undefined) throw new Error(`benchmark task ${i} produced no report`);
    return r;
  });
}

function runWorker(tasks: readonly BenchTask[], reports: (DriverRunReport | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { tasks } });
    let left = tasks.length;
    worker.on("message", (m: { index: number; report?: DriverRunReport; error?: string }) => {
      if (m.error !== undefined) {
        void worker.terminate();
        return reject(new Error(m.error));
      }
      reports[m.index] = m.report;
      if (--left === 0) void worker.terminate().then(() => resolve());
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (left > 0) reject(new Error(`a benchmark worker exited (code ${code}) with ${left} runs left`));
    });
  });
}
