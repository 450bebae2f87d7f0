/**
 * Per-step checkpoints for divergence reports.
 *
 * A recorded run keeps, per step (or every k-th step on long runs), the running state hash after
 * the step and a digest of the op. A replay compares its own checkpoints with the recorded ones as
 * it goes, and at the first that differs it keeps the step, both sides' hashes, the replayed op and
 * the events that step emitted, so `simctl replay` can say where and how a trace changed instead
 * of only "hash mismatch".
 */
import type { TraceEntry } from "./trace.js";

/** Checkpoints as stored in a replay file: 8 hex chars per checkpoint, concatenated. */
export interface Checkpoints {
  /** A checkpoint is kept after every `every`-th step (steps every-1, 2*every-1, ...). */
  readonly every: number;
  /** Running state (trace) hash after each checkpointed step. */
  readonly state: string;
  /** Digest of each checkpointed step's op. */
  readonly op: string;
}

/** The first checkpoint at which a replay differs from its recording. */
export interface Divergence {
  readonly step: number;
  readonly recorded: { readonly state: string; readonly op: string };
  readonly replayed: { readonly state: string; readonly op: string };
  /** The replayed op, described by the target. */
  readonly opText: string;
  /** The events the replayed step emitted. */
  readonly events: readonly TraceEntry[];
}

/** Keep at most this many checkpoints; longer runs are sampled. */
const CHECKPOINTS_MAX = 10_000;

export function checkpointInterval(ops: number): number {
  return Math.max(1, Math.ceil(ops / CHECKPOINTS_MAX));
}

/** Collects checkpoints during a run and, given recorded ones, finds the first divergence. */
export class Checkpointer {
  readonly #every: number;
  readonly #states: string[] = [];
  readonly #ops: string[] = [];
  readonly #expected: Checkpoints | undefined;
  readonly #stepEvents: TraceEntry[] = [];
  #divergence: Divergence | undefined;

  constructor(every: number, expected?: Checkpoints) {
    this.#every = expected?.every ?? every;
    this.#expected = expected;
  }

  /** Trace sink: remembers the current step's events while a comparison is still open. */
  readonly sink = (entry: TraceEntry): void => {
    if (this.#expected !== undefined && this.#divergence === undefined) this.#stepEvents.push(entry);
  };

  /** Called at the end of each step with the state hash and the op. */
  stepEnded(step: number, state32: number, op: unknown, describe: (op: unknown) => string): void {
    if ((step + 1) % this.#every !== 0) {
      this.#stepEvents.length = 0;
      return;
    }
    const state = hex8(state32);
    const opDigest = hex8(digest(canonicalJson(op)));
    const index = this.#states.length;
    this.#states.push(state);
    this.#ops.push(opDigest);
    const expected = this.#expected;
    if (expected !== undefined && this.#divergence === undefined) {
      const recState = expected.state.slice(index * 8, index * 8 + 8);
      const recOp = expected.op.slice(index * 8, index * 8 + 8);
      if (recState !== state || recOp !== opDigest) {
        this.#divergence = { step, recorded: { state: recState || "(none)", op: recOp || "(none)" }, replayed: { state, op: opDigest }, opText: describe(op), events: [...this.#stepEvents] };
      }
    }
    this.#stepEvents.length = 0;
  }

  result(): Checkpoints {
    return { every: this.#every, state: this.#states.join(""), op: this.#ops.join("") };
  }

  /** The first divergence, or one at the end when the recording has more checkpoints. */
  divergence(lastStep: number): Divergence | undefined {
    if (this.#divergence !== undefined || this.#expected === undefined) return this.#divergence;
    const recorded = this.#expected.state.length / 8;
    if (recorded <= this.#states.length) return undefined;
    const i = this.#states.length;
    return {
      step: lastStep + 1,
      recorded: { state: this.#expected.state.slice(i * 8, i * 8 + 8), op: this.#expected.op.slice(i * 8, i * 8 + 8) },
      replayed: { state: "(ended)", op: "(ended)" },
      opText: "(the replay ended before this step)",
      events: [],
    };
  }
}

/**
 * JSON with object keys sorted at every level, so an op digests the same whether it was generated
 * or rebuilt by a target's `parseOp` with its keys in another order.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** FNV-1a over UTF-16 code units: a stable 32-bit digest of an op's JSON. */
function digest(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hex8(x: number): string {
  return (x >>> 0).toString(16).padStart(8, "0");
}
