/**
 * Recorded fault decisions.
 *
 * Every background fault the kernel decides (a rejected submission, a failed commit, a delay, a
 * dropped message) is an explicit entry attached to the step during which it was decided. A run
 * generated from a seed draws decisions from its `faults` stream and records the positive ones; a
 * run replayed from a recorded op list draws nothing and takes exactly the recorded decisions.
 * So a replay reproduces the faults, and the shrinker can delete a fault just like an op.
 */
import type { Rng } from "./rng.js";

/** One fault that happened. `at` is its ordinal among same-kind decisions in its step (default 0). */
export interface FaultDecision {
  readonly kind: string;
  readonly value?: number;
  readonly at?: number;
}

/** How a target asks for background faults. */
export interface FaultSource {
  /**
   * Decide whether fault `kind` (an id from `ctx.faultKind`) happens at this opportunity, with
   * probability `p`. Returns `null` when it does not, else a value drawn in `[lo, hi]` (for
   * example a delay in ms; 0 when no range is given).
   */
  draw(kind: number, p: number, lo?: number, hi?: number): number | null;
}

type Mode = "generate" | "replay" | "off";

/** The kernel's fault source: draws and records, or replays recorded decisions. */
export class FaultDecider implements FaultSource {
  readonly #names: readonly string[];
  readonly #rng: Rng;
  readonly #enabled: readonly boolean[];
  readonly #ordinals: number[];
  #mode: Mode = "generate";
  /** Whether any draw happened since the ordinals were last reset. */
  #drew = false;
  #recorded: FaultDecision[] | null = null;
  #replaying: readonly FaultDecision[] | undefined = undefined;

  /** `enabled[i]` false switches fault kind i off entirely (swarm testing). */
  constructor(names: readonly string[], rng: Rng, enabled: readonly boolean[]) {
    this.#names = names;
    this.#rng = rng;
    this.#enabled = enabled;
    this.#ordinals = names.map(() => 0);
  }

  /** Start a generated step: decisions are drawn and recorded. */
  beginGenerated(): void {
    this.#mode = "generate";
    this.#recorded = null;
    this.#resetOrdinals();
  }

  /** Start a replayed step: only `decisions` happen. */
  beginReplayed(decisions: readonly FaultDecision[] | undefined): void {
    this.#mode = "replay";
    this.#replaying = decisions;
    this.#resetOrdinals();
  }

  #resetOrdinals(): void {
    if (!this.#drew) return;
    this.#ordinals.fill(0);
    this.#drew = false;
  }

  /** No faults at all (used while the run drains at its end). */
  disable(): void {
    this.#mode = "off";
  }

  /** The decisions recorded since the last `beginGenerated`, if any. */
  takeRecorded(): FaultDecision[] | undefined {
    const out = this.#recorded ?? undefined;
    this.#recorded = null;
    return out;
  }

  draw(kind: number, p: number, lo = 0, hi = lo): number | null {
    const ordinal = this.#ordinals[kind];
    if (ordinal === undefined) throw new Error(`unknown fault kind id ${kind}`);
    this.#ordinals[kind] = ordinal + 1;
    this.#drew = true;
    if (this.#mode === "generate") return this.#generate(kind, ordinal, p, lo, hi);
    if (this.#mode === "replay") return this.#replay(kind, ordinal);
    return null;
  }

  #generate(kind: number, ordinal: number, p: number, lo: number, hi: number): number | null {
    if (!this.#enabled[kind] || !this.#rng.chance(p)) return null;
    const value = hi > lo ? this.#rng.range(lo, hi) : lo;
    const decision: FaultDecision = {
      kind: this.#names[kind] as string,
      ...(value !== 0 ? { value } : {}),
      ...(ordinal !== 0 ? { at: ordinal } : {}),
    };
    (this.#recorded ??= []).push(decision);
    return value;
  }

  #replay(kind: number, ordinal: number): number | null {
    const decisions = this.#replaying;
    if (decisions === undefined) return null;
    const name = this.#names[kind];
    for (const d of decisions) {
      if (d.kind === name && (d.at ?? 0) === ordinal) return d.value ?? 0;
    }
    return null;
  }
}
