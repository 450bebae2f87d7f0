/**
 * Replay files: the schema, conversion from a run, and verification of a replay.
 *
 * `{ format: "simctl-replay/2", target, seed, options, ops?, expect }`. Without `ops` the run is
 * regenerated from the seed; with `ops` the recorded steps (op, think time, the fault decisions
 * each op caused) are replayed verbatim. The kernel never touches the filesystem: the CLI reads
 * and writes the JSON.
 *
 * `/2` keys each step's faults by the step that caused them (see decisions.ts) and its options
 * carry the think-time range and the liveness budget. `/1` files still load: their faults are
 * looked up by the step during which they were decided, their think time is 0..thinkMsMax, and
 * they ran without a liveness phase (`livenessMsMax` 0), so they replay as they were recorded;
 * saving such a replay (`--save`, `shrink --out`) writes a `/2` file.
 */
import { z } from "zod";
import { brief, nestingDepth } from "./boundary.js";
import { InputError } from "./errors.js";
import { keepProtoKey, SIM_MS_MAX } from "./options.js";
import { parseWith } from "./schema.js";
import { FAULT_LEVELS } from "./faults.js";
import { SEED_MAX } from "./rng.js";
import { runSeed, type RunHooks, type RunResult } from "./run.js";
import type { RecordedStep, Target } from "./target.js";
import type { Divergence } from "./checkpoints.js";

export const REPLAY_FORMAT = "simctl-replay/2";
/** The previous format, still read (see the header). */
export const REPLAY_FORMAT_V1 = "simctl-replay/1";

const FaultDecisionSchema = z.strictObject({
  kind: z.string().min(1),
  value: z.number().finite().optional(),
  at: z.number().int().nonnegative().optional(),
  /** The event that was firing when it was decided (informational). */
  on: z.string().min(1).optional(),
});

const ms = z.number().int().nonnegative().max(SIM_MS_MAX);

const StepSchema = z.strictObject({
  op: z.unknown(),
  thinkMs: z.number().int().nonnegative(),
  faults: z.array(FaultDecisionSchema).readonly().optional(),
});

/** Run options as a `/1` replay file stores them (no think-time minimum, no liveness budget). */
const OptionsV1Schema = z.strictObject({
  ops: z.number().int().positive(),
  faultLevel: z.enum(FAULT_LEVELS),
  workload: z.string().min(1),
  bug: z.string().min(1).nullable(),
  keepGoing: z.boolean().default(false),
  thinkMsMax: ms.default(5),
  swarm: z.boolean().default(false),
  weights: z.record(z.string(), z.number().nonnegative()).optional(),
});

/**
 * Run options in a replay file. simctl writes every field; in a file written by hand, a missing
 * think-time bound or liveness budget is the target's default.
 */
export const RunOptionsSchema = OptionsV1Schema.extend({
  thinkMsMin: ms.optional(),
  thinkMsMax: ms.optional(),
  livenessMsMax: ms.optional(),
});

/**
 * Resolved run options as stored in sweep reports. Reports of versions without the fields
 * read as those versions ran: think time 0..5 ms, no liveness phase.
 */
export const OptionsSchema = OptionsV1Schema.extend({
  thinkMsMin: ms.default(0),
  thinkMsMax: ms.default(5),
  livenessMsMax: ms.default(0),
});

/** What names the run: checked first, so an error names the first field of the file that is wrong. */
const ReplayHead = {
  target: z.string().min(1),
  seed: z.number().int().nonnegative().max(SEED_MAX),
};

const ReplayBody = {
  ops: z.array(StepSchema).readonly().optional(),
  /** Per-step state hashes and op digests, for divergence reports. */
  checkpoints: z
    .strictObject({
      every: z.number().int().positive(),
      state: z.string().regex(/^([0-9a-f]{8})*$/, "must be 8-hex-character hashes"),
      op: z.string().regex(/^([0-9a-f]{8})*$/, "must be 8-hex-character digests"),
    })
    .optional(),
  /** What swarm testing chose (informational: the seed regenerates it). */
  swarm: z
    .strictObject({ disabledFaults: z.array(z.string()).readonly(), weights: z.record(z.string(), z.number()).optional() })
    .optional(),
  expect: z
    .strictObject({
      violation: z.string().min(1).optional(),
      traceHash: z.string().regex(/^[0-9a-f]{16}$/, "must be 16 hex characters").optional(),
    })
    .default({}),
};

/** A replay file as simctl writes it (`simctl-replay/2`). */
export const ReplayFileSchema = z.strictObject({ format: z.literal(REPLAY_FORMAT), ...ReplayHead, options: RunOptionsSchema, ...ReplayBody });

const ReplayFileV1Schema = z.strictObject({ format: z.literal(REPLAY_FORMAT_V1), ...ReplayHead, options: OptionsV1Schema, ...ReplayBody });

/**
 * A parsed replay file. `format` is the file's own: a `/1` file's options are read as `/2`
 * options (think time from 0, no liveness phase) and its faults are keyed the old way
 * ({@link legacyFaultKeys}).
 */
export type ReplayFile = Omit<z.infer<typeof ReplayFileSchema>, "format"> & { readonly format: typeof REPLAY_FORMAT | typeof REPLAY_FORMAT_V1 };

/** True for a file whose faults are keyed by the step during which they were decided (`/1`). */
export function legacyFaultKeys(file: Pick<ReplayFile, "format">): boolean {
  return file.format === REPLAY_FORMAT_V1;
}

/** Validate parsed JSON as a replay file (`/2`, or `/1`); the error names the first field that is wrong. */
export function parseReplay(json: unknown, source: string): ReplayFile {
  const what = `${source}: not a valid replay file`;
  const error = (m: string): InputError => new InputError(m);
  const format = typeof json === "object" && json !== null ? (json as { format?: unknown }).format : undefined;
  let file: ReplayFile;
  if (format === REPLAY_FORMAT_V1) {
    const v1 = parseWith(ReplayFileV1Schema, json, what, error);
    file = { ...v1, options: { ...v1.options, thinkMsMin: 0, livenessMsMax: 0 } };
  } else {
    if (typeof format === "string" && format.startsWith("simctl-replay/") && format !== REPLAY_FORMAT) {
      throw new InputError(`${source}: replay format '${format}' is not known to this simctl (it reads ${REPLAY_FORMAT} and ${REPLAY_FORMAT_V1})`);
    }
    file = parseWith(ReplayFileSchema, json, what, error);
  }
  const weights = keepProtoKey((json as { options?: { weights?: unknown } }).options?.weights, file.options.weights);
  return weights !== undefined ? { ...file, options: { ...file.options, weights } } : file;
}

/** A replay file for a finished run: its ops verbatim when they were recorded. */
export function toReplayFile(result: RunResult, options: { withOps?: boolean } = {}): ReplayFile {
  const first = result.violations[0];
  const withOps = (options.withOps ?? true) && result.recorded !== undefined;
  return {
    format: REPLAY_FORMAT,
    target: result.target,
    seed: result.seed,
    options: { ...result.options },
    ...(withOps ? { ops: result.recorded } : {}),
    ...(result.swarm !== undefined ? { swarm: result.swarm } : {}),
    ...(result.checkpoints !== undefined ? { checkpoints: result.checkpoints } : {}),
    // A run that could not finish (a hang or crash in its worker) has no trace hash to expect.
    expect: { ...(first !== undefined ? { violation: first.invariant } : {}), ...(result.traceHash !== "" ? { traceHash: result.traceHash } : {}) },
  };
}

/**
 * A replay file as text: readable JSON with one recorded step per line, so a 500-step repro is
 * 500 lines that diff well instead of 15,000.
 */
export function formatReplayFile(file: ReplayFile): string {
  const { ops, ...head } = file;
  const pretty = JSON.stringify(head, null, 2);
  if (ops === undefined) return pretty + "\n";
  const lines = ops.map((step) => `    ${JSON.stringify(step)}`).join(",\n");
  return `${pretty.slice(0, -2)},\n  "ops": [\n${lines}\n  ]\n}\n`;
}

/** What a replay must reproduce. */
export interface ReplayExpectation {
  readonly traceHash?: string | undefined;
  readonly violation?: string | undefined;
}

/** How a replay compared with what it was expected to reproduce. */
export interface ReplayVerdict {
  /** The trace hash differs from the expected one. */
  readonly hashMismatch: boolean;
  /** A violation was expected and the run's first violation is a different one (or none). */
  readonly violationMismatch: boolean;
  /** The first step at which the run differs from the recording's checkpoints. */
  readonly divergence: Divergence | undefined;
  /** True when any of the three holds: the replay did not reproduce its recording. */
  readonly differs: boolean;
}

/** Compare a finished run with what it was expected to reproduce. */
export function judgeReplay(result: RunResult, expect: ReplayExpectation): ReplayVerdict {
  const hashMismatch = expect.traceHash !== undefined && expect.traceHash !== result.traceHash;
  const violationMismatch = expect.violation !== undefined && expect.violation !== result.violations[0]?.invariant;
  const divergence = result.divergence;
  return { hashMismatch, violationMismatch, divergence, differs: hashMismatch || violationMismatch || divergence !== undefined };
}

/** Run a replay file against `target` and judge it against its expectations. */
export async function verifyReplay<Op>(target: Target<Op>, file: ReplayFile, hooks: RunHooks<Op> = {}): Promise<ReplayVerdict & { result: RunResult }> {
  if (file.target !== target.name) throw new InputError(`replay file is for target '${file.target}', not '${target.name}'`);
  const steps = file.ops !== undefined ? parseReplaySteps(target, file.ops, "replay file") : undefined;
  const result = (await runSeed(target, file.seed, file.options, {
    ...hooks,
    steps,
    legacyFaultKeys: steps !== undefined && legacyFaultKeys(file),
    record: hooks.record ?? true,
    expectCheckpoints: file.checkpoints,
  })) as RunResult;
  return { ...judgeReplay(result, file.expect), result };
}

/**
 * Deepest nesting of arrays and objects an op in a replay file may have. Ops are small JSON
 * values; a deeper one would overflow the stack of whatever walks it (a digest, a structured
 * clone to a worker thread, a target's own code), so it is refused as bad input up front.
 */
export const OP_DEPTH_MAX = 1000;

/** A replay file's steps with each op checked by the target's `parseOp`; errors name the op. */
export function parseReplaySteps<Op>(target: Target<Op>, steps: readonly RecordedStep[], source: string): RecordedStep<Op>[] {
  checkReplaySteps(target, steps, source);
  return target.parseOp === undefined ? (steps as RecordedStep<Op>[]) : parseReplayOps(target.parseOp, steps, source);
}

/** What can be checked of replayed steps without the target's code: fault kinds and op nesting. */
export function checkReplaySteps(target: Pick<Target, "faultKinds">, steps: readonly RecordedStep[], source: string): void {
  steps.forEach((step, i) => {
    const unknown = step.faults?.find((f) => !target.faultKinds.includes(f.kind));
    if (unknown !== undefined) throw new InputError(`${source}: op ${i}: unknown fault kind '${unknown.kind}' (known: ${target.faultKinds.join(", ") || "none"})`);
    if (nestingDepth(step.op, OP_DEPTH_MAX) > OP_DEPTH_MAX) throw new InputError(`${source}: op ${i} is nested more than ${OP_DEPTH_MAX} levels deep`);
  });
}

/** Each step's op through the target's `parseOp`: a throw or an undefined answer is bad input naming the op. */
export function parseReplayOps<Op>(parse: (json: unknown) => Op, steps: readonly RecordedStep[], source: string): RecordedStep<Op>[] {
  return steps.map((step, i) => {
    let op: Op;
    try {
      op = parse(step.op);
    } catch (err) {
      throw new InputError(`${source}: op ${i}: ${err instanceof Error ? err.message : brief(err)}`);
    }
    if (op === undefined) throw new InputError(`${source}: op ${i}: the target's parseOp returned undefined for ${brief(step.op)}: it must return the op or throw`);
    return { ...step, op };
  });
}

