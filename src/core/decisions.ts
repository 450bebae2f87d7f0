/**
 * Recorded fault decisions, owned by the step that caused them.
 *
 * Every background fault the kernel decides (a rejected submission, a failed commit, a delay, a
 * lost ack) is an explicit entry attached to its *causing step*: the step whose op was running
 * when it was decided, or, for a decision taken while an event fires, the step that scheduled
 * that event (through any chain of events). A decision is keyed by (causing step, kind, ordinal
 * among that step's decisions of that kind), so deleting an op deletes exactly its faults and
 * leaves every other op's faults where they were, even when they strike long after their op.
 *
 * A run generated from a seed draws decisions from its `faults` stream and records the positive
 * ones; a run replayed from a recorded op list draws nothing and takes exactly the recorded
 * decisions (and records again the ones that happened, under the same keys). So a replay
 * reproduces the faults, and the shrinker can delete a fault just like an op.
 *
 * Replay files of format `simctl-replay/1` keyed decisions by the step *during which* they were
 * decided; {@link FaultDecider.replay} takes `legacyKeys` to look them up that way (the decisions
 * it records are keyed causally, so saving such a replay gives a current file).
 */
import type { Rng } from "./rng.js";

/**
 * One fault that happened. `at` is its ordinal among the same-kind decisions of its causing step
 * (default 0); `on` names the event that was firing when it was decided (absent when the op
 * itself decided it). Only (step, kind, at) identify a decision: `on` is for readers.
 */
export interface FaultDecision {
  readonly kind: string;
  readonly value?: number;
  readonly at?: number;
  readonly on?: string;
}

/** How a target asks for background faults. */
export interface FaultSource {
  /**
   * Decide whether fault `kind` (an id from `ctx.faultKind`) happens at this opportunity, with
   * probability `p`. Returns `null` when it does not, else a value drawn in `[lo, hi]` (for
   * example a delay in ms; 0 when no range is given). The decision belongs to the step that
   * caused the code asking (see `RunContext.cause`). During the liveness phase it is always `null`.
   */
  draw(kind: number, p: number, lo?: number, hi?: number): number | null;
}

/** Where the decider reads who is asking: the causing step, the running step, the firing event. */
export interface DecisionContext {
  /** The causing step of the code running now. */
  readonly causeStep: number;
  /** The step the run is at. */
  readonly stepIndex: number;
  /** The interned kind of the event firing now, or -1 outside events. */
  readonly firing: number;
}

const EMPTY = new Int32Array(0);

const GENERATE = 0;
const REPLAY = 1;
const OFF = 2;

/** The kernel's fault source: draws and records, or replays recorded decisions. */
export class FaultDecider implements FaultSource {
  readonly #names: readonly string[];
  readonly #eventKinds: readonly string[];
  readonly #rng: Rng;
  readonly #enabled: readonly boolean[];
  readonly #at: DecisionContext;
  readonly #kinds: number;
  /** Ordinals by (causing step, kind): `#ordinals[cause * kinds + kind]`, grown on demand. */
  #ordinals: Int32Array;
  /** Ordinals by (running step, kind), for replays of `/1` files. */
  #legacyOrdinals: Int32Array | undefined;
  #mode = GENERATE;
  /** Record positive decisions (off in sweeps, which never read them). */
  #recording = false;
  /** Recorded decisions by causing step (sparse). */
  readonly #recorded: (FaultDecision[] | undefined)[] = [];
  #replaying: readonly ({ readonly faults?: readonly FaultDecision[] | undefined } | undefined)[] = [];

  /**
   * `names`: the target's fault kinds; `eventKinds`: every trace kind, to name the event a
   * decision was taken in; `enabled[i]` false switches fault kind i off entirely (swarm testing).
   */
  constructor(names: readonly string[], rng: Rng, enabled: readonly boolean[], at: DecisionContext, eventKinds: readonly string[] = []) {
    this.#names = names;
    this.#eventKinds = eventKinds;
    this.#rng = rng;
    this.#enabled = enabled;
    this.#at = at;
    this.#kinds = Math.max(1, names.length);
    // Sized by generate()/replay() once the run's length is known (a draw before that grows it).
    this.#ordinals = EMPTY;
  }

  /**
   * Generate decisions from the seed for a run of `steps` steps; `record` keeps the positive ones
   * (see {@link recorded}).
   */
  generate(record: boolean, steps = 0): void {
    this.#mode = GENERATE;
    this.#recording = record;
    this.#reserve(steps);
  }

  /** Room for the ordinals of `steps` steps up front: one allocation per run, none per step. */
  #reserve(steps: number): void {
    const slots = (steps + 1) * this.#kinds;
    if (slots > this.#ordinals.length) this.#ordinals = new Int32Array(slots);
  }

  /**
   * Take only the decisions of `steps` (by causing step), drawing nothing. `legacyKeys`: they are
   * keyed by the step during which they were decided (`simctl-replay/1`).
   */
  replay(steps: readonly ({ readonly faults?: readonly FaultDecision[] | undefined } | undefined)[], record: boolean, legacyKeys = false): void {
    this.#mode = REPLAY;
    this.#replaying = steps;
    this.#recording = record;
    this.#reserve(steps.length);
    this.#legacyOrdinals = legacyKeys ? new Int32Array((steps.length + 1) * this.#kinds) : undefined;
  }

  /** No faults at all from now on (the liveness phase and finish). */
  disable(): void {
    this.#mode = OFF;
  }

  /** The decisions recorded for each causing step (sparse: undefined where a step had none). */
  recorded(): readonly (readonly FaultDecision[] | undefined)[] {
    return this.#recorded;
  }

  draw(kind: number, p: number, lo = 0, hi = lo): number | null {
    if (this.#mode === OFF) return null;
    if (!(kind >= 0 && kind < this.#names.length)) throw new Error(`unknown fault kind id ${kind}`);
    const cause = this.#at.causeStep;
    const slot = cause * this.#kinds + kind;
    if (slot >= this.#ordinals.length) this.#ordinals = grown(this.#ordinals, slot);
    const ordinal = this.#ordinals[slot]!;
    this.#ordinals[slot] = ordinal + 1;
    let value: number | null;
    if (this.#mode === GENERATE) {
      if (!this.#enabled[kind] || !this.#rng.chance(p)) return null;
      value = hi > lo ? this.#rng.range(lo, hi) : lo;
    } else {
      value = this.#legacyOrdinals !== undefined ? this.#lookupLegacy(kind) : lookup(this.#replaying[cause]?.faults, this.#names[kind]!, ordinal);
      if (value === null) return null;
    }
    if (this.#recording) this.#record(cause, kind, ordinal, value);
    return value;
  }

  #lookupLegacy(kind: number): number | null {
    const step = this.#at.stepIndex;
    const slot = step * this.#kinds + kind;
    let ordinals = this.#legacyOrdinals!;
    if (slot >= ordinals.length) ordinals = this.#legacyOrdinals = grown(ordinals, slot);
    const ordinal = ordinals[slot]!;
    ordinals[slot] = ordinal + 1;
    return lookup(this.#replaying[step]?.faults, this.#names[kind]!, ordinal);
  }

  #record(cause: number, kind: number, ordinal: number, value: number): void {
    const firing = this.#at.firing;
    const on = firing >= 0 ? this.#eventKinds[firing] : undefined;
    const decision: FaultDecision = {
      kind: this.#names[kind]!,
      ...(value !== 0 ? { value } : {}),
      ...(ordinal !== 0 ? { at: ordinal } : {}),
      ...(on !== undefined ? { on } : {}),
    };
    (this.#recorded[cause] ??= []).push(decision);
  }
}

/**
 * A step's decisions at or above this many are looked up through an index built on first use:
 * a step that owns much traffic (a cluster's heartbeats all start in `create`, step 0) holds
 * thousands of decisions, and a linear search per draw made replaying it quadratic.
 */
const INDEX_MIN = 16;
const indexes = new WeakMap<readonly FaultDecision[], Map<string, number>>();

function lookup(decisions: readonly FaultDecision[] | undefined, name: string, ordinal: number): number | null {
  if (decisions === undefined) return null;
  if (decisions.length >= INDEX_MIN) return indexOf(decisions).get(`${name}\0${ordinal}`) ?? null;
  for (const d of decisions) {
    if (d.kind === name && (d.at ?? 0) === ordinal) return d.value ?? 0;
  }
  return null;
}

/** (kind, ordinal) -> value of a step's decisions; the first of duplicates wins, as in the linear search. */
function indexOf(decisions: readonly FaultDecision[]): Map<string, number> {
  let index = indexes.get(decisions);
  if (index !== undefined) return index;
  index = new Map();
  for (const d of decisions) {
    const key = `${d.kind}\0${d.at ?? 0}`;
    if (!index.has(key)) index.set(key, d.value ?? 0);
  }
  indexes.set(decisions, index);
  return index;
}

function grown(a: Int32Array, slot: number): Int32Array {
  let n = Math.max(64, a.length * 2);
  while (n <= slot) n *= 2;
  const out = new Int32Array(n);
  out.set(a);
  return out;
}
