/**
 * The simulation behind a {@link RunContext}: clock, event queue, trace and fault source of one
 * run, plus the bookkeeping the run loop needs (current step, async work in flight).
 */
import { SimClock } from "./clock.js";
import { FaultDecider } from "./decisions.js";
import { InputError } from "./errors.js";
import { EventQueue } from "./events.js";
import { faultProfile, type FaultLevel, type FaultProfile } from "./faults.js";
import { Rng } from "./rng.js";
import type { RunContext, Target, Violation } from "./target.js";
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
  readonly #target: Target<unknown>;
  readonly #sleepKind: number;
  readonly #weights: Readonly<Record<string, number>> | undefined;
  readonly #swarm: boolean;
  /** Fault kinds switched off for this run (by the caller or by swarm testing). */
  readonly disabledFaults: readonly string[];
  /** The op weights swarm testing chose, once the target asked for its weights. */
  swarmWeights: Readonly<Record<string, number>> | undefined;

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
    this.faults = new FaultDecider(target.faultKinds, this.root.fork("faults"), enabled);
    // The kernel's own kind for sleeps is appended after the target's kinds.
    this.trace = new Trace([...target.eventKinds, "kernel.sleep"], config.traceSink);
    this.#sleepKind = target.eventKinds.length;
  }

  weights<K extends string>(defaults: Weights<K>): Weights<K> {
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
    return this.root.fork(label);
  }

  nowMs(): number {
    return this.clock.nowMs();
  }

  step(): number {
    return this.stepIndex;
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
    this.trace.record(this.stepIndex, this.clock.nowMs(), kind, a, b);
  }

  schedule(delayMs: number, kind: number, fire: () => void): void {
    this.queue.push(this.clock.nowMs() + Math.max(0, Math.floor(delayMs)), kind, fire);
  }

  sleep(ms: number): Promise<void> {
    this.asyncSeen = true;
    return new Promise((resolve) => this.schedule(ms, this.#sleepKind, resolve));
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
