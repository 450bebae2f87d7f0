/**
 * The sweep report as a document: the versioned JSON that `--reporter json` writes, that every
 * other reporter renders, and that `simctl merge` reads back and combines across shards.
 */
import { z } from "zod";
import { EXIT, InputError } from "./errors.js";
import { OptionsSchema } from "./replay.js";
import { SEED_MAX } from "./rng.js";
import { parseWith } from "./schema.js";
import type { RunResult } from "./run.js";
import { seedStatus, type SeedRange, type Shard, type SweepReport } from "./sweep.js";
import type { Violation } from "./target.js";

/** The sweep report format written now: five-way seed accounting (with `inconclusive`). */
export const SWEEP_REPORT_FORMAT = "simctl-sweep/2";
/** The previous format, still read (so `simctl merge` takes old reports): no inconclusive seeds. */
export const SWEEP_REPORT_FORMAT_V1 = "simctl-sweep/1";

const seed = z.number().int().nonnegative().max(SEED_MAX);
const count = z.number().int().nonnegative();

const ViolationSchema = z.strictObject({
  invariant: z.string(),
  message: z.string(),
  step: count,
  timeMs: z.number().nonnegative(),
  seed,
  target: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  inconclusive: z.literal(true).optional(),
});

/**
 * A seed that did not pass. `violations` holds a failed or errored seed's violations first (then
 * any inconclusive entries it also had); an inconclusive seed's entries all carry `inconclusive`.
 */
const FailureSchema = z.strictObject({
  seed,
  status: z.enum(["failed", "errored", "inconclusive"]),
  traceHash: z.string(),
  steps: count,
  violations: z.array(ViolationSchema).min(1),
  recentOps: z.array(z.string()),
  /** The last trace entries; `cause` (the causing step) and `text` (the target's description) when known. */
  recent: z.array(
    z.strictObject({ step: z.number(), timeMs: z.number(), kind: z.string(), a: z.number(), b: z.number(), cause: z.number().int().nonnegative().optional(), text: z.string().optional() }),
  ),
  swarm: z.strictObject({ disabledFaults: z.array(z.string()), weights: z.record(z.string(), z.number()).optional() }).optional(),
  replay: z.string(),
  /** What was left out of this entry to keep the report proportional (see {@link FAILURE_LIMITS}). */
  truncated: z
    .strictObject({
      /** Entries (violations, inconclusive checks) not listed. */
      entries: count.optional(),
      /** Lines of the last ops not listed. */
      recentOps: count.optional(),
      /** Trace entries of the last events not listed. */
      recent: count.optional(),
      /** Entries whose `details` were shortened or left out. */
      details: count.optional(),
      /** Characters cut from messages, op lines and strings in details. */
      chars: count.optional(),
    })
    .optional(),
});

/** Why a sweep stopped before running every seed (its unrun seeds are `not-run`). */
const StoppedSchema = z.strictObject({
  reason: z.enum(["max-failures", "SIGINT", "SIGTERM"]),
  message: z.string(),
});
export type Stopped = z.infer<typeof StoppedSchema>;

const SeedSchema = z.strictObject({ seed, status: z.enum(["passed", "failed", "inconclusive", "errored", "not-run"]), steps: count, traceHash: z.string() });

const SummarySchema = z.strictObject({
  seeds: count,
  passed: count,
  failed: count,
  inconclusive: count,
  errored: count,
  notRun: count,
  steps: count,
  wallMs: z.number().nonnegative(),
});

export const SweepDocSchema = z.strictObject({
  format: z.literal(SWEEP_REPORT_FORMAT),
  target: z.string().min(1),
  /** `--impl`: the module that implemented the target's contract, when one was plugged in. */
  impl: z.string().min(1).optional(),
  options: OptionsSchema,
  range: z.strictObject({ base: seed, count: z.number().int().positive() }),
  shard: z.strictObject({ index: z.number().int().positive(), count: z.number().int().positive() }).optional(),
  summary: SummarySchema,
  histogram: z.record(z.string(), count),
  unreached: z.array(z.string()),
  /** The ids of the invariants the target checks (absent in reports written before 0.1). */
  invariants: z.array(z.string()).optional(),
  /** Present when the sweep stopped early: Ctrl-C, SIGTERM, or `--max-failures`. */
  stopped: StoppedSchema.optional(),
  seeds: z.array(SeedSchema),
  failures: z.array(FailureSchema),
  /** Present with `--check-determinism`: the share re-run and the seeds that did not repeat. */
  determinism: z
    .strictObject({
      percent: z.number().positive().max(100),
      checked: count,
      nondeterministic: z.array(z.strictObject({ seed, step: z.number().int().nonnegative().nullable(), what: z.string() })),
    })
    .optional(),
});

/** `simctl-sweep/1`: the same document without the inconclusive verdict. */
const SweepDocV1Schema = SweepDocSchema.extend({
  format: z.literal(SWEEP_REPORT_FORMAT_V1),
  summary: SummarySchema.omit({ inconclusive: true }),
  seeds: z.array(SeedSchema.extend({ status: z.enum(["passed", "failed", "errored", "not-run"]) })),
  failures: z.array(FailureSchema.extend({ status: z.enum(["failed", "errored"]), violations: z.array(ViolationSchema.omit({ inconclusive: true })).min(1) })),
});

export type SweepDoc = z.infer<typeof SweepDocSchema>;
export type FailureDoc = SweepDoc["failures"][number];

/**
 * Bounds that keep a report proportional to its seeds whatever a target returns (a run with
 * `--keep-going` and thousands of violations, a megabyte message, a deep details object): each
 * failure entry says what was cut in `truncated`.
 */
export const FAILURE_LIMITS = {
  /** Failing seeds (lowest seeds first) whose entries keep their details, last ops and events. */
  detailedFailures: 100,
  /** Entries (violations, then inconclusive checks) listed per seed. */
  entriesPerSeed: 10,
  /** Characters of a message, an op line, a string inside details. */
  textChars: 2_000,
  /** Characters of the message of a failure entry kept without details (past the detailed ones). */
  compactChars: 500,
  /** Elements of an array or keys of an object inside details (witness lines, ...). */
  detailItems: 50,
  /** Nesting depth of details. */
  detailDepth: 6,
  /** Characters of one entry's details in all (strings, numbers and keys). */
  detailChars: 20_000,
  /** Lines of last ops, trace entries of last events. */
  recentOps: 12,
  recentEvents: 32,
} as const;

type Truncated = NonNullable<FailureDoc["truncated"]>;
type Cuts = { -readonly [K in keyof Truncated]-?: number };

/** A failure entry of one run, bounded; `detailed: false` keeps only its first entry (see {@link compactFailure}). */
export function failureDoc(r: RunResult, replay: string, detailed = true): FailureDoc {
  const status = seedStatus(r);
  if (status === "passed") throw new Error(`seed ${r.seed} passed: it has no failure entry`);
  const cuts: Cuts = { entries: 0, recentOps: 0, recent: 0, details: 0, chars: 0 };
  const all = [...r.violations, ...r.inconclusive];
  const kept = all.slice(0, FAILURE_LIMITS.entriesPerSeed);
  cuts.entries = all.length - kept.length;
  const ops = r.recentOps ?? [];
  const events = r.recent ?? [];
  const keptOps = ops.slice(-FAILURE_LIMITS.recentOps);
  const keptEvents = events.slice(-FAILURE_LIMITS.recentEvents);
  cuts.recentOps = ops.length - keptOps.length;
  cuts.recent = events.length - keptEvents.length;
  const entry: FailureDoc = {
    seed: r.seed,
    status,
    traceHash: r.traceHash,
    steps: r.steps,
    violations: kept.map((v) => boundViolation(v, cuts)),
    recentOps: keptOps.map((line) => clip(String(line), cuts)),
    recent: keptEvents.map((e) => ({
      step: e.step,
      timeMs: e.timeMs,
      kind: clip(String(e.kind), cuts),
      a: e.a,
      b: e.b,
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
      ...(e.text !== undefined ? { text: clip(String(e.text), cuts) } : {}),
    })),
    ...(r.swarm !== undefined ? { swarm: { disabledFaults: [...r.swarm.disabledFaults], ...(r.swarm.weights !== undefined ? { weights: { ...r.swarm.weights } } : {}) } } : {}),
    replay,
  };
  const bounded = withCuts(entry, cuts);
  return detailed ? bounded : compactFailure(bounded);
}

/**
 * A failure entry without its details: its first entry (without `details`), no last ops or
 * events. What a report keeps of failing seeds past the first {@link FAILURE_LIMITS.detailedFailures}.
 */
export function compactFailure(f: FailureDoc): FailureDoc {
  const first = f.violations[0]!;
  if (f.violations.length === 1 && first.details === undefined && first.message.length <= FAILURE_LIMITS.compactChars && f.recentOps.length === 0 && f.recent.length === 0) return f;
  const cuts: Cuts = {
    entries: (f.truncated?.entries ?? 0) + f.violations.length - 1,
    recentOps: (f.truncated?.recentOps ?? 0) + f.recentOps.length,
    recent: (f.truncated?.recent ?? 0) + f.recent.length,
    details: (f.truncated?.details ?? 0) + f.violations.filter((v) => v.details !== undefined).length,
    chars: f.truncated?.chars ?? 0,
  };
  const { details: _dropped, ...kept } = first;
  const { truncated: _old, ...rest } = f;
  const room = FAILURE_LIMITS.compactChars;
  if (kept.message.length > room) {
    cuts.chars += kept.message.length - room;
    kept.message = `${kept.message.slice(0, room)}… [cut ${kept.message.length - room} chars]`;
  }
  return withCuts({ ...rest, violations: [kept], recentOps: [], recent: [] }, cuts);
}

function withCuts(f: FailureDoc, cuts: Cuts): FailureDoc {
  const nonzero = Object.fromEntries(Object.entries(cuts).filter(([, n]) => n > 0));
  const { truncated: _old, ...rest } = f;
  return Object.keys(nonzero).length > 0 ? { ...rest, truncated: nonzero } : rest;
}

function boundViolation(v: Violation, cuts: Cuts): FailureDoc["violations"][number] {
  const out: FailureDoc["violations"][number] = {
    invariant: clip(String(v.invariant), cuts),
    message: clip(String(v.message), cuts),
    step: v.step,
    timeMs: v.timeMs,
    seed: v.seed,
    target: String(v.target),
  };
  if (v.details !== undefined) {
    const budget: DetailBudget = { chars: FAILURE_LIMITS.detailChars, cut: 0 };
    const details = boundValue(v.details, 0, budget, cuts);
    if (budget.cut > 0) cuts.details++;
    out.details = details !== null && typeof details === "object" && !Array.isArray(details) ? (details as Record<string, unknown>) : { value: details };
  }
  if (v.inconclusive === true) out.inconclusive = true;
  return out;
}

/** What is left of one entry's details: characters still allowed, and items (or characters) cut so far. */
interface DetailBudget {
  chars: number;
  cut: number;
}

/**
 * A JSON-safe copy of `value` within the detail limits (items per container, depth, characters
 * in all), counting what was cut. Cycles end at the depth limit; a BigInt becomes `"123n"`.
 */
function boundValue(value: unknown, depth: number, budget: DetailBudget, cuts: Cuts): unknown {
  if (budget.chars <= 0) {
    budget.cut++;
    return "[cut]";
  }
  if (typeof value === "string") {
    const room = Math.min(FAILURE_LIMITS.textChars, budget.chars);
    budget.chars -= Math.min(value.length, room) + 2;
    if (value.length <= room) return value;
    budget.cut++;
    cuts.chars += value.length - room;
    return `${value.slice(0, room)}… [cut ${value.length - room} chars]`;
  }
  budget.chars -= 8;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean" || value === null) return value;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object") return value === undefined ? null : String(value);
  if (depth >= FAILURE_LIMITS.detailDepth) {
    budget.cut++;
    return "[cut: nested too deep]";
  }
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    for (const x of value.slice(0, FAILURE_LIMITS.detailItems)) {
      if (budget.chars <= 0) break;
      kept.push(boundValue(x, depth + 1, budget, cuts));
    }
    const cut = value.length - kept.length;
    if (cut > 0) {
      budget.cut += cut;
      kept.push(`[cut: ${cut} more]`);
    }
    return kept;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, x] of entries.slice(0, FAILURE_LIMITS.detailItems)) {
    if (budget.chars <= 0) break;
    budget.chars -= k.length;
    // defineProperty: a key named __proto__ stays a key, never a prototype.
    Object.defineProperty(out, k, { value: boundValue(x, depth + 1, budget, cuts), enumerable: true, writable: true, configurable: true });
    n++;
  }
  if (entries.length > n) {
    budget.cut += entries.length - n;
    out["[cut]"] = `${entries.length - n} more keys`;
  }
  return out;
}

function clip(text: string, cuts: Cuts): string {
  if (text.length <= FAILURE_LIMITS.textChars) return text;
  cuts.chars += text.length - FAILURE_LIMITS.textChars;
  return `${text.slice(0, FAILURE_LIMITS.textChars)}… [cut ${text.length - FAILURE_LIMITS.textChars} chars]`;
}

/**
 * Failure entries in bounded memory: the {@link FAILURE_LIMITS.detailedFailures} lowest seeds
 * keep their details, every other entry is compacted as it arrives. Results may come in any
 * order (a worker pool); which seeds keep details depends only on the seeds, never the order.
 */
export class FailureCollector {
  /** Detailed entries, sorted by seed. */
  readonly #detailed: FailureDoc[] = [];
  readonly #compact: FailureDoc[] = [];

  constructor(readonly detailedMax: number = FAILURE_LIMITS.detailedFailures) {}

  add(entry: FailureDoc): void {
    const d = this.#detailed;
    if (d.length >= this.detailedMax) {
      const last = d[d.length - 1];
      if (last === undefined || entry.seed > last.seed) {
        this.#compact.push(compactFailure(entry));
        return;
      }
      d.pop();
      this.#compact.push(compactFailure(last));
    }
    let i = d.length;
    while (i > 0 && d[i - 1]!.seed > entry.seed) i--;
    d.splice(i, 0, entry);
  }

  get size(): number {
    return this.#detailed.length + this.#compact.length;
  }

  /** Every entry, by seed. */
  failures(): FailureDoc[] {
    return [...this.#detailed, ...this.#compact].sort((a, b) => a.seed - b.seed);
  }
}

/**
 * The report as a document; `replay` renders the command that replays one seed. `extra.failures`
 * gives the failure entries already built (a sweep collects them as results arrive, see
 * {@link FailureCollector}); `extra.stopped` says why a sweep stopped early.
 */
export function toSweepDoc(
  report: SweepReport,
  wallMs: number,
  replay: (seed: number, traceHash: string) => string,
  extra: { failures?: readonly FailureDoc[]; stopped?: Stopped | undefined; impl?: string | undefined } = {},
): SweepDoc {
  let failures = extra.failures;
  if (failures === undefined) {
    const collector = new FailureCollector();
    for (const r of report.failures) if (seedStatus(r) !== "passed") collector.add(failureDoc(r, replay(r.seed, r.traceHash)));
    failures = collector.failures();
  }
  return {
    format: SWEEP_REPORT_FORMAT,
    target: report.target,
    ...(extra.impl !== undefined ? { impl: extra.impl } : {}),
    options: { ...report.options },
    range: { ...report.range },
    ...(report.shard !== undefined ? { shard: { ...report.shard } } : {}),
    summary: summary(report.seeds, report.totalSteps, Math.round(wallMs)),
    histogram: { ...report.histogram },
    unreached: [...report.unreached],
    invariants: [...report.invariants],
    ...(extra.stopped !== undefined ? { stopped: { ...extra.stopped } } : {}),
    seeds: report.seeds.map((s) => ({ ...s })),
    failures: [...failures],
  };
}

function summary(seeds: readonly { status: string }[], steps: number, wallMs: number): SweepDoc["summary"] {
  const count = (s: string): number => seeds.filter((o) => o.status === s).length;
  return {
    seeds: seeds.length,
    passed: count("passed"),
    failed: count("failed"),
    inconclusive: count("inconclusive"),
    errored: count("errored"),
    notRun: count("not-run"),
    steps,
    wallMs,
  };
}

/**
 * The exit code a report's verdict gives: 1 if any seed failed or errored (or, for a merge, was
 * not run), else 4 if any was inconclusive, else 0.
 */
/** A whole document's exit code: 3 when `--check-determinism` found a seed that did not repeat. */
export function docExitCode(doc: SweepDoc): number {
  return (doc.determinism?.nondeterministic.length ?? 0) > 0 ? EXIT.nondeterminism : sweepExitCode(doc.summary);
}

export function sweepExitCode(s: SweepDoc["summary"]): number {
  if (s.failed + s.errored > 0 || s.notRun > 0) return EXIT.violation;
  return s.inconclusive > 0 ? EXIT.inconclusive : EXIT.ok;
}

/**
 * Read a sweep report (`simctl-sweep/2`, or `/1`, read as one with no inconclusive seed) and
 * check that it agrees with itself: every seed that did not pass is in its failures with the
 * same status, and each failure's entries fit its status. (A merge recomputes the summary.)
 */
export function parseSweepDoc(json: unknown, source: string): SweepDoc {
  const what = `${source}: not a simctl sweep report`;
  const error = (m: string): InputError => new InputError(m);
  const v1 = typeof json === "object" && json !== null && (json as { format?: unknown }).format === SWEEP_REPORT_FORMAT_V1;
  const doc = v1 ? fromV1(parseWith(SweepDocV1Schema, json, what, error)) : parseWith(SweepDocSchema, json, what, error);
  if (doc.shard !== undefined && doc.shard.index > doc.shard.count) throw new InputError(`${source}: shard ${doc.shard.index}/${doc.shard.count} is not a shard`);
  const bad = new Map(doc.seeds.filter((s) => s.status !== "passed" && s.status !== "not-run").map((s) => [s.seed, s.status]));
  const listed = new Map(doc.failures.map((f) => [f.seed, f.status]));
  const mismatch = [...bad].find(([seed, status]) => listed.get(seed) !== status) ?? [...listed].find(([seed, status]) => bad.get(seed) !== status);
  if (mismatch !== undefined) throw new InputError(`${source}: seed ${mismatch[0]} is ${bad.get(mismatch[0]) ?? "passed"} in its seeds but ${listed.get(mismatch[0]) ?? "absent"} in its failures`);
  for (const f of doc.failures) {
    const marked = f.violations.filter((v) => v.inconclusive === true).length;
    if (f.status === "inconclusive" && marked < f.violations.length) throw new InputError(`${source}: seed ${f.seed} is inconclusive but its failure entry carries a violation`);
    if (f.status !== "inconclusive" && f.violations[0]?.inconclusive === true) throw new InputError(`${source}: seed ${f.seed} is ${f.status} but its first entry is inconclusive`);
  }
  return doc;
}

/** An old report as a current one: nothing in it was inconclusive. */
function fromV1(doc: z.infer<typeof SweepDocV1Schema>): SweepDoc {
  const { seeds, passed, failed, errored, notRun, steps, wallMs } = doc.summary;
  return { ...doc, format: SWEEP_REPORT_FORMAT, summary: { seeds, passed, failed, inconclusive: 0, errored, notRun, steps, wallMs } };
}

/**
 * Combine shard reports into one: they must be of the same target, options and range, and
 * together cover every seed of the range exactly once. The histogram is summed; wall time is the
 * longest shard's (shards run side by side).
 */
export function mergeSweepDocs(docs: readonly SweepDoc[], sources: readonly string[]): SweepDoc {
  const first = docs[0];
  if (first === undefined) throw new InputError("merge needs at least one report");
  docs.forEach((d, i) => {
    const where = sources[i] ?? `report ${i + 1}`;
    if (d.target !== first.target) throw new InputError(`${where} is for target '${d.target}', ${sources[0]} for '${first.target}'`);
    if (d.impl !== first.impl) throw new InputError(`${where} was run with ${d.impl !== undefined ? `--impl ${d.impl}` : "no --impl"}, ${sources[0]} with ${first.impl !== undefined ? `--impl ${first.impl}` : "no --impl"}`);
    if (stable(d.options) !== stable(first.options)) throw new InputError(`${where} was run with other options than ${sources[0]}: ${optionsDifference(d.options, first.options, sources[0])}`);
    if (d.range.base !== first.range.base || d.range.count !== first.range.count) throw new InputError(`${where} covers another seed range than ${sources[0]}`);
  });
  docs.forEach((d, i) => {
    const notRun = d.seeds.filter((s) => s.status === "not-run").length;
    const why = d.stopped !== undefined ? d.stopped.message : "an interrupted sweep";
    if (notRun > 0) throw new InputError(`${sources[i]} has ${notRun} seeds not run (${why}): rerun that shard before merging`);
  });
  const seeds = mergeSeeds(docs, sources, first.range);
  const histogram: Record<string, number> = {};
  for (const d of docs) for (const [k, n] of Object.entries(d.histogram)) histogram[k] = (histogram[k] ?? 0) + n;
  const steps = docs.reduce((s, d) => s + d.summary.steps, 0);
  return {
    format: SWEEP_REPORT_FORMAT,
    target: first.target,
    ...(first.impl !== undefined ? { impl: first.impl } : {}),
    options: first.options,
    range: first.range,
    summary: summary(seeds, steps, Math.max(...docs.map((d) => d.summary.wallMs))),
    histogram,
    unreached: Object.keys(histogram).filter((k) => histogram[k] === 0),
    ...(first.invariants !== undefined ? { invariants: first.invariants } : {}),
    seeds,
    failures: mergeFailures(docs),
    ...mergeDeterminism(docs),
  };
}

/** Shards checked for determinism: the seeds checked add up, the nondeterministic ones gather. */
function mergeDeterminism(docs: readonly SweepDoc[]): Pick<SweepDoc, "determinism"> {
  const checks = docs.flatMap((d) => (d.determinism !== undefined ? [d.determinism] : []));
  if (checks.length === 0) return {};
  return {
    determinism: {
      percent: checks[0]!.percent,
      checked: checks.reduce((n, c) => n + c.checked, 0),
      nondeterministic: checks.flatMap((c) => c.nondeterministic).sort((a, b) => a.seed - b.seed),
    },
  };
}

/** The shards' failure entries by seed, again with details for only the lowest seeds. */
function mergeFailures(docs: readonly SweepDoc[]): FailureDoc[] {
  const collector = new FailureCollector();
  for (const d of docs) for (const f of d.failures) collector.add(f);
  return collector.failures();
}

function mergeSeeds(docs: readonly SweepDoc[], sources: readonly string[], range: SeedRange): SweepDoc["seeds"] {
  const owner = new Map<number, string>();
  const seeds: SweepDoc["seeds"] = [];
  docs.forEach((d, i) => {
    for (const s of d.seeds) {
      const prev = owner.get(s.seed);
      if (prev !== undefined) throw new InputError(`seed ${s.seed} is in both ${prev} and ${sources[i]}: the shards overlap`);
      if (s.seed < range.base || s.seed - range.base >= range.count) throw new InputError(`${sources[i]} reports seed ${s.seed}, outside its range`);
      owner.set(s.seed, sources[i] ?? `report ${i + 1}`);
      seeds.push(s);
    }
  });
  if (seeds.length !== range.count) {
    const missing = firstMissing(owner, range);
    throw new InputError(`the reports cover ${seeds.length} of ${range.count} seeds: seed ${missing} is missing (is a shard missing?)`);
  }
  return seeds.sort((a, b) => a.seed - b.seed);
}

function firstMissing(owner: ReadonlyMap<number, string>, range: SeedRange): number {
  for (let i = 0; i < range.count; i++) if (!owner.has(range.base + i)) return range.base + i;
  return range.base;
}

/** The options in the order a replay command gives their flags; `thinkMsMin` stands for the `--think-ms` range. */
const OPTION_ORDER = ["ops", "faultLevel", "workload", "bug", "keepGoing", "swarm", "thinkMsMin", "livenessMsMax", "weights"];

/**
 * The options two reports differ in, as the flags that set them: `--fault-level stormy (a.json:
 * --fault-level sunny)`. Every differing option is named, in the order of a replay command.
 */
function optionsDifference(these: SweepDoc["options"], first: SweepDoc["options"], firstSource: string | undefined): string {
  const ours: string[] = [];
  const theirs: string[] = [];
  const value = (o: Record<string, unknown>, key: string): unknown => (key === "thinkMsMin" ? [o.thinkMsMin, o.thinkMsMax] : o[key]);
  const others = [...Object.keys(these), ...Object.keys(first)].filter((k) => k !== "thinkMsMax" && !OPTION_ORDER.includes(k));
  for (const key of new Set([...OPTION_ORDER, ...others])) {
    const a = value(these, key);
    const b = value(first, key);
    if (stable(a) === stable(b)) continue;
    ours.push(optionFlag(key, a));
    theirs.push(optionFlag(key, b));
  }
  return `${ours.join(" ")} (${firstSource ?? "report 1"}: ${theirs.join(" ")})`;
}

/** One option as the flag that sets it (`--ops 7`, `--swarm`, `no --bug`); an unknown one as `name=JSON`. */
function optionFlag(key: string, value: unknown): string {
  const flags: Record<string, string> = { ops: "--ops", faultLevel: "--fault-level", workload: "--workload", bug: "--bug", keepGoing: "--keep-going", swarm: "--swarm", thinkMsMin: "--think-ms", livenessMsMax: "--liveness-ms" };
  const flag = flags[key];
  if (flag === undefined) return key === "weights" ? (value === undefined ? "no scenario weights" : `scenario weights ${stable(value)}`) : `${key}=${stable(value) ?? "none"}`;
  if (value === undefined || value === null || value === false) return `no ${flag}`;
  if (value === true) return flag;
  if (Array.isArray(value)) return `${flag} ${value.join("..")}`;
  return `${flag} ${String(value)}`;
}

/** JSON with sorted keys, to compare option objects regardless of key order. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

export type { Shard };
