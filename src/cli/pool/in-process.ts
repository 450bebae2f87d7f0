/**
 * Small sweeps of built-in targets run in the main thread: starting a worker would cost more
 * than the sweep (a 100-seed sweep is ~0.3 s of work). Built-in targets are simctl's own tested
 * code; any user target, any explicit `--jobs`, and any sweep over the size threshold goes to the
 * worker pool, whose watchdog stops loops and crashes.
 */
import { runSeed, type RunResult } from "../../core/run.js";
import type { ResolvedOptions } from "../../core/options.js";
import type { Target } from "../../core/target.js";

/** What the sweep command needs of a seed runner (the worker pool or this). */
export interface SeedRunner {
  run(): Promise<void>;
  cancel(): void;
  running(): number[];
  unstarted(): number[];
}

/** Seeds between two yields to the event loop, so Ctrl-C is handled promptly. */
const YIELD_EVERY = 8;

export class InProcessRunner implements SeedRunner {
  #next = 0;
  #cancelled = false;

  constructor(
    readonly target: Target<unknown>,
    readonly options: ResolvedOptions,
    readonly seeds: readonly number[],
    readonly onResult: (result: RunResult) => void,
  ) {}

  async run(): Promise<void> {
    while (!this.#cancelled && this.#next < this.seeds.length) {
      this.onResult(await runSeed(this.target, this.seeds[this.#next]!, this.options));
      this.#next++;
      if (this.#next % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  cancel(): void {
    this.#cancelled = true;
  }

  running(): number[] {
    return [];
  }

  unstarted(): number[] {
    return this.seeds.slice(this.#next);
  }
}
