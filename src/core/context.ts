/**
 * The simulation behind a {@link RunContext}: clock, event queue, trace and fault source of one
 * run, plus the bookkeeping the run loop needs (current step, async work in flight).
 */
import { SimClock } from "./clock.js";
import { FaultDecider } from "./decisions.js";
import { InputError } from "./errors.js";
import { EventQueue, type Timer } from "./events.js";
import { faultProfile, type FaultLevel, type FaultProfile } from "./faults.js";
import { Rng } from "./rng.js";
import type { Deferred, RunContext, Target, Violation } from "./target.js";
import { sleepOn, timeoutOn, type SleepOptions } from "./timers.js";
import { Trace, type TraceSink } from "./trace.js";
import type { Weights } from "./weights.js";
import { swarmFaults, swarmWeights, type SwarmChoice } from "./swarm.js";

export interface SimulationConfig {
  readonly seed: number;
  readonly workload: string;
  readonly faultLevel: FaultLevel;
  readonly bug: string | null;
  /** Fault kinds switched off for this run (swarm testing). */
  readonly disabledFaults: ReadonlySet<string>;
  readonly traceSink?: TraceSink | undefined;
  readonly weights?: Readonly<Record<string, number>> | undefined;
  readonly swarm?: boolean | undefined;
}

/** The kernel's own event kinds, appended after a target's: `ctx.sleep` and `ctx.timeout` timers. */
export const KERNEL_KINDS = ["kernel.sleep", "kernel.timeout"] as const;

/** The labels of the kernel's own streams, which `ctx.rng` refuses. */
const RESERVED_STREAMS: ReadonlySet<string> = new Set(["ops", "faults", "time", "swarm/ops", "swarm/faults"]);

/**
 * A run's trace kinds: the target's event kinds, then the kernel's own (sleeps, timeouts), with
 * their ids by name. The same for every run of a target, so built once per target.
 */
function traceKinds(target: Target<unknown>): TraceKinds {
  let kinds = TRACE_KINDS.get(target);
  if (kinds === undefined) {
    const names = Object.freeze([...target.eventKinds, ...KERNEL_KINDS]);
    kinds = { names, ids: new Map(names.map((name, id) => [name, id])) };
    TRACE_KINDS.set(target, kinds);
  }
  return kinds;
}

interface TraceKinds {
  readonly names: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
}

const TRACE_KINDS = new WeakMap<Target<unknown>, TraceKinds>();

export class Simulation implements RunContext {
  readonly seed: number;
  readonly target: string;
  readonly workload: string;
  readonly faultLevel: FaultLevel;
  readonly profile: FaultProfile;
  readonly bug: string | null;
  readonly ops: Rng;
  readonly faults: FaultDecider;
  readonly clock = new SimClock();
  readonly queue = new EventQueue();
  readonly trace: Trace;
  readonly root: Rng;
  /** Violations raised outside `check()` (a rejected promise of an async op). */
  readonly asyncViolations: Violation[] = [];
  /** True once the system under test has returned a promise: from then on the loop drains. */
  asyncSeen = false;
  stepIndex = 0;
  /** The step whose op caused the code running now (see {@link RunContext.cause}); set by the run loop. */
  causeStep = 0;
  /** The interned kind of the event firing now, or -1 (set by the run loop). */
  firing = -1;
  /** Ops declared legitimately stuck: step -> reason (see {@link RunContext.stuck}); created on first use. */
  stuckOps: Map<number, string> | undefined;
  /** Malformed `ctx.stuck` calls, reported by the run loop as target errors; created on first use. */
  stuckErrors: string[] | undefined;
  readonly #target: Target<unknown>;
  readonly #sleepKind: number;
  readonly #timeoutKind: number;
  readonly #weights: Readonly<Record<string, number>> | undefined;
  readonly #swarm: boolean;
  get swarm(): boolean {
    return this.#swarm;
  }
  /** Fault kinds switched off for this run (by the caller or by swarm testing). */
  readonly disabledFaults: readonly string[];
  /** The op weights swarm testing chose, once the target asked for its weights. */
  swarmWeights: Readonly<Record<string, number>> | undefined;
  /** Whether the target asked for its weights (scenario weights nobody reads are an input error). */
  weightsRead = false;

  constructor(target: Target<unknown>, config: SimulationConfig) {
    this.#target = target;
    this.seed = config.seed;
    this.target = target.name;
    this.workload = config.workload;
    this.faultLevel = config.faultLevel;
    this.profile = faultProfile(config.faultLevel);
    this.bug = config.bug;
    this.#weights = config.weights;
    this.root = Rng.forSeed(config.seed);
    this.ops = this.root.fork("ops");
    this.#swarm = config.swarm === true;
    const disabled = new Set(config.disabledFaults);
    if (this.#swarm) for (const k of swarmFaults(this.root.fork("swarm/faults"), target.faultKinds)) disabled.add(k);
    this.disabledFaults = target.faultKinds.filter((k) => disabled.has(k));
    const enabled = target.faultKinds.map((k) => !disabled.has(k));
    const kinds = traceKinds(target);
    this.faults = new FaultDecider(target.faultKinds, this.root.fork("faults"), enabled, this, kinds.names);
    this.trace = new Trace(kinds.names, config.traceSink, kinds.ids);
    this.#sleepKind = target.eventKinds.length;
    this.#timeoutKind = target.eventKinds.length + 1;
  }

  weights<K extends string>(defaults: Weights<K>): Weights<K> {
    this.weightsRead = true;
    let weights = defaults;
    const overrides = this.#weights;
    if (overrides !== undefined) {
      for (const kind of Object.keys(overrides)) {
        if (!Object.hasOwn(defaults, kind)) throw new InputError(`weights: '${kind}' is not an op kind of '${this.target}' (known: ${Object.keys(defaults).join(", ")})`);
      }
      weights = { ...defaults, ...overrides } as Weights<K>;
      const total = Object.values<number>(weights).reduce((a, b) => a + b, 0);
      if (!(total > 0) || !Number.isFinite(total)) throw new InputError(`weights: the op weights must add up to a finite number above 0, got ${total}`);
    }
    if (this.#swarm) {
      weights = swarmWeights(this.root.fork("swarm/ops"), weights);
      this.swarmWeights = weights;
    }
    return weights;
  }

  /** What swarm testing chose for this run, or undefined when swarm is off. */
  swarmChoice(): SwarmChoice | undefined {
    if (!this.#swarm) return undefined;
    return { disabledFaults: this.disabledFaults, ...(this.swarmWeights !== undefined ? { weights: { ...this.swarmWeights } } : {}) };
  }

  rng(label: string): Rng {
    // The kernel's own streams: a target drawing from one would repeat the kernel's draws (its
    // randomness silently correlated with the op stream or the think times).
    if (RESERVED_STREAMS.has(label)) throw new Error(`ctx.rng("${label}"): '${label}' is one of the kernel's own streams (${[...RESERVED_STREAMS].join(", ")}); use ctx.ops for ops, or a label of your own`);
    return this.root.fork(label);
  }

  nowMs(): number {
    return this.clock.nowMs();
  }

  step(): number {
    return this.stepIndex;
  }

  cause(): number {
    return this.causeStep;
  }

  kind(name: string): number {
    const id = this.#target.kindIds.get(name);
    if (id === undefined) throw new Error(`target '${this.target}' emits undeclared event kind '${name}'`);
    return id;
  }

  faultKind(name: string): number {
    const id = this.#target.faultKindIds.get(name);
    if (id === undefined) throw new Error(`target '${this.target}' asks for undeclared fault kind '${name}'`);
    return id;
  }

  emit(kind: number, a = 0, b = 0): void {
    this.trace.record(this.stepIndex, this.clock.nowMs(), kind, a, b, this.causeStep);
  }

  schedule(delayMs: number, kind: number, fire: () => void, a = 0, b = 0): Timer {
    // `delayMs > 0` is false for NaN too: a bad delay fires now rather than never.
    const delay = delayMs > 0 ? Math.floor(delayMs) : 0;
    return this.queue.push(this.clock.nowMs() + delay, kind, fire, this.causeStep, a, b, this.trace.length);
  }

  sleep(ms: number, options?: SleepOptions): Promise<void> {
    this.asyncSeen = true;
    return sleepOn((delay, fire) => this.schedule(delay, this.#sleepKind, fire), ms, options);
  }

  timeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
    this.asyncSeen = true;
    return timeoutOn((delay, fire) => this.schedule(delay, this.#timeoutKind, fire), promise, ms);
  }

  deferred<T>(): Deferred<T> {
    this.asyncSeen = true;
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  stuck(step: number, reason: string): void {
    if (!Number.isSafeInteger(step) || step < 0) {
      (this.stuckErrors ??= []).push(`ctx.stuck(${String(step)}, ...): the step must be the index of an op of this run`);
      return;
    }
    if (typeof reason !== "string" || reason.trim() === "") {
      (this.stuckErrors ??= []).push(`ctx.stuck(${step}, ${typeof reason === "string" ? JSON.stringify(reason) : typeof reason}): the reason must be a non-empty sentence saying why the op cannot complete`);
      return;
    }
    (this.stuckOps ??= new Map()).set(step, reason);
  }

  violation(invariant: string, message: string, details?: Record<string, unknown>): Violation {
    return {
      invariant,
      message,
      step: this.stepIndex,
      timeMs: this.clock.nowMs(),
      seed: this.seed,
      target: this.target,
      ...(details !== undefined ? { details } : {}),
    };
  }

  inconclusive(invariant: string, message: string, details?: Record<string, unknown>): Violation {
    return { ...this.violation(invariant, message, details), inconclusive: true };
  }
}
