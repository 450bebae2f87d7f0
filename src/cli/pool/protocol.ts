/** Messages between the sweep pool and its worker threads. */
import type { ResolvedOptions } from "../../core/options.js";
import type { RunResult } from "../../core/run.js";

/** What a worker is started with (as workerData). */
export interface WorkerSetup {
  readonly targetSpec: string;
  readonly cwd: string;
  readonly options: ResolvedOptions;
}

/** Pool -> worker: run these seeds, in order, posting one result per seed. */
export interface RunRequest {
  readonly seeds: readonly number[];
}

/** Worker -> pool. */
export type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "result"; readonly result: RunResult }
  | { readonly type: "fatal"; readonly message: string; readonly input: boolean };
