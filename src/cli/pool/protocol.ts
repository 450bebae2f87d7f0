/**
 * Messages between the main thread and the worker threads that run targets: the sweep pool's
 * workers (seeds in chunks) and a target session's worker (one task at a time: a run, parsing
 * replayed ops, a shrinkOp or describeOp call). Both are the same worker script, watched the same
 * way (see watched-worker.ts).
 */
import type { TimelineData, TimelineRequest } from "../html/collect.js";
import type { Checkpoints } from "../../core/checkpoints.js";
import type { ResolvedOptions } from "../../core/options.js";
import type { RunResult } from "../../core/run.js";
import type { BugSpec, RecordedStep } from "../../core/target.js";

/** What a worker is started with (as workerData). */
export interface WorkerSetup {
  readonly targetSpec: string;
  /** `--impl`: a module implementing the target's contract. */
  readonly implSpec?: string | undefined;
  readonly cwd: string;
  /** Shared progress cells (see {@link PROGRESS}), read by the watchdog when a run is lost. */
  readonly progress: SharedArrayBuffer;
}

/** Float64 cells of the shared progress buffer. */
export const PROGRESS = {
  /** The step the run is at (written by the run loop; equal to the op count while finishing). */
  step: 0,
  /** Simulated ms at the start of that step. */
  timeMs: 1,
  /** The seed being run. */
  seed: 2,
  /** One of {@link PHASE}. */
  phase: 3,
  size: 4,
} as const;

export const PHASE = {
  idle: 0,
  /** Inside the run loop of `seed`. */
  running: 1,
  /** The run of `seed` returned; its stray async work is given a turn before the result is sent. */
  after: 2,
} as const;

/**
 * Main -> pool worker: run these seeds with these options, in order, posting one result per seed.
 * The options travel with the seeds (not in the worker's setup) so that a worker a target session
 * loaded can join a sweep pool without loading the module again.
 */
export interface SeedsRequest {
  readonly type: "seeds";
  readonly seeds: readonly number[];
  readonly options: ResolvedOptions;
}

/** Main -> session worker: one task, answered by `done` or `failed` with the same id. */
export interface TaskRequest {
  readonly type: "task";
  readonly id: number;
  readonly task: Task;
}

export type WorkerRequest = SeedsRequest | TaskRequest;

/** Run hooks that can cross threads (no functions): what `run`, `replay` and `shrink` need. */
export interface PortableHooks {
  readonly steps?: readonly RecordedStep[] | undefined;
  /** The steps' faults are keyed the `simctl-replay/1` way (by the step during which they were decided). */
  readonly legacyFaultKeys?: boolean | undefined;
  readonly record?: boolean | undefined;
  /** Collect the full trace as JSON lines (`--trace`). */
  readonly trace?: boolean | undefined;
  /** Collect a window of the trace and the ops in it (`--html`). */
  readonly timeline?: TimelineRequest | undefined;
  readonly expectCheckpoints?: Checkpoints | undefined;
}

export type Task =
  /** Run one seed; answered with a {@link RunAnswer}. */
  | ({ readonly kind: "run"; readonly seed: number; readonly options: ResolvedOptions } & PortableHooks)
  /** Replayed steps through the target's parseOp; answered with the parsed steps. */
  | { readonly kind: "parse"; readonly steps: readonly RecordedStep[]; readonly source: string }
  /** The target's shrinkOp(op), checked; answered with the variants. */
  | { readonly kind: "shrink-op"; readonly op: unknown }
  /** The target's describeOp for each op (its JSON where describeOp fails); answered with strings. */
  | { readonly kind: "describe"; readonly ops: readonly unknown[] }
  /** The target's contract clauses, checked; answered with a ClauseResult per clause. */
  | { readonly kind: "clauses"; readonly bug: string | null };

export interface RunAnswer {
  readonly result: RunResult;
  /** The trace as JSON lines, when asked for. */
  readonly trace?: string | undefined;
  /** The window of the trace `--html` draws, when asked for. */
  readonly timeline?: TimelineData | undefined;
}

/** The serialisable description of a target: everything but its code. */
export interface TargetInfo {
  readonly name: string;
  readonly description: string;
  readonly invariants: Readonly<Record<string, string>>;
  readonly bugs: Readonly<Record<string, BugSpec>>;
  readonly workloads: Readonly<Record<string, string>>;
  readonly eventKinds: readonly string[];
  readonly workloadKinds?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly faultKinds: readonly string[];
  /** The target's default think-time range and liveness budget, when it declares them. */
  readonly thinkMs?: { readonly min: number; readonly max: number } | undefined;
  readonly livenessMsMax?: number | undefined;
  /** The contract a `--impl` module fulfils, when the target takes one. */
  readonly implContract?: string | undefined;
  /** How many contract clauses the target declares (`simctl conformance`). */
  readonly clauseCount: number;
  readonly hasParseOp: boolean;
  readonly hasDescribeOp: boolean;
  readonly hasShrinkOp: boolean;
}

/** Worker -> main. */
export type WorkerMessage =
  | { readonly type: "ready"; readonly info: TargetInfo }
  | { readonly type: "result"; readonly result: RunResult }
  | { readonly type: "fatal"; readonly message: string; readonly input: boolean }
  | { readonly type: "done"; readonly id: number; readonly value: unknown }
  | { readonly type: "failed"; readonly id: number; readonly message: string; readonly input: boolean };
