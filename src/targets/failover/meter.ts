/**
 * The failover measured in simulated time (the seed's `Observation`): from the first failure of a
 * primary to the grant of a higher epoch (takeover), and from there to the first primary of that
 * epoch or a later one serving (recovery). A run that ends before either is reported with the time
 * it waited and continuity missed, never as a success.
 */
import type { Observation } from "./budget.js";
import type { PressureProfile } from "./contract.js";

export class FailoverMeter {
  #failAtMs: number | undefined;
  #failedEpoch = 0;
  #takeoverAtMs: number | undefined;
  #takeoverEpoch = 0;
  #recoveredAtMs: number | undefined;

  /** A primary of `epoch` failed now; only the first failure is measured. */
  failed(atMs: number, epoch: number): void {
    if (this.#failAtMs !== undefined) return;
    this.#failAtMs = atMs;
    this.#failedEpoch = epoch;
  }

  granted(epoch: number, atMs: number): void {
    if (this.#failAtMs === undefined || this.#takeoverAtMs !== undefined || epoch <= this.#failedEpoch) return;
    this.#takeoverAtMs = atMs;
    this.#takeoverEpoch = epoch;
  }

  serving(epoch: number, atMs: number): void {
    if (this.#takeoverAtMs === undefined || this.#recoveredAtMs !== undefined || epoch < this.#takeoverEpoch) return;
    this.#recoveredAtMs = atMs;
  }

  get measuring(): boolean {
    return this.#failAtMs !== undefined;
  }

  observation(backend: string, pressure: PressureProfile, endMs: number, sloMs: number, fenceRejections: number, dataLossEvents: number): Observation {
    const failAt = this.#failAtMs ?? endMs;
    const takeoverAt = this.#takeoverAtMs ?? endMs;
    const recoveredAt = this.#recoveredAtMs ?? endMs;
    const takeoverMs = Math.round(takeoverAt - failAt);
    const recoveryMs = Math.round(recoveredAt - takeoverAt);
    const continuityMet = this.#recoveredAtMs !== undefined && takeoverMs + recoveryMs <= sloMs;
    return { backend, pressure, takeoverMs, recoveryMs, fenceRejections, dataLossEvents, continuityMet };
  }
}
