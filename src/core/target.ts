/**
 * The public target API.
 *
 * A built-in target and a user's target are the same thing: a module whose default export is
 * `defineTarget({...})`. `create(ctx)` is the one small interface through which a system plugs
 * in: it is a factory that builds a fresh system under test, its oracle and its checker for one
 * run, from the run's context (seeded streams, simulated clock, faults, trace).
 */
import type { FaultDecision, FaultSource } from "./decisions.js";
import type { Timer } from "./events.js";
import type { FaultLevel, FaultProfile } from "./faults.js";
import type { SleepOptions } from "./timers.js";
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
  /**
   * Swarm testing is on (`--swarm`): a fault model may redraw its options per seed from
   * `ctx.rng("swarm/<model>")` (the kernel already switches fault kinds off and reweights ops).
   */
  readonly swarm: boolean;
  /** The stream the target's op generator draws from. */
  readonly ops: Rng;
  /** An independent named stream for anything else the target randomises. */
  rng(label: string): Rng;
  /** Background fault decisions, recorded so that replays and shrinking reproduce them. */
  readonly faults: FaultSource;
  /** Current simulated time in ms. */
  nowMs(): number;
  /** The index of the current step (0-based); equal to the op count during the liveness phase and finish. */
  step(): number;
  /**
   * The step whose op caused the code running now: the current step while its op is applied and
   * checked; while an event fires (and in the continuations it resumes), the step that scheduled
   * the event, through any chain of events. Background faults decided now belong to this step.
   */
  cause(): number;
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
  /**
   * Run `fire` at `delayMs` simulated ms from now (an integer >= 0; fractions are dropped), as an
   * event of kind `kind` whose trace entry carries `a` and `b` (default 0). The event remembers
   * the step that caused it ({@link RunContext.cause}). Returns a {@link Timer}: `cancel()` it and
   * it never fires and leaves nothing in the trace or histogram (O(1)).
   */
  schedule(delayMs: number, kind: number, fire: () => void, a?: number, b?: number): Timer;
  /**
   * A promise that resolves `ms` simulated ms from now (for async systems under test). With
   * `options.signal`, aborting the signal rejects it at once with a `SimAbortError` (name
   * `"AbortError"`) and cancels its timer; a signal already aborted rejects it immediately.
   * Its event is of kind `kernel.sleep`.
   */
  sleep(ms: number, options?: SleepOptions): Promise<void>;
  /**
   * `promise`, bounded in simulated time: resolves or rejects as `promise` does if it settles
   * within `ms` simulated ms (and then cancels its timer, so nothing is left in the trace), else
   * rejects with a `SimTimeoutError` (name `"TimeoutError"`, `ms`) at `ms`. `promise` itself
   * is not cancelled. Its event is of kind `kernel.timeout`.
   *
   * ```ts
   * try {
   *   const ack = await ctx.timeout(this.#acks.wait(id), 50);
   * } catch (err) {
   *   if (!(err instanceof SimTimeoutError)) throw err;
   *   // retry ...
   * }
   * ```
   */
  timeout<T>(promise: PromiseLike<T>, ms: number): Promise<T>;
  /**
   * A promise for a simulator of your own to settle from a kernel event (a disk completion, a
   * message): `const d = ctx.deferred<T>(); ctx.schedule(5, kind, () => d.resolve(value));
   * return d.promise`. It also tells the run loop that the run is async: from now on it runs
   * continuations after every event, so code after `await d.promise` runs right after the event
   * that settled it (as with `sleep` and `timeout`), not when the loop next yields.
   */
  deferred<T>(): Deferred<T>;
  /**
   * Declare the op of step `step` legitimately stuck, for `reason` (a non-empty sentence a reader
   * can check, e.g. `"waits for a quorum; 3 of 5 nodes are crashed for good"`). An op whose
   * promise is still pending after the liveness phase and `finish()` is a `liveness` violation
   * unless it was declared stuck (at any time during the run; usually in `finish`). Declared ops
   * are listed with their reasons in the run's result.
   */
  stuck(step: number, reason: string): void;
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

/** A promise and the functions that settle it (see {@link RunContext.deferred}). */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
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
  /**
   * Called once after the last op, at the start of the liveness phase, when background faults
   * have stopped: end every fault the target controls (heal partitions, restart crashed nodes,
   * stop dropping messages) so that the system can make progress. Synchronous.
   */
  heal?(): void;
  /**
   * Optional: during the liveness phase, true once the system has settled (say, every replica
   * caught up) even though events are still scheduled (heartbeats, lease renewals: timers that
   * never run out). Asked after each event of the phase; the phase ends at the first true.
   * Without it the phase ends when no event is left.
   */
  quiescent?(): boolean;
  /**
   * After the liveness phase: drain what is left (release pending work), check convergence, and
   * declare any op that is legitimately stuck (`ctx.stuck`). Entries as `check`.
   */
  finish(): readonly Violation[] | Promise<readonly Violation[]>;
}

/** A think-time range in simulated ms, both ends inclusive. */
export interface ThinkRange {
  readonly min: number;
  readonly max: number;
}

/**
 * A planted bug: a realistic mistake in the system under test, switched on with `--bug NAME`.
 * `breaks` names the invariants it violates (declared ids; first the one a sweep should report
 * first); tooling (the test suites, `simctl list`, the bug column of a report) reads it, never the
 * prose of `description`.
 */
export interface BugSpec {
  readonly breaks: readonly string[];
  readonly description: string;
}

/** The definition a target module passes to {@link defineTarget}. */
export interface TargetSpec<Op> {
  readonly name: string;
  readonly description: string;
  /** Invariant id -> one-line statement. */
  readonly invariants: Readonly<Record<string, string>>;
  /**
   * Planted bug name -> `{ breaks: ["I10", "H1"], description }`, enabled with `--bug NAME`. A plain
   * string is shorthand for `{ breaks: [], description: string }` (a bug that names no invariant).
   */
  readonly bugs: Readonly<Record<string, string | BugSpec>>;
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
  /**
   * The default think time drawn after each step, in simulated ms (default `{ min: 0, max: 5 }`).
   * A system with 50 ms timeouts wants steps that far apart now and then; `--think-ms MIN..MAX`
   * and a scenario's `thinkMs` override it.
   */
  readonly thinkMs?: ThinkRange;
  /**
   * The default budget of the liveness phase, in simulated ms (default 60,000): how long after the
   * last op the kernel keeps firing events, with faults stopped, waiting for the system to go
   * quiet. `--liveness-ms N` and a scenario's `livenessMsMax` override it; 0 skips the phase.
   */
  readonly livenessMsMax?: number;
  /**
   * One readable phrase for an event's arguments (`describeEvent("net.ack", 7, 2)` ->
   * `"ack of request 7 to client 2"`), used in "last events" and `--trace` lines. Return
   * undefined to show the numbers. Called only when a trace is rendered, never per step.
   */
  describeEvent?(kind: string, a: number, b: number): string | undefined;
  /**
   * The node (numbered from 0, as the simulated cluster numbers them) an event happened on, or
   * undefined for none (a client's event): its lane on the timeline of `--html`. Compose the
   * kernel's with yours: `(kind, a, b) => netEventNode(kind, a, b) ?? diskEventNode(kind, a) ??
   * mine(kind, a, b)`. Absent: one lane for the whole system. Called only when a page is drawn.
   */
  eventNode?(kind: string, a: number, b: number): number | undefined;
  /** Validate and convert one op read from a replay file; throw an Error naming what is wrong. */
  parseOp?(json: unknown): Op;
  /** One readable line for `op`, used in reports and repros (default: its JSON). */
  describeOp?(op: Op): string;
  /** Simpler variants of `op` for the shrinker (smaller batches, smaller counts), simplest first. */
  shrinkOp?(op: Op): Op[];
  create(ctx: RunContext): Instance<Op>;
  /**
   * For a target built around a contract (a Replicator, a RaftStorage, a backend, a driver): how
   * a user's implementation plugs in. `simctl ... --target T --impl ./mine.ts` loads `mine.ts` in
   * the target's worker and hands its default export to `plug`, which returns the target that
   * runs it under the same workload, faults and invariants. `plug` throws an Error naming what is
   * wrong when the export does not fit the contract (bad input, exit 2).
   */
  readonly impl?: ImplContract;
  /**
   * Deterministic checks of the clauses of the target's contract, one named case per clause (as
   * openraft's storage suite): `simctl conformance TARGET [--impl ./mine.ts]` runs them, then a
   * sweep. A plugged target's clauses check the plugged implementation.
   */
  readonly clauses?: readonly ContractClause[];
}

/** What a clause check is run with. */
export interface ClauseOptions {
  readonly bug: string | null;
}

/** One clause of a contract, checked by a deterministic case (see {@link TargetSpec.clauses}). */
export interface ContractClause {
  /** A stable name, e.g. `get-log-entries-range`. */
  readonly id: string;
  /** The invariant (clause group) it belongs to, e.g. `S1`. */
  readonly group: string;
  /** The clause in one line. */
  readonly clause: string;
  /**
   * Check it: resolve to undefined when it holds, else to a sentence saying what broke it.
   * `bug` is the planted bug to switch on in the target's own implementation (`--bug`), or null.
   */
  check(options: ClauseOptions): Promise<string | undefined> | string | undefined;
}

/**
 * How a user's implementation of a target's contract plugs in (see {@link TargetSpec.impl}). The
 * plugged target may have ops of its own (a backend without fault controls is driven
 * differently), hence `Target<unknown>`.
 */
export interface ImplContract {
  /** What the `--impl` module must default-export, in one line (shown by `simctl list`). */
  readonly contract: string;
  plug(implementation: unknown): Target<unknown>;
}

/** A defined target: its spec with every bug in the structured form, plus interned kind tables. */
export interface Target<Op = unknown> extends Omit<TargetSpec<Op>, "bugs"> {
  readonly bugs: Readonly<Record<string, BugSpec>>;
  readonly faultKinds: readonly string[];
  readonly defaultWorkload: string;
  readonly kindIds: ReadonlyMap<string, number>;
  readonly faultKindIds: ReadonlyMap<string, number>;
}

/**
 * An op as recorded in a run: the op, the simulated think time after it (before the next step),
 * and the background faults it caused (decided while it ran, or while an event it caused fired).
 */
export interface RecordedStep<Op = unknown> {
  readonly op: Op;
  readonly thinkMs: number;
  readonly faults?: readonly FaultDecision[];
}

/** The event kinds a run of `workload` can reach: all but those scoped to other workloads. */
export function reachableKinds(target: Target<unknown>, workload: string): readonly string[] {
  const scoped = target.workloadKinds;
  if (scoped === undefined) return target.eventKinds;
  // Asked once per seed (for its histogram): remembered per target and workload.
  let byWorkload = REACHABLE.get(target);
  if (byWorkload === undefined) REACHABLE.set(target, (byWorkload = new Map()));
  let kinds = byWorkload.get(workload);
  if (kinds === undefined) {
    const elsewhere = new Set(Object.entries(scoped).flatMap(([w, names]) => (w === workload ? [] : names)));
    kinds = Object.freeze(target.eventKinds.filter((k) => !elsewhere.has(k)));
    byWorkload.set(workload, kinds);
  }
  return kinds;
}

const REACHABLE = new WeakMap<Target<unknown>, Map<string, readonly string[]>>();

/** Declare a target. Checks the tables once, so mistakes fail at load time, not mid-sweep. */
export function defineTarget<Op>(spec: TargetSpec<Op>): Target<Op> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(spec.name)) throw new Error(`target name '${spec.name}' is not a simple name`);
  const workloads = Object.keys(spec.workloads);
  if (workloads.length === 0) throw new Error(`target '${spec.name}' declares no workload`);
  const faultKinds = spec.faultKinds ?? [];
  checkTiming(spec);
  for (const [workload, kinds] of Object.entries(spec.workloadKinds ?? {})) {
    if (!workloads.includes(workload)) throw new Error(`target '${spec.name}' scopes event kinds to unknown workload '${workload}'`);
    const missing = kinds.find((k) => !spec.eventKinds.includes(k));
    if (missing !== undefined) throw new Error(`target '${spec.name}' scopes undeclared event kind '${missing}'`);
  }
  return Object.freeze({
    ...spec,
    bugs: normalizeBugs(spec),
    faultKinds,
    defaultWorkload: workloads[0] as string,
    kindIds: intern(spec.name, "event kind", spec.eventKinds),
    faultKindIds: intern(spec.name, "fault kind", faultKinds),
  });
}

/** Every bug in the structured form, checked: `breaks` names declared invariants. */
function normalizeBugs(spec: Pick<TargetSpec<unknown>, "name" | "bugs" | "invariants">): Readonly<Record<string, BugSpec>> {
  if (spec.bugs === null || typeof spec.bugs !== "object" || Array.isArray(spec.bugs)) throw new Error(`target '${spec.name}' declares bugs that are not an object of name -> { breaks, description }`);
  const out: Record<string, BugSpec> = {};
  for (const [name, bug] of Object.entries(spec.bugs)) {
    const where = `target '${spec.name}' declares bug '${name}'`;
    if (typeof bug === "string") {
      out[name] = Object.freeze({ breaks: Object.freeze([]), description: bug });
      continue;
    }
    if (bug === null || typeof bug !== "object" || typeof bug.description !== "string" || !Array.isArray(bug.breaks)) {
      throw new Error(`${where} as ${JSON.stringify(bug)}: it must be a string or { breaks: string[], description: string }`);
    }
    const unknown = bug.breaks.find((id) => typeof id !== "string" || !Object.hasOwn(spec.invariants, id));
    if (unknown !== undefined) throw new Error(`${where} breaking '${String(unknown)}', which is not one of its invariants (${Object.keys(spec.invariants).join(", ")})`);
    out[name] = Object.freeze({ breaks: Object.freeze([...bug.breaks]), description: bug.description });
  }
  return Object.freeze(out);
}

/** A target's timing defaults, checked at load time. */
function checkTiming(spec: Pick<TargetSpec<unknown>, "name" | "thinkMs" | "livenessMsMax">): void {
  const ms = (x: unknown): boolean => typeof x === "number" && Number.isSafeInteger(x) && x >= 0 && x <= 2 ** 31 - 1;
  const think = spec.thinkMs;
  if (think !== undefined && (think === null || typeof think !== "object" || !ms(think.min) || !ms(think.max) || think.min > think.max)) {
    throw new Error(`target '${spec.name}' declares thinkMs ${JSON.stringify(think)}: it must be { min, max } in integer ms with min <= max`);
  }
  if (spec.livenessMsMax !== undefined && !ms(spec.livenessMsMax)) throw new Error(`target '${spec.name}' declares livenessMsMax ${String(spec.livenessMsMax)}: it must be an integer number of ms >= 0`);
}

function intern(target: string, what: string, names: readonly string[]): ReadonlyMap<string, number> {
  const ids = new Map<string, number>();
  for (const name of names) {
    if (ids.has(name)) throw new Error(`target '${target}' declares ${what} '${name}' twice`);
    ids.set(name, ids.size);
  }
  return ids;
}
