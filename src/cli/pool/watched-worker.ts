/**
 * One worker thread running a target, watched: the one mechanism behind every path that executes
 * a target's code outside simctl's own (the sweep pool, and a target session for run, replay,
 * shrink, list and replay-file parsing).
 *
 * - **Heap limit**: `heapMb` caps the worker's old generation; running out kills only the worker.
 * - **Watchdog**: {@link WatchedWorker.arm} starts a wall-clock timer; when it fires the worker is
 *   terminated (only a thread can be stopped in the middle of a synchronous infinite loop) and
 *   the owner is told it was a `hang`.
 * - **Deaths**: `process.exit` in the target, an uncaught error or an unhandled rejection, running
 *   out of memory: the worker's `error`/`exit` is reported once as a `crash`, with its words.
 * - **Where**: the run loop writes its step and simulated time to a shared buffer, so a run lost
 *   in the middle is reported at its step, and one lost outside a run says the step is unknown.
 *
 * An idle worker is unref'd: a target that leaves a host timer running in it cannot keep the
 * process alive once the command is done.
 */
import { Worker } from "node:worker_threads";
import type { ResolvedOptions } from "../../core/options.js";
import type { RunResult } from "../../core/run.js";
import type { Violation } from "../../core/target.js";
import { PHASE, PROGRESS, type WorkerMessage, type WorkerRequest, type WorkerSetup } from "./protocol.js";

const WORKER_URL = new URL("./worker.js", import.meta.url);

export type LostKind = "hang" | "crash";

export interface WatchedWorkerOptions {
  readonly setup: Omit<WorkerSetup, "progress">;
  /** Old-generation heap limit in MB (undefined: Node's default). */
  readonly heapMb?: number | undefined;
  readonly onMessage: (m: WorkerMessage) => void;
  /** The worker died (exit, uncaught error, out of memory); called at most once. */
  readonly onDeath: (message: string, exitCode: number | undefined) => void;
}

/** Where a lost run was, as far as the shared progress buffer tells. */
export interface Where {
  readonly step: number;
  readonly timeMs: number;
  /** Appended to the loss message ("" when the step is known). */
  readonly note: string;
}

/** Who hears a worker's messages and its death; a worker can change owners (see {@link WatchedWorker.rebind}). */
export type WorkerHandlers = Pick<WatchedWorkerOptions, "onMessage" | "onDeath">;

export class WatchedWorker {
  readonly #worker: Worker;
  readonly #progress: Float64Array;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #dead = false;
  #handlers: WorkerHandlers;

  constructor(readonly options: WatchedWorkerOptions) {
    this.#handlers = { onMessage: options.onMessage, onDeath: options.onDeath };
    const progress = new SharedArrayBuffer(PROGRESS.size * Float64Array.BYTES_PER_ELEMENT);
    this.#progress = new Float64Array(progress);
    this.#progress[PROGRESS.seed] = -1;
    this.#worker = new Worker(WORKER_URL, {
      workerData: { ...options.setup, progress } satisfies WorkerSetup,
      ...(options.heapMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
    });
    this.#worker.on("message", (m: WorkerMessage) => {
      if (!this.#dead) this.#handlers.onMessage(m);
    });
    this.#worker.on("error", (err) => this.#died(`the worker crashed: ${errorMessage(err)}`, undefined));
    this.#worker.on("exit", (code) => this.#died(`the worker exited with code ${code} (did the target call process.exit?)`, code));
  }

  get dead(): boolean {
    return this.#dead;
  }

  /**
   * Hand the worker to a new owner: a target session lends the worker that loaded the module to
   * the sweep pool, so a small sweep loads a user's module once, not twice.
   */
  rebind(handlers: WorkerHandlers): void {
    this.#handlers = handlers;
  }

  post(request: WorkerRequest): void {
    if (!this.#dead) this.#worker.postMessage(request);
  }

  /**
   * (Re)start the watchdog: unless re-armed or disarmed within `limitMs`, the worker is
   * terminated and `onTimeout` runs. `null`: no limit.
   */
  arm(limitMs: number | null, onTimeout: () => void): void {
    this.disarm();
    if (limitMs === null || this.#dead) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#dead) return;
      this.kill();
      onTimeout();
    }, limitMs);
  }

  disarm(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Keep the process alive while the worker does something the main thread awaits. */
  busy(): void {
    this.#worker.ref();
  }

  /** Let the process end even if the idle worker still has (the target's) timers running. */
  idle(): void {
    this.#worker.unref();
  }

  /** Stop the worker for good; no more messages or deaths are reported. */
  kill(): void {
    this.disarm();
    this.#dead = true;
    void this.#worker.terminate();
  }

  /** Where the run of `seed` was when it was lost. */
  where(seed: number): Where {
    const p = this.#progress;
    if (p[PROGRESS.seed] === seed && p[PROGRESS.phase] === PHASE.running) return { step: p[PROGRESS.step]!, timeMs: p[PROGRESS.timeMs]!, note: "" };
    if (p[PROGRESS.seed] === seed && p[PROGRESS.phase] === PHASE.after) {
      return { step: p[PROGRESS.step]!, timeMs: p[PROGRESS.timeMs]!, note: " (after the run itself ended: stray async work of the target, such as an unhandled rejection or a host timer)" };
    }
    return { step: 0, timeMs: 0, note: " (step unknown: the run had not started)" };
  }

  #died(message: string, code: number | undefined): void {
    if (this.#dead) return;
    this.#dead = true;
    this.disarm();
    this.#handlers.onDeath(message, code);
  }
}

/** The wall-clock watchdog's words for a hang. */
export function hangMessage(limitMs: number): string {
  return `no result after ${limitMs} ms of wall time (--seed-timeout): the target loops, or waits on something that never happens`;
}

/** The result of a seed whose run never finished (a `hang` or `crash` violation at `where`). */
export function lostResult(targetName: string, options: ResolvedOptions, seed: number, invariant: LostKind, message: string, where: Where): RunResult {
  const violation: Violation = { invariant, message: message + where.note, step: where.step, timeMs: where.timeMs, seed, target: targetName };
  return { seed, target: targetName, options, steps: where.step, timeMs: where.timeMs, traceHash: "", histogram: {}, violations: [violation], inconclusive: [] };
}

function errorMessage(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return "an unprintable error";
  }
}
