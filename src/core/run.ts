/**
 * One seed: generate -> apply -> events -> check, step after step; then the liveness phase
 * (faults stop, `heal()`, events fire until the system goes quiet or the budget is spent), then
 * `finish()`, then every op still pending is a `liveness` violation unless declared stuck.
 *
 * The loop is written once for sync and async systems under test: it awaits only when the system
 * has returned a promise (or slept), so a sync target pays for no microtask at all.
 *
 * Causality: the loop keeps `sim.causeStep` at the step whose op caused the code running now, the
 * current step while an op is applied and checked, an event's cause while it fires (and while
 * the continuations it resumed run), so events scheduled and faults decided belong to the op
 * that caused them.
 */
import { brief, errorText, isStamped, isThenable, isViolationShaped, jsonOf, stackOf, TARGET_ERROR } from "./boundary.js";
import { Simulation } from "./context.js";
import { InputError } from "./errors.js";
import { MicrotaskDrain } from "./microtasks.js";
import { resolveOptions, type ResolvedOptions, type RunOptions } from "./options.js";
import { reachableKinds, type Instance, type RecordedStep, type Target, type Violation } from "./target.js";
import type { SwarmChoice } from "./swarm.js";
import type { Trace, TraceEntry, TraceSink } from "./trace.js";
import { Checkpointer, checkpointInterval, type Checkpoints, type Divergence } from "./checkpoints.js";
import { KERNEL_KINDS } from "./context.js";
import { LIVENESS, pendingOpMessage, PENDING_REPORTED_MAX, stepLine, unquietMessage, type StuckOp } from "./liveness.js";

/** Extra inputs that do not change what a generated run does. */
export interface RunHooks<Op> {
  /** Replay these steps verbatim instead of generating ops from the seed. */
  readonly steps?: readonly RecordedStep<Op>[] | undefined;
  /**
   * The replayed steps' faults are keyed by the step during which they were decided, as in
   * `simctl-replay/1` files (see decisions.ts); a recorded result keys them by causing step.
   */
  readonly legacyFaultKeys?: boolean | undefined;
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
  /**
   * Where the run is, for a watchdog in another thread: the loop writes the current step to
   * `progress[0]` and the simulated time at its start to `progress[1]` (a shared buffer; a hang
   * or crash can then be reported at its step). Two stores per step; nothing is read back.
   */
  readonly progress?: Float64Array | undefined;
  /**
   * Describe the causing op of each entry sent to `traceSink` (its `op`; default true). Off, the
   * run keeps no op text per step: a sink that needs none (`--html`) costs no memory per op.
   */
  readonly traceOps?: boolean | undefined;
  /** Told when each op starts and when it settles (what `--html` draws as an op's bar). */
  readonly ops?: OpObserver | undefined;
}

/**
 * Watches ops start and settle, in trace order: `started` before the op's first entry, `settled`
 * when its promise settles (right after `apply` for a synchronous op). Never for a run's own use.
 */
export interface OpObserver {
  started(step: number, timeMs: number, text: string): void;
  settled(step: number, timeMs: number, ok: boolean): void;
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
  /** Ops still pending at the end that the target declared stuck (`ctx.stuck`), with its reasons. */
  readonly stuck?: readonly StuckOp[];
  /** What swarm testing chose, when `options.swarm` is on. */
  readonly swarm?: SwarmChoice;
  readonly checkpoints?: Checkpoints;
  /** The first step at which this run differs from `hooks.expectCheckpoints`. */
  readonly divergence?: Divergence;
}

const RECENT_OPS = 12;
const EVENTS_PER_STEP_MAX = 1_000_000;
/** The methods of an instance; nextOp only when the run generates its ops. */
const INSTANCE_METHODS = ["nextOp", "apply", "check", "finish"] as const;
/** Optional methods of an instance: absent, or functions. */
const OPTIONAL_METHODS = ["heal", "quiescent"] as const;
const NONE: readonly Violation[] = [];

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
  // The checkpointer looks at trace entries only to show a divergence: only when comparing.
  const sink = combineSinks(hooks.traceSink, hooks.expectCheckpoints !== undefined ? checkpointer?.sink : undefined);
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
  /** Simulated time at the start of each remembered step and the time since the step before: `[at, gap]` pairs. */
  readonly #recentTimes: number[] = new Array<number>(2 * RECENT_OPS).fill(0);
  #lastStepAtMs = 0;
  /** `--trace` only: each step's op described, for the lines it causes. */
  readonly #opTexts: string[] | undefined;
  readonly #stuck: StuckOp[] = [];
  readonly #time;
  readonly #eventsMax: number;
  readonly #progress: Float64Array | undefined;
  /** Ops whose apply() promise has not settled yet, by step, oldest first (async targets only). */
  readonly #inFlight = new Map<number, Op>();
  readonly #microtasks = new MicrotaskDrain();
  /** A describeOp problem is reported once per run. */
  #describeFailed = false;
  #instance!: Instance<Op>;

  constructor(
    readonly target: Target<Op>,
    readonly sim: Simulation,
    readonly options: ResolvedOptions,
    readonly hooks: RunHooks<Op>,
    readonly checkpointer: Checkpointer | undefined,
  ) {
    this.#time = sim.root.fork("time");
    this.#eventsMax = hooks.eventsPerStepMax ?? EVENTS_PER_STEP_MAX;
    this.#progress = hooks.progress;
    this.#opTexts = hooks.traceSink !== undefined && hooks.traceOps !== false ? [] : undefined;
    const opTexts = this.#opTexts;
    sim.trace.describeWith({
      event: this.#describeEvent,
      op: opTexts !== undefined ? (step) => opTexts[step] : undefined,
      node: this.#eventNode,
    });
  }

  async run(): Promise<RunResult<Op>> {
    const sim = this.sim;
    const progress = this.#progress;
    if (progress !== undefined) progress[0] = progress[1] = 0;
    const steps = this.hooks.steps;
    const record = this.hooks.record === true;
    if (steps !== undefined) sim.faults.replay(steps, record, this.hooks.legacyFaultKeys === true);
    else sim.faults.generate(record, this.options.ops);
    const instance = this.#create(steps === undefined);
    if (instance === undefined) return this.#result(0);
    this.#instance = instance;
    const total = steps !== undefined ? steps.length : this.options.ops;
    for (let i = 0; i < total; i++) {
      sim.stepIndex = i;
      sim.causeStep = i;
      if (progress !== undefined) {
        progress[0] = i;
        progress[1] = sim.clock.nowMs();
      }
      const outcome = this.#step(steps?.[i]);
      // Only an async system under test makes a step a promise; sync targets never await here.
      const ok = typeof outcome === "boolean" ? outcome : await outcome;
      if (!ok && !this.options.keepGoing) return this.#result(i + 1);
    }
    sim.stepIndex = total;
    this.#restore();
    if (progress !== undefined) {
      progress[0] = total;
      progress[1] = sim.clock.nowMs();
    }
    // The liveness phase: faults stop, the target heals, events fire until the system is quiet.
    sim.faults.disable();
    const before = this.#violations.length;
    const unquiet = await this.#livenessPhase();
    if (this.#violations.length > before && !this.options.keepGoing) return this.#result(total);
    await this.#finish();
    await this.#checkInFlight();
    if (unquiet !== undefined) this.#violations.push(unquiet);
    return this.#result(total);
  }

  /** Back to the running step, outside any event. */
  #restore(): void {
    const sim = this.sim;
    sim.causeStep = sim.stepIndex;
    sim.firing = -1;
  }

  /** `create(ctx)`, checked: an instance with the methods the run will call, or a violation. */
  #create(generating: boolean): Instance<Op> | undefined {
    let instance: unknown;
    try {
      instance = this.target.create(this.sim);
    } catch (err) {
      this.#threw(err);
      return undefined;
    }
    const wanted = generating ? INSTANCE_METHODS : INSTANCE_METHODS.slice(1);
    if (instance === null || typeof instance !== "object" || isThenable(instance)) {
      this.#targetError(`create() returned ${brief(instance)}: it must return an object with the methods ${wanted.join(", ")} (create runs synchronously)`);
      return undefined;
    }
    const missing = wanted.filter((m) => typeof (instance as Record<string, unknown>)[m] !== "function");
    if (missing.length > 0) {
      this.#targetError(`create() returned ${brief(instance)}, which has no method${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
      return undefined;
    }
    const notMethods = OPTIONAL_METHODS.filter((m) => {
      const v = (instance as Record<string, unknown>)[m];
      return v !== undefined && typeof v !== "function";
    });
    if (notMethods.length > 0) {
      this.#targetError(`create() returned ${brief(instance)}, whose ${notMethods.join(", ")} ${notMethods.length > 1 ? "are not methods" : "is not a method"} (leave optional methods out, or make them functions)`);
      return undefined;
    }
    return instance as Instance<Op>;
  }

  /** One step; false when it produced a violation. A promise only once the target went async. */
  #step(replayed: RecordedStep<Op> | undefined): boolean | Promise<boolean> {
    const sim = this.sim;
    let op: Op;
    let thinkMs: number;
    if (replayed !== undefined) {
      op = replayed.op;
      thinkMs = replayed.thinkMs;
    } else {
      let next: Op;
      try {
        next = this.#instance.nextOp();
      } catch (err) {
        this.#threw(err);
        return false;
      }
      if (next === undefined) {
        this.#targetError("nextOp() returned undefined: it must return the next op (a JSON value)");
        return false;
      }
      if (sim.stepIndex === 0) this.#checkWeightsRead();
      op = next;
      const o = this.options;
      thinkMs = o.thinkMsMin + this.#time.int(o.thinkMsMax - o.thinkMsMin + 1);
    }
    this.#remember(op);
    if (this.#opTexts !== undefined) this.#opTexts[sim.stepIndex] = `#${sim.stepIndex} ${this.#describeForTrace(op)}`;
    const before = this.#violations.length;
    try {
      this.#applyOp(op);
    } catch (err) {
      this.#violations.push(this.#exception(err));
    }
    const untilMs = sim.clock.nowMs() + thinkMs;
    if (sim.asyncSeen || !this.#advanceSync(untilMs)) return this.#stepAsync(untilMs, op, thinkMs, before);
    return this.#endStep(op, thinkMs, before);
  }

  async #stepAsync(untilMs: number, op: Op, thinkMs: number, before: number): Promise<boolean> {
    // Continuations of what the op (or the event that made the target async) resumed.
    await this.#microtasks.drain();
    this.#restore();
    await this.#advance(untilMs);
    return this.#endStep(op, thinkMs, before);
  }

  #endStep(op: Op, thinkMs: number, before: number): boolean {
    if (this.hooks.record === true) this.#recorded.push({ op, thinkMs });
    this.#check();
    const checkpointer = this.checkpointer;
    if (checkpointer !== undefined) {
      try {
        checkpointer.stepEnded(this.sim.stepIndex, this.sim.trace.state32(), op, this.#describe);
      } catch (err) {
        this.#targetError(`the op of step #${this.sim.stepIndex} cannot be digested as JSON (${errorText(err)}): ops must be plain JSON values`);
      }
    }
    return this.#violations.length === before;
  }

  /** `describeOp(op)`, checked: its string, or the op's JSON (and one target-error per run). */
  readonly #describe = (op: unknown): string => {
    const describeOp = this.target.describeOp;
    if (describeOp !== undefined) {
      try {
        const text: unknown = describeOp(op as Op);
        if (typeof text === "string") return text;
        this.#describeFailure(`describeOp() returned ${brief(text)}: it must return a string`);
      } catch (err) {
        this.#describeFailure(`describeOp(${brief(op, 40)}) threw ${errorText(err)}`);
      }
    }
    return jsonOf(op);
  };

  #describeFailure(message: string): void {
    if (this.#describeFailed) return;
    this.#describeFailed = true;
    this.#targetError(message);
  }

  /** `apply(op)`, checked: undefined (a sync op) or a promise (an op in flight), nothing else. */
  #applyOp(op: Op): void {
    const observer = this.hooks.ops;
    if (observer === undefined) {
      this.#apply(op);
      return;
    }
    const sim = this.sim;
    const step = sim.stepIndex;
    observer.started(step, sim.clock.nowMs(), this.#describeForTrace(op));
    let inFlight = false;
    let ok = false;
    try {
      inFlight = !this.#apply(op, observer);
      ok = true;
    } finally {
      if (!inFlight) observer.settled(step, sim.clock.nowMs(), ok);
    }
  }

  /** False when the op went in flight (an observer then hears when it settles). */
  #apply(op: Op, observer?: OpObserver): boolean {
    const answer: unknown = this.#instance.apply(op);
    if (answer === undefined) return true;
    if (!isThenable(answer)) {
      this.#targetError(`apply() returned ${brief(answer)}: it must return undefined, or a promise when the system is async`);
      return true;
    }
    const sim = this.sim;
    sim.asyncSeen = true;
    const step = sim.stepIndex;
    const inFlight = this.#inFlight;
    inFlight.set(step, op);
    answer.then(
      () => {
        inFlight.delete(step);
        observer?.settled(step, sim.clock.nowMs(), true);
      },
      (err: unknown) => {
        inFlight.delete(step);
        observer?.settled(step, sim.clock.nowMs(), false);
        sim.asyncViolations.push(this.#exception(err));
      },
    );
    return false;
  }

  /**
   * The liveness phase, after the last op (faults already stopped): `heal()`, then fire events
   * until none is left, the target says it is quiescent, or `livenessMsMax` simulated ms have
   * passed; then `check()` once, on what the phase did. Returns the violation for a system that
   * did not go quiet within the budget (reported after the pending ops, which say more).
   * With `livenessMsMax` 0 only `heal()` runs.
   */
  async #livenessPhase(): Promise<Violation | undefined> {
    const sim = this.sim;
    this.#heal();
    const budgetMs = this.options.livenessMsMax;
    if (budgetMs === 0) return undefined;
    if (sim.asyncSeen) await this.#microtasks.drain();
    const startMs = sim.clock.nowMs();
    const deadlineMs = startMs + budgetMs;
    const quiescent = this.#instance.quiescent;
    let fired = 0;
    let quiet = false;
    while (!quiet && sim.queue.peekTimeMs() <= deadlineMs) {
      if (++fired > this.#eventsMax) {
        this.#violations.push(sim.violation("hang", `more than ${this.#eventsMax} events in the liveness phase without reaching its end (t=${sim.clock.nowMs()} ms): events keep scheduling events at the same time`));
        return undefined;
      }
      this.#fire();
      if (sim.asyncSeen) await this.#microtasks.drain();
      this.#restore();
      if (quiescent !== undefined) {
        try {
          quiet = quiescent.call(this.#instance) === true;
        } catch (err) {
          this.#threw(err);
          return undefined;
        }
      }
    }
    let unquiet: Violation | undefined;
    if (!quiet && sim.queue.size > 0) {
      sim.clock.advanceTo(deadlineMs);
      const next = sim.queue.peek()!;
      const kind = sim.trace.kindName(next.kind);
      const by = next.cause < sim.stepIndex ? this.#opAt(next.cause) : undefined;
      unquiet = sim.violation(LIVENESS, unquietMessage({ budgetMs, startMs, left: sim.queue.size, kind, text: this.#eventText(kind, next.a, next.b), atMs: next.timeMs, cause: next.cause, op: by, ops: sim.stepIndex }), {
        eventsLeft: sim.queue.size,
        next: { kind, a: next.a, b: next.b, timeMs: next.timeMs, cause: next.cause },
      });
    }
    this.#check();
    return unquiet;
  }

  /** The target's check(): a throw is that step's exception, its answer is collected. */
  #check(): void {
    let found: unknown;
    try {
      found = this.#instance.check();
    } catch (err) {
      this.#threw(err);
      found = NONE;
    }
    this.#collect("check", found);
  }

  /** `heal()`, checked: absent, or a synchronous call that returns nothing. */
  #heal(): void {
    const heal = this.#instance.heal;
    if (heal === undefined) return;
    let answer: unknown;
    try {
      answer = heal.call(this.#instance);
    } catch (err) {
      this.#threw(err);
      return;
    }
    if (answer !== undefined) this.#targetError(`heal() returned ${brief(answer)}: it must return undefined (heal runs synchronously, at the start of the liveness phase)`);
  }

  /**
   * Work left in flight: an op whose promise is still pending after the liveness phase and
   * finish() never completed. Each is a `liveness` violation naming the op and its step (the
   * first {@link PENDING_REPORTED_MAX}), unless the target declared it stuck with a reason. Only
   * async targets have ops in flight; the order is the kernel's, so this is deterministic.
   */
  async #checkInFlight(): Promise<void> {
    const sim = this.sim;
    for (const message of sim.stuckErrors?.splice(0) ?? []) this.#targetError(message);
    if (this.#inFlight.size === 0) return;
    // Continuations of promises settled by finish() run before the next macrotask.
    await this.#microtasks.drain();
    const pending: [number, Op][] = [];
    for (const [step, op] of this.#inFlight) {
      const reason = sim.stuckOps?.get(step);
      if (reason !== undefined) this.#stuck.push({ step, op: this.#describe(op), reason });
      else pending.push([step, op]);
    }
    const phase = { livenessMsMax: this.options.livenessMsMax, nowMs: sim.clock.nowMs() };
    pending.slice(0, PENDING_REPORTED_MAX).forEach(([step, op], i) => {
      const more = i === PENDING_REPORTED_MAX - 1 ? pending.length - PENDING_REPORTED_MAX : 0;
      this.#violations.push(sim.violation(LIVENESS, pendingOpMessage(step, this.#describe(op), phase, more), { step, op: this.#describe(op), inFlight: pending.length }));
    });
  }

  /** The op of `step` described (`transfer E -> A 5`) when it is still at hand, else undefined. */
  #opAt(step: number): string | undefined {
    const recent = this.#recentOps[step % RECENT_OPS];
    if (recent !== undefined && step > this.sim.stepIndex - RECENT_OPS) return this.#describe(recent);
    const op = this.hooks.steps?.[step]?.op ?? this.#recorded[step]?.op;
    return op !== undefined ? this.#describe(op) : undefined;
  }

  /**
   * `describeEvent(kind, a, b)`, checked: a string, or undefined. It is called only to render a
   * trace (`--trace`, `--html`, a failure's last events), so a failing one never changes the run's
   * verdict: its entry says what went wrong instead. The kernel's own timers carry no arguments.
   */
  readonly #describeEvent = (kind: string, a: number, b: number): string | undefined => {
    if ((KERNEL_KINDS as readonly string[]).includes(kind)) return "";
    const describeEvent = this.target.describeEvent;
    if (describeEvent === undefined) return undefined;
    try {
      const text: unknown = describeEvent(kind, a, b);
      if (typeof text === "string" || text === undefined) return text;
      return `${a} ${b} (describeEvent returned ${brief(text)}: it must return a string or undefined)`;
    } catch (err) {
      return `${a} ${b} (describeEvent threw ${errorText(err)})`;
    }
  };

  /** `eventNode(kind, a, b)`, checked: a node number, or undefined (the clients' lane), whatever it answers. */
  readonly #eventNode = (kind: string, a: number, b: number): number | undefined => {
    const eventNode = this.target.eventNode;
    if (eventNode === undefined || (KERNEL_KINDS as readonly string[]).includes(kind)) return undefined;
    try {
      const node: unknown = eventNode(kind, a, b);
      return Number.isSafeInteger(node) && (node as number) >= 0 ? (node as number) : undefined;
    } catch {
      return undefined;
    }
  };

  /** `describeOp(op)` for a trace line or a page: never a violation (it would change the run's verdict). */
  readonly #describeForTrace = (op: unknown): string => {
    const describeOp = this.target.describeOp;
    if (describeOp === undefined) return jsonOf(op);
    try {
      const text: unknown = describeOp(op as Op);
      return typeof text === "string" ? text : `${jsonOf(op)} (describeOp returned ${brief(text)}: it must return a string)`;
    } catch (err) {
      return `${jsonOf(op)} (describeOp threw ${errorText(err)})`;
    }
  };

  /** An event's arguments as a reader sees them: the target's description, or the numbers. */
  #eventText(kind: string, a: number, b: number): string {
    return this.#describeEvent(kind, a, b) ?? `${a} ${b}`;
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
      // The event made the target async: its continuations run on the async path, still caused by it.
      if (sim.asyncSeen) return false;
      this.#restore();
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
      await this.#microtasks.drain();
      this.#restore();
    }
    sim.clock.advanceTo(untilMs);
  }

  /**
   * Fire the next event: the clock moves to its time, and until the caller restores them the
   * causing step is the event's cause and `firing` its kind. A cancelled timer is never popped.
   */
  #fire(): void {
    const sim = this.sim;
    const event = sim.queue.pop();
    if (event === undefined) return;
    const timeMs = event.timeMs;
    sim.clock.advanceTo(timeMs);
    sim.causeStep = event.cause;
    sim.firing = event.kind;
    sim.trace.record(sim.stepIndex, sim.clock.nowMs(), event.kind, event.a, event.b, event.cause, event.origin);
    try {
      event.fire();
    } catch (err) {
      this.#violations.push(this.#exception(err));
    }
  }

  async #finish(): Promise<void> {
    let answer: unknown;
    try {
      answer = this.#instance.finish();
    } catch (err) {
      this.#threw(err);
      return;
    }
    if (!isThenable(answer)) return this.#collect("finish", answer);
    let settled = false;
    let failed = false;
    let outcome: unknown;
    try {
      answer.then(
        (v) => {
          settled = true;
          outcome = v;
        },
        (err: unknown) => {
          settled = failed = true;
          this.#violations.push(this.#exception(err));
        },
      );
    } catch (err) {
      this.#threw(err);
      return;
    }
    await this.#settle(() => settled);
    if (settled && !failed) this.#collect("finish", outcome, "resolved to");
  }

  /** Keep firing events until `done()` holds; a run that can make no progress is a hang. */
  async #settle(done: () => boolean): Promise<void> {
    const sim = this.sim;
    await this.#microtasks.drain();
    let fired = 0;
    while (!done()) {
      if (sim.queue.size === 0 || ++fired > this.#eventsMax) {
        this.#violations.push(sim.violation("hang", "finish() never settled: no event left to fire"));
        return;
      }
      this.#fire();
      await this.#microtasks.drain();
      this.#restore();
    }
  }

  /**
   * Scenario weights are read through `ctx.weights`; a workload that never calls it (in `create`
   * or its first `nextOp`) would silently ignore them, so that is the user's input error.
   */
  #checkWeightsRead(): void {
    const overrides = this.options.weights;
    if (overrides === undefined || this.sim.weightsRead) return;
    const kinds = Object.keys(overrides).join(", ");
    throw new InputError(`weights ${kinds}: no workload reads them (target '${this.target.name}', workload '${this.options.workload}' never calls ctx.weights), so they would be ignored; remove them from the scenario`);
  }

  /**
   * A throw from target code that is not `apply`: an `exception` violation of this seed, except
   * an InputError, which is the user's input (a bad weight override), not the target.
   */
  #threw(err: unknown): void {
    if (err instanceof InputError) throw err;
    this.#violations.push(this.#exception(err));
  }

  #exception(err: unknown): Violation {
    const stack = stackOf(err);
    return this.sim.violation("exception", errorText(err), stack.length > 0 ? { stack } : undefined);
  }

  /** A malformed answer of the target: a violation naming the method and what it returned. */
  #targetError(message: string): void {
    this.#violations.push(this.sim.violation(TARGET_ERROR, message));
  }

  /** Violations raised outside check() (rejected promises of ops in flight). */
  #flushLate(): void {
    const late = this.sim.asyncViolations;
    if (late.length > 0) this.#violations.push(...late.splice(0));
  }

  /**
   * Take the answer of `check()`/`finish()`: an array of violations (real ones and inconclusive
   * entries go to separate lists). Anything else is a target-error. The common answer, an empty
   * array, costs one Array.isArray and one length read.
   */
  #collect(method: "check" | "finish", found: unknown, verb = "returned"): void {
    this.#flushLate();
    if (!Array.isArray(found)) {
      this.#targetError(`${method}() ${verb} ${brief(found)}: it must return an array of violations (built with ctx.violation), [] when every invariant holds`);
      return;
    }
    if (found.length === 0) return;
    try {
      for (let i = 0; i < found.length; i++) {
        const entry: unknown = found[i];
        if (!isViolationShaped(entry)) {
          this.#targetError(`${method}() ${verb} an array whose entry ${i} is ${brief(entry)}: each entry must be a violation built with ctx.violation(invariant, message)`);
          continue;
        }
        const v: Violation = isStamped(entry) ? entry : { ...this.sim.violation(entry.invariant, entry.message, entry.details), ...(entry.inconclusive === true ? { inconclusive: true as const } : {}) };
        (v.inconclusive === true ? this.#inconclusive : this.#violations).push(v);
      }
    } catch (err) {
      this.#threw(err);
    }
  }

  #remember(op: Op): void {
    const slot = this.sim.stepIndex % RECENT_OPS;
    const atMs = this.sim.clock.nowMs();
    this.#recentOps[slot] = op;
    this.#recentTimes[2 * slot] = atMs;
    this.#recentTimes[2 * slot + 1] = atMs - this.#lastStepAtMs;
    this.#lastStepAtMs = atMs;
  }

  /** The remembered ops, oldest first, described with their time: `#3 t=12ms (+4ms) ...`. */
  #describeRecentOps(lastStep: number): string[] {
    const out: string[] = [];
    for (let step = Math.max(0, lastStep - RECENT_OPS + 1); step <= lastStep; step++) {
      const slot = step % RECENT_OPS;
      const op = this.#recentOps[slot];
      if (op !== undefined) out.push(stepLine(step, this.#recentTimes[2 * slot]!, this.#recentTimes[2 * slot + 1]!, this.#describe(op)));
    }
    return out;
  }

  /** The recorded steps with the faults each caused (recorded by the fault decider, by causing step). */
  #withFaults(): RecordedStep<Op>[] {
    const byStep = this.sim.faults.recorded();
    if (byStep.length === 0) return this.#recorded;
    return this.#recorded.map((s, i) => {
      const faults = byStep[i];
      return faults !== undefined && faults.length > 0 ? { op: s.op, thinkMs: s.thinkMs, faults } : s;
    });
  }

  #checkpointResult(steps: number): { checkpoints?: Checkpoints; divergence?: Divergence } {
    const cp = this.checkpointer;
    if (cp === undefined) return {};
    const divergence = cp.divergence(steps - 1);
    return { checkpoints: cp.result(), ...(divergence !== undefined ? { divergence } : {}) };
  }

  #result(steps: number): RunResult<Op> {
    const sim = this.sim;
    this.#flushLate();
    // Described first: a describeOp that fails adds its target-error before the verdict is taken.
    const recentOps = this.#violations.length > 0 || this.#inconclusive.length > 0 ? this.#describeRecentOps(steps - 1) : undefined;
    const judged = recentOps !== undefined;
    return {
      seed: sim.seed,
      target: sim.target,
      options: this.options,
      steps,
      timeMs: sim.clock.nowMs(),
      traceHash: sim.trace.hash(),
      histogram: reachableHistogram(this.target as Target<unknown>, this.options.workload, sim.trace),
      violations: this.#violations,
      inconclusive: this.#inconclusive,
      ...(judged ? { recent: sim.trace.recent(), recentOps } : {}),
      ...(this.hooks.record === true ? { recorded: this.#withFaults() } : {}),
      ...(this.#stuck.length > 0 ? { stuck: this.#stuck } : {}),
      ...(this.options.swarm ? { swarm: sim.swarmChoice()! } : {}),
      ...this.#checkpointResult(steps),
    };
  }
}

/**
 * The histogram a report shows: every kind this workload can reach (zeros included, so coverage
 * gaps are visible), plus any other kind that did occur (e.g. `kernel.sleep` in async runs).
 */
function reachableHistogram(target: Target<unknown>, workload: string, trace: Trace): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kind of reachableKinds(target, workload)) out[kind] = trace.count(kind);
  trace.forEachCounted((kind, n) => {
    if (!(kind in out)) out[kind] = n;
  });
  return out;
}
