/**
 * SIGINT and SIGTERM during a sweep. The first signal stops the sweep cleanly (no new seed
 * starts); the command then writes its partial reports and exits 130 (SIGINT) or 143 (SIGTERM,
 * what CI runners and Kubernetes send on cancel). A second signal while the reports are being
 * written is absorbed, with a note (an impatient double Ctrl-C must not lose the report); a
 * third quits at once, says so, and removes half-written temporary files.
 */
import { EXIT } from "../core/errors.js";
import { removePendingTempFiles } from "./files.js";
import type { Io } from "./io.js";

export type StopSignal = "SIGINT" | "SIGTERM";

const SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM"];

export class Interrupts {
  #signal: StopSignal | undefined;
  #count = 0;
  #onStop: () => void = () => undefined;
  readonly #listeners = new Map<StopSignal, () => void>();

  constructor(readonly io: Io) {}

  /** Start listening; `onStop` runs once, on the first signal. */
  install(onStop: () => void): this {
    this.#onStop = onStop;
    for (const signal of SIGNALS) {
      const listener = (): void => this.#received(signal);
      this.#listeners.set(signal, listener);
      process.on(signal, listener);
    }
    return this;
  }

  /** What to stop next: a new phase (shrinking, saving) registers its own way to stop. */
  onStop(stop: () => void): void {
    this.#onStop = stop;
    if (this.#signal !== undefined) stop();
  }

  /**
   * Stop listening (the command is done): signals get their default behaviour again. After a
   * signal, the listeners stay: the process is about to exit with 130/143, and a late second
   * Ctrl-C must not turn that into a death by signal.
   */
  dispose(): void {
    if (this.#signal !== undefined) return;
    for (const [signal, listener] of this.#listeners) process.removeListener(signal, listener);
    this.#listeners.clear();
  }

  /** The first signal received, if any. */
  get signal(): StopSignal | undefined {
    return this.#signal;
  }

  /** Whether a second signal asked to hurry: skip what is optional (saving replay files). */
  get hurry(): boolean {
    return this.#count >= 2;
  }

  /** 130 for SIGINT, 143 for SIGTERM. */
  get exitCode(): number {
    return this.#signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted;
  }

  #received(signal: StopSignal): void {
    this.#count++;
    if (this.#count === 1) {
      this.#signal = signal;
      this.io.err(`\nsimctl: ${signal}: stopping; writing the partial report (signal again twice to quit without it)\n`);
      this.#onStop();
      return;
    }
    if (this.#count === 2) {
      this.io.err(`simctl: ${signal} again: still writing the report; one more to quit without it\n`);
      return;
    }
    this.io.err(`simctl: ${signal}: quitting now; the report was not written (or is incomplete)\n`);
    removePendingTempFiles();
    // The one place that ends the process from inside a command: the user asked three times.
    process.exit(this.exitCode);
  }
}
