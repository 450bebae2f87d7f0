/**
 * The trace of a run: a running 64-bit hash, a ring of recent entries and a histogram.
 *
 * The hot path folds numbers only: event kinds are interned to small integers when a target is
 * defined, and the ring stores numbers in typed arrays. Text is rendered only when a violation is
 * reported or a full trace is requested.
 */

/** One trace entry, as rendered for reports and `--trace` files. */
export interface TraceEntry {
  /** The step during which it was recorded (the op count during the liveness phase and finish). */
  readonly step: number;
  readonly timeMs: number;
  readonly kind: string;
  readonly a: number;
  readonly b: number;
  /**
   * The step whose op caused it: `step` itself for what an op does directly, the scheduling
   * step for an event (and what it does), through any chain of events.
   */
  readonly cause?: number;
  /**
   * A fired event only: how many entries the trace held when it was scheduled, so the entry it
   * answers (a message's `net.send`, say) is among those before this index. Not in the hash.
   */
  readonly origin?: number;
  /** The target's description of the event (`describeEvent(kind, a, b)`), when it gives one. */
  readonly text?: string;
  /** The node it happened on (`eventNode(kind, a, b)`), when the target says. */
  readonly node?: number;
  /** `--trace` lines only: the causing op, described (`#3 transfer E -> A 5`). */
  readonly op?: string;
}

/** Renders entries for reports: an event's description and the description of a step's op. */
export interface TraceDescribers {
  /** The target's description of an event, or undefined. Never throws. */
  readonly event?: ((kind: string, a: number, b: number) => string | undefined) | undefined;
  /** The op of a step, described, or undefined (only asked for entries sent to a sink). */
  readonly op?: ((step: number) => string | undefined) | undefined;
  /** The node an event happened on, or undefined. Never throws. */
  readonly node?: ((kind: string, a: number, b: number) => number | undefined) | undefined;
}

/** Receives every entry of a run (the CLI writes them as JSON lines). */
export type TraceSink = (entry: TraceEntry) => void;

const RING_SIZE = 32;

export class Trace {
  readonly #kinds: readonly string[];
  readonly #ids: ReadonlyMap<string, number>;
  readonly #counts: number[];
  readonly #sink: TraceSink | undefined;
  #h1 = 0x811c9dc5;
  #h2 = 0x01000193;
  /** Step and causing step of each ring entry: `[step, cause]` pairs. */
  // Plain arrays, not typed ones: a typed array over 64 bytes is allocated off V8's heap, which a
  // sweep of short seeds paid for on every seed.
  readonly #ringStep: number[] = zeros(2 * RING_SIZE);
  readonly #ringTime: number[] = zeros(RING_SIZE);
  readonly #ringKind: number[] = zeros(RING_SIZE);
  readonly #ringA: number[] = zeros(RING_SIZE);
  readonly #ringB: number[] = zeros(RING_SIZE);
  #written = 0;
  #describers: TraceDescribers = {};

  /** `ids`: each kind's position in `kinds`, when the caller has it at hand (built here if not). */
  constructor(kinds: readonly string[], sink?: TraceSink, ids?: ReadonlyMap<string, number>) {
    this.#kinds = kinds;
    this.#ids = ids ?? new Map(kinds.map((name, id) => [name, id]));
    this.#counts = zeros(kinds.length);
    this.#sink = sink;
  }

  /** The name of an interned kind. */
  kindName(kind: number): string {
    return this.#kinds[kind] ?? "?";
  }

  /** How entries are described when rendered (set once by the run loop). */
  describeWith(describers: TraceDescribers): void {
    this.#describers = describers;
  }

  /**
   * Record one entry: fold it into the hash, the ring and the histogram. `cause` (the causing
   * step) is kept in the ring for reports but not folded into the hash: the trace of a run is what
   * happened, and attribution is bookkeeping about it.
   */
  record(step: number, timeMs: number, kind: number, a: number, b: number, cause: number = step, origin = -1): void {
    this.#counts[kind]! += 1;
    this.fold(kind);
    this.fold(timeMs);
    this.fold(a);
    this.fold(b);
    const slot = this.#written++ % RING_SIZE;
    this.#ringStep[2 * slot] = step;
    this.#ringStep[2 * slot + 1] = cause;
    this.#ringTime[slot] = timeMs;
    this.#ringKind[slot] = kind;
    this.#ringA[slot] = a;
    this.#ringB[slot] = b;
    if (this.#sink !== undefined) this.#sink(this.#entry(step, timeMs, kind, a, b, cause, true, origin));
  }

  /** How many entries were recorded so far (the index the next one gets). */
  get length(): number {
    return this.#written;
  }

  #entry(step: number, timeMs: number, kindId: number, a: number, b: number, cause: number, withOp: boolean, origin = -1): TraceEntry {
    const kind = this.#kinds[kindId] ?? "?";
    const text = this.#describers.event?.(kind, a, b);
    const op = withOp ? this.#describers.op?.(cause) : undefined;
    const node = this.#describers.node?.(kind, a, b);
    return { step, timeMs, kind, a, b, cause, ...(origin >= 0 ? { origin } : {}), ...(text !== undefined ? { text } : {}), ...(node !== undefined ? { node } : {}), ...(op !== undefined ? { op } : {}) };
  }

  /** Fold one number (an integer up to 2^53, or any double) into the running hash. */
  fold(x: number): void {
    const lo = x | 0;
    this.#mix(lo);
    // Most values are small integers: one word is the whole value. Others add a second word.
    if (lo !== x) this.#mix(Number.isInteger(x) ? Math.floor(x / 4294967296) | 0 : Math.round(x * 1024) | 0);
  }

  #mix(word: number): void {
    let h1 = Math.imul(this.#h1 ^ word, 0x85ebca6b);
    h1 = (h1 << 13) | (h1 >>> 19);
    let h2 = Math.imul(this.#h2 ^ word, 0xc2b2ae35);
    h2 = (h2 << 17) | (h2 >>> 15);
    this.#h1 = (h1 + h2) | 0;
    this.#h2 = (h2 + this.#h1) | 0;
  }

  /** A 32-bit summary of the running hash, for per-step checkpoints. */
  state32(): number {
    return (this.#h1 ^ Math.imul(this.#h2, 0x9e3779b1)) >>> 0;
  }

  /** The running hash as 16 lowercase hex characters. */
  hash(): string {
    // A final avalanche so that near-identical traces give visibly different hashes.
    let a = this.#h1 ^ (this.#h2 >>> 16);
    a = Math.imul(a, 0x7feb352d) ^ (a >>> 15);
    let b = this.#h2 ^ (a >>> 13);
    b = Math.imul(b, 0x846ca68b) ^ (b >>> 16);
    return hex8(a) + hex8(b);
  }

  /** How many entries of kind `name` were recorded (0 for a kind never recorded or unknown). */
  count(name: string): number {
    const id = this.#ids.get(name);
    return id === undefined ? 0 : this.#counts[id]!;
  }

  /** Each kind recorded at least once, in interning order, with its count. */
  forEachCounted(each: (name: string, n: number) => void): void {
    const counts = this.#counts;
    for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) each(this.#kinds[i]!, counts[i]!);
  }

  /** How many entries of each kind were recorded, by kind name (kinds never reached included). */
  histogram(): Record<string, number> {
    const out: Record<string, number> = {};
    this.#kinds.forEach((name, i) => {
      out[name] = this.#counts[i] ?? 0;
    });
    return out;
  }

  /** The most recent entries, oldest first. */
  recent(): TraceEntry[] {
    const n = Math.min(this.#written, RING_SIZE);
    const out: TraceEntry[] = [];
    for (let i = this.#written - n; i < this.#written; i++) {
      const slot = i % RING_SIZE;
      out.push(this.#entry(this.#ringStep[2 * slot] ?? 0, this.#ringTime[slot] ?? 0, this.#ringKind[slot] ?? 0, this.#ringA[slot] ?? 0, this.#ringB[slot] ?? 0, this.#ringStep[2 * slot + 1] ?? 0, false));
    }
    return out;
  }
}

function hex8(x: number): string {
  return (x >>> 0).toString(16).padStart(8, "0");
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}
