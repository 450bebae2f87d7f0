/**
 * What `--html` keeps of a run while it runs: a window of its trace entries and the ops that
 * started in it (when each started and settled). A run can be millions of entries long; the
 * page draws at most `maxEntries` of them, so only those are kept: the last ones (the run stops at
 * its violation, so they lead up to it), or the last ones within a step range (`--html-steps`).
 * Runs in the thread that runs the target (a worker's for a user target): nothing here is a function.
 */
import type { OpObserver, RunHooks } from "../../core/run.js";
import type { TraceEntry, TraceSink } from "../../core/trace.js";

/** Which entries to keep: steps `fromStep..toStep` (inclusive; all when absent), at most `maxEntries`, the last ones. */
export interface TimelineRequest {
  readonly fromStep?: number | undefined;
  readonly toStep?: number | undefined;
  readonly maxEntries: number;
  /** A violation's place: entries after it are kept only up to {@link TAIL_AFTER_STOP}, evicting none before it. */
  readonly stopAt?: { readonly step: number; readonly timeMs: number } | undefined;
}

/** Runs up to this many steps are recorded for their pages' fault lists (a longer one would keep every op). */
export const RECORDED_STEPS_MAX = 20_000;

/** Entries kept past `stopAt`: what the violating step did right after. */
export const TAIL_AFTER_STOP = 100;

/** Whether an entry comes after a violation found at `stop` (later step, or later in its step). */
export function isPast(e: { readonly step: number; readonly timeMs: number }, stop: { readonly step: number; readonly timeMs: number }): boolean {
  return e.step > stop.step || (e.step === stop.step && e.timeMs > stop.timeMs);
}

/** One op: its step, description, and when (simulated ms, trace position) it started and settled. */
export interface OpSpan {
  readonly step: number;
  readonly text: string;
  readonly startMs: number;
  /** How many entries the trace held when it started: its first entry has this index. */
  readonly startEntry: number;
  /** Null while in flight at the end of the run. */
  endMs: number | null;
  endEntry: number | null;
  ok: boolean;
}

export interface TimelineData {
  /** The kept entries, in trace order; `entries[i]` has index `first + i` in the whole trace. */
  readonly entries: readonly TraceEntry[];
  readonly first: number;
  /** Entries the run recorded in all. */
  readonly total: number;
  /** Entries that were in the step range but left out for the `maxEntries` bound. */
  readonly cut: number;
  /** The last {@link SPANS_KEPT} ops of the range (those before the kept entries too), in step order. */
  readonly spans: readonly OpSpan[];
  readonly request: TimelineRequest;
}

/** Ops kept at most: a page lists each (drawn or not), so a repro's every step is there. */
export const SPANS_KEPT = 2_000;

export class TimelineCollector {
  readonly #request: TimelineRequest;
  readonly #ring: TraceEntry[] = [];
  readonly #tail: TraceEntry[] = [];
  /** Index of the oldest kept entry in the ring, once it is full. */
  #head = 0;
  #firstKept = 0;
  #total = 0;
  #inRange = 0;
  readonly #spans: OpSpan[] = [];
  readonly #open = new Map<number, OpSpan>();

  constructor(request: TimelineRequest) {
    this.#request = request;
  }

  readonly sink: TraceSink = (entry) => {
    const index = this.#total++;
    if (!this.#wanted(entry.step)) return;
    const stop = this.#request.stopAt;
    if (stop !== undefined && isPast(entry, stop)) {
      if (this.#tail.length < TAIL_AFTER_STOP && this.#ring.length > 0) this.#tail.push(entry);
      return;
    }
    this.#inRange++;
    const ring = this.#ring;
    if (ring.length < this.#request.maxEntries) {
      if (ring.length === 0) this.#firstKept = index;
      ring.push(entry);
      return;
    }
    ring[this.#head] = entry;
    this.#head = (this.#head + 1) % ring.length;
    this.#firstKept++;
  };

  readonly ops: OpObserver = {
    started: (step, timeMs, text) => {
      const stop = this.#request.stopAt;
      if (!this.#wanted(step) || (stop !== undefined && step > stop.step)) return;
      const span: OpSpan = { step, text, startMs: timeMs, startEntry: this.#total, endMs: null, endEntry: null, ok: true };
      this.#spans.push(span);
      this.#open.set(step, span);
      // The oldest ops past the bound go, now and then (not per op: the list is an array).
      if (this.#spans.length > 2 * SPANS_KEPT) this.#spans.splice(0, this.#spans.length - SPANS_KEPT);
    },
    settled: (step, timeMs, ok) => {
      const span = this.#open.get(step);
      if (span === undefined) return;
      this.#open.delete(step);
      span.endMs = timeMs;
      span.endEntry = this.#total;
      span.ok = ok;
    },
  };

  #wanted(step: number): boolean {
    const r = this.#request;
    return (r.fromStep === undefined || step >= r.fromStep) && (r.toStep === undefined || step <= r.toStep);
  }

  data(): TimelineData {
    const ring = this.#ring;
    const entries = [...ring.slice(this.#head), ...ring.slice(0, this.#head), ...this.#tail];
    return {
      entries,
      first: this.#firstKept,
      total: this.#total,
      cut: this.#inRange - entries.length,
      spans: this.#spans.slice(-SPANS_KEPT),
      request: this.#request,
    };
  }
}

/** What a run collects for `--trace` (every entry as a JSON line) and `--html` (a window). */
export interface Collected {
  readonly trace?: string;
  readonly timeline?: TimelineData;
}

/** The hooks that collect them, and what they collected once the run is over. */
export function collectors(wanted: { readonly trace?: boolean | undefined; readonly timeline?: TimelineRequest | undefined }): {
  readonly hooks: Pick<RunHooks<unknown>, "traceSink" | "ops" | "traceOps">;
  collected(): Collected;
} {
  const lines: string[] | undefined = wanted.trace === true ? [] : undefined;
  const timeline = wanted.timeline !== undefined ? new TimelineCollector(wanted.timeline) : undefined;
  const toLines: TraceSink | undefined = lines !== undefined ? (e) => lines.push(JSON.stringify(e)) : undefined;
  const both: TraceSink | undefined =
    toLines !== undefined && timeline !== undefined
      ? (e) => {
          toLines(e);
          timeline.sink(e);
        }
      : (toLines ?? timeline?.sink);
  return {
    // The page lists ops from their spans: entries need their causing op only for `--trace` lines.
    hooks: { traceSink: both, ops: timeline?.ops, traceOps: lines !== undefined },
    collected: () => ({
      ...(lines !== undefined ? { trace: lines.length > 0 ? lines.join("\n") + "\n" : "" } : {}),
      ...(timeline !== undefined ? { timeline: timeline.data() } : {}),
    }),
  };
}
