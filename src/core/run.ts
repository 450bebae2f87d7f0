/**
 * One seed: generate -> apply -> events -> check, step after step, then finish.
 *
 * The loop is written once for sync and async systems under test: it awaits only when the system
 * has returned a promise (or slept), so a sync target pays for no microtask at all.
 */
import { Simulation } from "./context.js";
import { InputError } from "./errors.js";
import { drainMicrotasks } from "./microtasks.js";
import { resolveOptions, type ResolvedOptions, type RunOptions } from "./options.js";
import { reachableKinds, type Instance, type RecordedStep, type Target, type Violation } from "./target.js";
import type { SwarmChoice } from "./swarm.js";
import type { TraceEntry, TraceSink } from "./trace.js";
import { Checkpointer, checkpointInterval, type Checkpoints, type Divergence } from "./checkpoints.js";

/** Extra inputs that do not change what a generated run does. */
export interface RunHooks<Op> {
  /** Replay these steps verbatim instead of generating ops from the seed. */
  readonly steps?: readonly RecordedStep<Op>[] | undefined;
  /** Keep the recorded steps in the result (for replay files and shrinking). */
  readonly record?: boolean | undefined;
  /** Receives every trace entry (`--trace FILE`). */
  readonly traceSink?: TraceSink | undefined;
  /** Events one step may fire before the run is stopped as a `hang`. */
  readonly eventsPerStepMax?: number | undefined;
  /** Keep per-step checkpoints in the result (on by default with `record`). */
  readonly checkpoints?: boolean | undefined;
  /** Recorded checkpoints to compare against: the result then names the first divergence. */
  readonly expectCheckpoints?: Checkpoints | undefined;
}

export interface RunResult<Op = unknown> {
  readonly seed: number;
  readonly target: string;
  readonly options: ResolvedOptions;
  /** Steps executed (fewer than `options.ops` when the run stopped at a violation). */
  readonly steps: number;
  readonly timeMs: number;
  readonly traceHash: string;
  readonly histogram: Readonly<Record<string, number>>;
  /** The real violations, in the order found (never an entry marked `inconclusive`). */
  readonly violations: readonly Violation[];
  /**
   * Checks that ran out of budget (entries built with `ctx.inconclusive`), in the order found;
   * empty when none. They do not stop the run; a run with some and no violation is inconclusive.
   */
  readonly inconclusive: readonly Violation[];
  /** The last trace entries and ops, present when the run failed or was inconclusive. */
  readonly recent?: readonly TraceEntry[];
  readonly recentOps?: readonly string[];
  readonly recorded?: readonly RecordedStep<Op>[];
  /** What swarm testing chose, when `options.swarm` is on. */
  readonly swarm?: SwarmChoice;
  readonly checkpoints?: Checkpoints;
  /** The first step at which this run differs from `hooks.expectCheckpoints`. */
  readonly divergence?: Divergence;
}

const RECENT_OPS = 12;
const EVENTS_PER_STEP_MAX = 1_000_000;

/** Run one seed of `target` and judge it. */
export async function runSeed<Op>(
  target: Target<Op>,
  seed: number,
  options: RunOptions,
  hooks: RunHooks<Op> = {},
): Promise<RunResult<Op>> {
  const resolved = resolveOptions(target as Target<unknown>, options);
  const wantCheckpoints = hooks.checkpoints ?? (hooks.record === true || hooks.expectCheckpoints !== undefined);
  const checkpointer = wantCheckpoints ? new Checkpointer(checkpointInterval(hooks.steps?.length ?? resolved.ops), hooks.expectCheckpoints) : undefined;
  const sink = combineSinks(hooks.traceSink, checkpointer?.sink);
  const sim = new Simulation(target as Target<unknown>, {
    seed,
    workload: resolved.workload,
    faultLevel: resolved.faultLevel,
    bug: resolved.bug,
    disabledFaults: new Set(),
    traceSink: sink,
    weights: resolved.weights,
    swarm: resolved.swarm,
  });
  const loop = new RunLoop(target, sim, resolved, hooks, checkpointer);
  return loop.run();
}

function combineSinks(a: TraceSink | undefined, b: TraceSink | undefined): TraceSink | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return (entry) => {
    a(entry);
    b(entry);
  };
}

class RunLoop<Op> {
  readonly #violations: Violation[] = [];
  readonly #inconclusive: Violation[] = [];
  readonly #recorded: RecordedStep<Op>[] = [];
  readonly #recentOps: (Op | undefined)[] = new Array<Op | undefined>(RECENT_OPS);
  readonly #time;
  readonly #eventsMax: number;
  #instance!: Instance<Op>;

  constructor(
    readonly target: Target<Op>,
    readonly sim: Simulation,
    readonly options: ResolvedOptions,
    readonly hooks: RunHooks<Op>,
    readonly checkpointer: Checkpointer | undefined,
  ) {
    this.#time = sim.rng("time");
    this.#eventsMax = hooks.eventsPerStepMax ?? EVENTS_PER_STEP_MAX;
  }

  async run(): Promise<RunResult<Op>> {
    const sim = this.sim;
    const instance = this.#guarded(() => this.target.create(sim));
    if (instance === undefined) return this.#result(0);
    this.#instance = instance;
    const steps = this.hooks.steps;
    const total = steps !== undefined ? steps.length : this.options.ops;
    for (let i = 0; i < total; i++) {
      sim.stepIndex = i;
      const outcome = this.#step(steps?.[i]);
      // Only an async system under test makes a step a promise; sync targets never await here.
      const ok = typeof outcome === "boolean" ? outcome : await outcome;
      if (!ok && !this.options.keepGoing) return this.#result(i + 1);
    }
    sim.stepIndex = total;
    sim.faults.disable();
    await this.#finish();
    return this.#result(total);
  }

  /** One step; false when it produced a violation. A promise only once the target went async. */
  #step(replayed: RecordedStep<Op> | undefined): boolean | Promise<boolean> {
    const sim = this.sim;
    let op: Op;
    let thinkMs: number;
    if (replayed !== undefined) {
      sim.faults.beginReplayed(replayed.faults);
      op = replayed.op;
      thinkMs = replayed.thinkMs;
    } else {
      sim.faults.beginGenerated();
      const next = this.#guarded(() => this.#instance.nextOp());
      if (next === undefined) return false;
      op = next;
      thinkMs = this.#time.int(this.options.thinkMsMax + 1);
    }
    this.#remember(op);
    const before = this.#violations.length;
    try {
      this.#applyOp(op);
    } catch (err) {
      this.#violations.push(this.#exception(err));
    }
    const untilMs = sim.clock.nowMs() + thinkMs;
    if (sim.asyncSeen || !this.#advanceSync(untilMs)) return this.#stepAsync(untilMs, op, thinkMs, replayed, before);
    return this.#endStep(op, thinkMs, replayed, before);
  }

  async #stepAsync(untilMs: number, op: Op, thinkMs: number, replayed: RecordedStep<Op> | undefined, before: number): Promise<boolean> {
    await drainMicrotasks();
    await this.#advance(untilMs);
    return this.#endStep(op, thinkMs, replayed, before);
  }

  #endStep(op: Op, thinkMs: number, replayed: RecordedStep<Op> | undefined, before: number): boolean {
    if (this.hooks.record === true) this.#record(op, thinkMs, replayed);
    this.#collect(this.#guarded(() => this.#instance.check()) ?? []);
    this.checkpointer?.stepEnded(this.sim.stepIndex, this.sim.trace.state32(), op, this.#describe);
    return this.#violations.length === before;
  }

  readonly #describe = (op: unknown): string => (this.target.describeOp !== undefined ? this.target.describeOp(op as Op) : JSON.stringify(op));

  #applyOp(op: Op): void {
    const pending = this.#instance.apply(op);
    if (pending !== undefined && typeof pending.then === "function") {
      this.sim.asyncSeen = true;
      pending.then(undefined, (err: unknown) => this.sim.asyncViolations.push(this.#exception(err)));
    }
  }

  #record(op: Op, thinkMs: number, replayed: RecordedStep<Op> | undefined): void {
    const faults = replayed !== undefined ? replayed.faults : this.sim.faults.takeRecorded();
    this.#recorded.push(faults !== undefined && faults.length > 0 ? { op, thinkMs, faults } : { op, thinkMs });
  }

  /**
   * Fire due events synchronously while the target is sync. Returns false (leaving the rest for
   * the async path) as soon as an event makes the target async; true when the clock reached
   * `untilMs` or the step's event budget ran out.
   */
  #advanceSync(untilMs: number): boolean {
    const sim = this.sim;
    let fired = 0;
    while (sim.queue.peekTimeMs() <= untilMs) {
      if (++fired > this.#eventsMax) {
        this.#violations.push(sim.violation("hang", `more than ${this.#eventsMax} events in one step`));
        return true;
      }
      this.#fire();
      if (sim.asyncSeen) return false;
    }
    sim.clock.advanceTo(untilMs);
    return true;
  }

  /** Fire every event due up to `untilMs`, draining microtasks after each, then move the clock. */
  async #advance(untilMs: number): Promise<void> {
    const sim = this.sim;
    let fired = 0;
    while (sim.queue.peekTimeMs() <= untilMs) {
      if (++fired > this.#eventsMax) {
        this.#violations.push(sim.violation("hang", `more than ${this.#eventsMax} events in one step`));
        return;
      }
      this.#fire();
      await drainMicrotasks();
    }
    sim.clock.advanceTo(untilMs);
  }

  #fire(): void {
    const sim = this.sim;
    const event = sim.queue.pop();
    if (event === undefined) return;
    sim.clock.advanceTo(event.timeMs);
    sim.emit(event.kind);
    try {
      event.fire();
    } catch (err) {
      this.#violations.push(this.#exception(err));
    }
  }

  async #finish(): Promise<void> {
    let outcome: readonly Violation[] | undefined;
    let failed = false;
    try {
      const result = this.#instance.finish();
      if (Array.isArray(result)) outcome = result;
      else {
        const promise = result as Promise<readonly Violation[]>;
        promise.then(
          (v) => (outcome = v),
          (err: unknown) => {
            failed = true;
            this.#violations.push(this.#exception(err));
          },
        );
        await this.#settle(() => outcome !== undefined || failed);
      }
    } catch (err) {
      this.#violations.push(this.#exception(err));
    }
    if (outcome !== undefined) this.#collect(outcome);
  }

  /** Keep firing events until `done()` holds; a run that can make no progress is a hang. */
  async #settle(done: () => boolean): Promise<void> {
    const sim = this.sim;
    await drainMicrotasks();
    let fired = 0;
    while (!done()) {
      if (sim.queue.size === 0 || ++fired > this.#eventsMax) {
        this.#violations.push(sim.violation("hang", "finish() never settled: no event left to fire"));
        return;
      }
      this.#fire();
      await drainMicrotasks();
    }
  }

  /**
   * Run target code that is not `apply`: a throw becomes an `exception` violation of this seed
   * (undefined is returned), except an InputError, which is the user's input, not the target.
   */
  #guarded<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (err instanceof InputError) throw err;
      this.#violations.push(this.#exception(err));
      return undefined;
    }
  }

  #exception(err: unknown): Violation {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : `thrown: ${safeString(err)}`;
    const stack = err instanceof Error && err.stack !== undefined ? err.stack.split("\n").slice(1, 4).map((l) => l.trim()) : [];
    return this.sim.violation("exception", message, stack.length > 0 ? { stack } : undefined);
  }

  /** Take the target's answer: real violations and inconclusive entries go to separate lists. */
  #collect(found: readonly Violation[]): void {
    const late = this.sim.asyncViolations;
    if (late.length > 0) this.#violations.push(...late.splice(0));
    if (found.length === 0) return;
    for (const v of found) ((v as Violation | null)?.inconclusive === true ? this.#inconclusive : this.#violations).push(v);
  }

  #remember(op: Op): void {
    this.#recentOps[this.sim.stepIndex % RECENT_OPS] = op;
  }

  /** The remembered ops, oldest first, described. */
  #describeRecentOps(lastStep: number): string[] {
    const describe = this.target.describeOp ?? ((op: Op) => JSON.stringify(op));
    const out: string[] = [];
    for (let step = Math.max(0, lastStep - RECENT_OPS + 1); step <= lastStep; step++) {
      const op = this.#recentOps[step % RECENT_OPS];
      if (op !== undefined) out.push(`#${step} ${describe(op)}`);
    }
    return out;
  }

  #checkpointResult(steps: number): { checkpoints?: Checkpoints; divergence?: Divergence } {
    const cp = this.checkpointer;
    if (cp === undefined) return {};
    const divergence = cp.divergence(steps - 1);
    return { checkpoints: cp.result(), ...(divergence !== undefined ? { divergence } : {}) };
  }

  #result(steps: number): RunResult<Op> {
    const sim = this.sim;
    this.#collect([]);
    const judged = this.#violations.length > 0 || this.#inconclusive.length > 0;
    return {
      seed: sim.seed,
      target: sim.target,
      options: this.options,
      steps,
      timeMs: sim.clock.nowMs(),
      traceHash: sim.trace.hash(),
      histogram: reachableHistogram(this.target as Target<unknown>, this.options.workload, sim.trace.histogram()),
      violations: this.#violations,
      inconclusive: this.#inconclusive,
      ...(judged ? { recent: sim.trace.recent(), recentOps: this.#describeRecentOps(steps - 1) } : {}),
      ...(this.hooks.record === true ? { recorded: this.#recorded } : {}),
      ...(this.options.swarm ? { swarm: sim.swarmChoice()! } : {}),
      ...this.#checkpointResult(steps),
    };
  }
}

/**
 * The histogram a report shows: every kind this workload can reach (zeros included, so coverage
 * gaps are visible), plus any other kind that did occur (e.g. `kernel.sleep` in async runs).
 */
function reachableHistogram(target: Target<unknown>, workload: string, counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kind of reachableKinds(target, workload)) out[kind] = counts[kind] ?? 0;
  for (const [kind, n] of Object.entries(counts)) if (n > 0 && !(kind in out)) out[kind] = n;
  return out;
}

/** String(value) for anything a target may throw, even an object String() cannot convert. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
