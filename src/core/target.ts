/**
 * The public target API.
 *
 * A built-in target and a user's target are the same thing: a module whose default export is
 * `defineTarget({...})`. `create(ctx)` is the one small interface through which a system plugs
 * in: it is a factory that builds a fresh system under test, its oracle and its checker for one
 * run, from the run's context (seeded streams, simulated clock, faults, trace).
 */
import type { FaultDecision, FaultSource } from "./decisions.js";
import type { FaultLevel, FaultProfile } from "./faults.js";
import type { Rng } from "./rng.js";
import type { Weights } from "./weights.js";

/**
 * A failed invariant, or (with `inconclusive: true`) an invariant a checker could not decide. The
 * kernel fills in step, time, seed and target (build one with `ctx.violation` or
 * `ctx.inconclusive`).
 */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
  readonly step: number;
  readonly timeMs: number;
  readonly seed: number;
  readonly target: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /**
   * Set when a checker ran out of budget (states, time) before it could decide the invariant.
   * Such an entry is never a violation: the run loop moves it to `RunResult.inconclusive`, it
   * does not stop the run, and a seed with only such entries is `inconclusive`, not `failed`.
   */
  readonly inconclusive?: true;
}

/** What a run gives the target. Everything random or timed comes from here. */
export interface RunContext {
  readonly seed: number;
  readonly target: string;
  readonly workload: string;
  readonly faultLevel: FaultLevel;
  /** The background fault probabilities of this run's level. */
  readonly profile: FaultProfile;
  /** The planted bug enabled for this run, or null. */
  readonly bug: string | null;
  /** The stream the target's op generator draws from. */
  readonly ops: Rng;
  /** An independent named stream for anything else the target randomises. */
  rng(label: string): Rng;
  /** Background fault decisions, recorded so that replays and shrinking reproduce them. */
  readonly faults: FaultSource;
  /** Current simulated time in ms. */
  nowMs(): number;
  /** The index of the current step (0-based); equal to the op count while finishing. */
  step(): number;
  /**
   * The workload's op weights with this run's overrides applied (a scenario's `weights`). Throws
   * an input error naming an override for an op kind `defaults` does not have.
   */
  weights<K extends string>(defaults: Weights<K>): Weights<K>;
  /** The interned id of a declared event kind. Call once in `create`, not per step. */
  kind(name: string): number;
  /** The interned id of a declared fault kind. Call once in `create`. */
  faultKind(name: string): number;
  /** Record an event of kind `kind` with two numeric arguments in the trace and histogram. */
  emit(kind: number, a?: number, b?: number): void;
  /** Run `fire` at `delayMs` simulated ms from now, as an event of kind `kind`. */
  schedule(delayMs: number, kind: number, fire: () => void): void;
  /** A promise that resolves `ms` simulated ms from now (for async systems under test). */
  sleep(ms: number): Promise<void>;
  /** Build a violation stamped with the current step, time, seed and target. */
  violation(invariant: string, message: string, details?: Record<string, unknown>): Violation;
  /**
   * Build an inconclusive entry: stamped like {@link RunContext.violation}, with
   * `inconclusive: true`. Return it from `check()`/`finish()` like a violation when a checker ran
   * out of budget and could neither confirm nor refute `invariant`
   * (`ctx.inconclusive("H1", "could not be decided: explored 5000000 states")`). It never fails
   * the run: the seed is reported as `inconclusive` (exit 4) unless a real violation occurs too.
   */
  inconclusive(invariant: string, message: string, details?: Record<string, unknown>): Violation;
}

/** One run's system under test, oracle and checker, as built by `create`. */
export interface Instance<Op> {
  /** Draw the next op from the workload (uses `ctx.ops`). Only called when generating. */
  nextOp(): Op;
  /** Start applying `op`. May return a promise that settles when the op completes. */
  apply(op: Op): void | Promise<void>;
  /**
   * Check the invariants on what the last step touched. Return an empty array when all hold;
   * entries built with `ctx.inconclusive` report checks that ran out of budget.
   */
  check(): readonly Violation[];
  /** Drain everything (release pending work, heal, quiesce) and check convergence; entries as `check`. */
  finish(): readonly Violation[] | Promise<readonly Violation[]>;
}

/** The definition a target module passes to {@link defineTarget}. */
export interface TargetSpec<Op> {
  readonly name: string;
  readonly description: string;
  /** Invariant id -> one-line statement. */
  readonly invariants: Readonly<Record<string, string>>;
  /** Planted bug name -> what it breaks; enabled with `--bug NAME`. */
  readonly bugs: Readonly<Record<string, string>>;
  /** Workload name -> description. The first one is the default. */
  readonly workloads: Readonly<Record<string, string>>;
  /** Every histogram kind the target can reach (ops and events). */
  readonly eventKinds: readonly string[];
  /**
   * Event kinds that only the named workload reaches (they must be in `eventKinds` too). Sweeps
   * of other workloads neither list them in the histogram nor report them as unreached.
   */
  readonly workloadKinds?: Readonly<Record<string, readonly string[]>>;
  /** Background fault kinds the target asks the fault source for. */
  readonly faultKinds?: readonly string[];
  /** Validate and convert one op read from a replay file; throw an Error naming what is wrong. */
  parseOp?(json: unknown): Op;
  /** One readable line for `op`, used in reports and repros (default: its JSON). */
  describeOp?(op: Op): string;
  /** Simpler variants of `op` for the shrinker (smaller batches, smaller counts), simplest first. */
  shrinkOp?(op: Op): Op[];
  create(ctx: RunContext): Instance<Op>;
}

/** A defined target: its spec plus interned kind tables. */
export interface Target<Op = unknown> extends TargetSpec<Op> {
  readonly faultKinds: readonly string[];
  readonly defaultWorkload: string;
  readonly kindIds: ReadonlyMap<string, number>;
  readonly faultKindIds: ReadonlyMap<string, number>;
}

/** An op as recorded in a run: the op, the think time after it, and the faults decided in it. */
export interface RecordedStep<Op = unknown> {
  readonly op: Op;
  readonly thinkMs: number;
  readonly faults?: readonly FaultDecision[];
}

/**
 * The invariants a planted bug breaks, by the convention of its description: the invariant ids,
 * comma-separated, before the first colon ("I10, H1: batchGet returns pending writes"). The
 * first one is the invariant a sweep should report first.
 */
export function bugInvariants(description: string): string[] {
  const colon = description.indexOf(":");
  return colon < 0 ? [] : description.slice(0, colon).split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** The event kinds a run of `workload` can reach: all but those scoped to other workloads. */
export function reachableKinds(target: Target<unknown>, workload: string): readonly string[] {
  const scoped = target.workloadKinds;
  if (scoped === undefined) return target.eventKinds;
  const elsewhere = new Set(Object.entries(scoped).flatMap(([w, kinds]) => (w === workload ? [] : kinds)));
  return target.eventKinds.filter((k) => !elsewhere.has(k));
}

/** Declare a target. Checks the tables once, so mistakes fail at load time, not mid-sweep. */
export function defineTarget<Op>(spec: TargetSpec<Op>): Target<Op> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(spec.name)) throw new Error(`target name '${spec.name}' is not a simple name`);
  const workloads = Object.keys(spec.workloads);
  if (workloads.length === 0) throw new Error(`target '${spec.name}' declares no workload`);
  const faultKinds = spec.faultKinds ?? [];
  for (const [workload, kinds] of Object.entries(spec.workloadKinds ?? {})) {
    if (!workloads.includes(workload)) throw new Error(`target '${spec.name}' scopes event kinds to unknown workload '${workload}'`);
    const missing = kinds.find((k) => !spec.eventKinds.includes(k));
    if (missing !== undefined) throw new Error(`target '${spec.name}' scopes undeclared event kind '${missing}'`);
  }
  return Object.freeze({
    ...spec,
    faultKinds,
    defaultWorkload: workloads[0] as string,
    kindIds: intern(spec.name, "event kind", spec.eventKinds),
    faultKindIds: intern(spec.name, "fault kind", faultKinds),
  });
}

function intern(target: string, what: string, names: readonly string[]): ReadonlyMap<string, number> {
  const ids = new Map<string, number>();
  for (const name of names) {
    if (ids.has(name)) throw new Error(`target '${target}' declares ${what} '${name}' twice`);
    ids.set(name, ids.size);
  }
  return ids;
}
