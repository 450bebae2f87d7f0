/**
 * The sweep's worker pool: N worker threads run seeds side by side; results come back in any
 * order and the accumulator sorts them, so `--jobs N` gives the same report as `--jobs 1`.
 *
 * It is also the watchdog. A seed with no result after `seedTimeoutMs` is a `hang` (the worker is
 * terminated: only a thread can be stopped in the middle of a synchronous infinite loop); a worker
 * that dies while running a seed (out of memory, `process.exit`, an uncaught error) is a `crash`.
 * Either way the seed is reported with its kind and the pool starts a fresh worker and goes on.
 */
import { Worker } from "node:worker_threads";
import { InputError } from "../../core/errors.js";
import type { RunResult } from "../../core/run.js";
import type { Violation } from "../../core/target.js";
import type { WorkerMessage, WorkerSetup } from "./protocol.js";

export interface PoolOptions {
  readonly jobs: number;
  readonly setup: WorkerSetup;
  /** Wall-clock limit per seed; null for none. */
  readonly seedTimeoutMs: number | null;
  /** Old-generation heap limit per worker, in MB (undefined: Node's default). */
  readonly heapMb?: number | undefined;
  /** The target's name, for the violations of lost seeds. */
  readonly targetName: string;
}

interface Slot {
  worker: Worker;
  seed: number | null;
  timer: ReturnType<typeof setTimeout> | null;
  dead: boolean;
}

const WORKER_URL = new URL("./worker.js", import.meta.url);

export class SeedPool {
  readonly #queue: number[];
  #next = 0;
  #active = 0;
  #cancelled = false;
  #abandoned: number[] = [];
  #failure: Error | null = null;
  #done: () => void = () => undefined;
  readonly #slots = new Set<Slot>();

  constructor(
    readonly options: PoolOptions,
    seeds: readonly number[],
    readonly onResult: (result: RunResult) => void,
  ) {
    this.#queue = [...seeds];
  }

  /** Run every seed; resolves when all are done or the pool was cancelled. */
  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#done = () => (this.#failure !== null ? reject(this.#failure) : resolve());
      const workers = Math.max(1, Math.min(this.options.jobs, this.#queue.length));
      for (let i = 0; i < workers; i++) this.#spawn();
      if (this.#queue.length === 0) this.#finish();
    });
  }

  /** Stop: no new seed starts, running ones are abandoned. Their seeds stay unaccounted. */
  cancel(): void {
    this.#abandoned = this.running();
    this.#cancelled = true;
    this.#finish();
  }

  /** Seeds never started (after a cancel). */
  unstarted(): number[] {
    return this.#queue.slice(this.#next);
  }

  /** Seeds running now, or abandoned when the pool was cancelled. */
  running(): number[] {
    if (this.#cancelled) return this.#abandoned;
    return [...this.#slots].flatMap((s) => (s.seed !== null ? [s.seed] : []));
  }

  #spawn(): void {
    const worker = new Worker(WORKER_URL, {
      workerData: this.options.setup,
      ...(this.options.heapMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb } } : {}),
    });
    const slot: Slot = { worker, seed: null, timer: null, dead: false };
    this.#slots.add(slot);
    worker.on("message", (m: WorkerMessage) => this.#message(slot, m));
    worker.on("error", (err) => this.#died(slot, `the worker crashed: ${err.message}`));
    worker.on("exit", (code) => this.#died(slot, `the worker exited with code ${code} (did the target call process.exit?)`));
  }

  #message(slot: Slot, m: WorkerMessage): void {
    if (slot.dead) return;
    if (m.type === "fatal") {
      this.#failure = m.input ? new InputError(m.message) : new Error(m.message);
      return this.#finish();
    }
    if (m.type === "result") {
      this.#clear(slot);
      this.#active--;
      this.onResult(m.result);
    }
    this.#dispatch(slot);
  }

  #dispatch(slot: Slot): void {
    if (this.#cancelled || this.#next >= this.#queue.length) {
      this.#retire(slot);
      if (this.#active === 0 && this.#slots.size === 0) this.#finish();
      return;
    }
    const seed = this.#queue[this.#next++]!;
    slot.seed = seed;
    this.#active++;
    const limit = this.options.seedTimeoutMs;
    if (limit !== null) slot.timer = setTimeout(() => this.#timeout(slot, seed, limit), limit);
    slot.worker.postMessage({ seed });
  }

  #timeout(slot: Slot, seed: number, limit: number): void {
    if (slot.dead || slot.seed !== seed) return;
    this.#lose(slot, "hang", `no result after ${limit} ms of wall time (--seed-timeout): the target loops, or waits on something that never happens`);
  }

  #died(slot: Slot, message: string): void {
    if (slot.dead) return;
    if (slot.seed === null) {
      // A worker that dies between seeds (or while loading) lost nothing; replace it if needed.
      this.#retire(slot);
      if (!this.#cancelled && this.#next < this.#queue.length) this.#spawn();
      else if (this.#active === 0 && this.#slots.size === 0) this.#finish();
      return;
    }
    this.#lose(slot, "crash", message);
  }

  /** The seed on `slot` is lost: report it, retire the worker, start a fresh one. */
  #lose(slot: Slot, invariant: "hang" | "crash", message: string): void {
    const seed = slot.seed!;
    this.#active--;
    this.#retire(slot);
    this.onResult(lostResult(this.options, seed, invariant, message));
    if (!this.#cancelled && this.#next < this.#queue.length) this.#spawn();
    else if (this.#active === 0 && this.#slots.size === 0) this.#finish();
  }

  #retire(slot: Slot): void {
    this.#clear(slot);
    slot.dead = true;
    slot.seed = null;
    this.#slots.delete(slot);
    void slot.worker.terminate();
  }

  #clear(slot: Slot): void {
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.seed = null;
  }

  #finish(): void {
    for (const slot of [...this.#slots]) {
      slot.dead = true;
      if (slot.timer !== null) clearTimeout(slot.timer);
      void slot.worker.terminate();
    }
    this.#slots.clear();
    const done = this.#done;
    this.#done = () => undefined;
    done();
  }
}

/** The result of a seed whose run never finished. */
function lostResult(options: PoolOptions, seed: number, invariant: "hang" | "crash", message: string): RunResult {
  const violation: Violation = { invariant, message, step: 0, timeMs: 0, seed, target: options.targetName };
  return { seed, target: options.targetName, options: options.setup.options, steps: 0, timeMs: 0, traceHash: "", histogram: {}, violations: [violation] };
}
