/**
 * Simulated time: integer milliseconds from 0. Only the run loop advances it, so every reading
 * inside a run is a pure function of the seed and options.
 */
export class SimClock {
  #nowMs = 0;

  /** The current simulated time in ms. */
  nowMs(): number {
    return this.#nowMs;
  }

  /** Move time forward to `timeMs`; time never goes backwards. */
  advanceTo(timeMs: number): void {
    if (timeMs > this.#nowMs) this.#nowMs = timeMs;
  }
}
