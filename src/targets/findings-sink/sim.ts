/**
 * One run of the findings-sink: drives the sink through the shared store driver, keeps the oracle
 * in lockstep (each batch is judged when it is applied) and feeds the checker what each step
 * touched.
 */
import type { RunContext } from "../../index.js";
import type { PendingWrite } from "../shared/pending-model.js";
import type { StoreHandle } from "../shared/store-core.js";
import { StoreDriver } from "../shared/store-driver.js";
import { StoreSim } from "../shared/store-sim.js";
import { STORE_EVENT_KINDS, STORE_FAULT_KINDS, SWIZZLE_KINDS } from "../shared/store-kinds.js";
import { describeStoreEvent } from "../shared/store-events.js";
import { sinkBugs } from "./bugs.js";
import { ERROR_KINDS } from "./errors.js";
import { SinkChecker } from "./invariants.js";
import { TENANTS, rowKey, sameObservation, showObservation, type FindingsBatch, type Observation } from "./model.js";
import { digestBatch, findingId, observationId, occurrenceId, toBatch, type SinkDataOp, type Table } from "./ops.js";
import { FindingsOracle, noEffects, type BatchEffects } from "./oracle.js";
import { InMemoryFindingsSink } from "./sink.js";
import { BatchSource, sinkWorkload, type SinkWorkload } from "./workload.js";

const SINK_KINDS = [
  "op.upsert",
  "op.replay",
  "op.get-finding",
  "op.get-occurrence",
  "op.get-observation",
  "op.snapshot",
  "op.counts",
  "batch.accepted",
  ...ERROR_KINDS.map((k) => `batch.${k}` as const),
  "batch.idempotent",
  "row.finding-new",
  "row.finding-dedupe",
  "row.occurrence-new",
  "row.occurrence-dedupe",
  "row.observation-new",
  "row.observation-fresher",
  "row.observation-stale",
  "read.hit",
  "read.miss",
] as const;

export const EVENT_KINDS = [...SINK_KINDS, ...STORE_EVENT_KINDS, ...SWIZZLE_KINDS];
export const FAULT_KINDS = STORE_FAULT_KINDS;

type KindName = (typeof SINK_KINDS)[number];

const TABLES = ["findings", "occurrences", "observations"] as const;

/** The sink's events in words (the numbers each kind carries are emitted below). */
export function describeSinkEvent(kind: string, a: number, b: number): string | undefined {
  if (kind.startsWith("batch.")) return kind === "batch.accepted" ? `write ${a}, ${b} new row(s)` : `write ${a}`;
  if (kind.startsWith("row.")) return `${a} row(s)`;
  switch (kind) {
    case "op.upsert":
    case "op.replay":
      return `${a} row(s)`;
    case "op.get-finding":
    case "op.get-occurrence":
    case "op.get-observation":
      return `${TENANTS[a] ?? a} id ${b}`;
    case "op.snapshot":
      return TABLES[a] ?? String(a);
    case "op.counts":
    case "read.hit":
    case "read.miss":
      return "";
    default:
      return describeStoreEvent(kind, a, b);
  }
}

export class SinkSim extends StoreSim<SinkDataOp, FindingsBatch> {
  readonly sink: InMemoryFindingsSink;
  readonly oracle = new FindingsOracle();
  readonly checker: SinkChecker;
  readonly driver: StoreDriver<FindingsBatch>;
  protected readonly log: SinkChecker;
  protected readonly workload: SinkWorkload;
  readonly #k: Readonly<Record<KindName, number>>;

  constructor(readonly ctx: RunContext) {
    super();
    this.#k = Object.fromEntries(SINK_KINDS.map((name) => [name, ctx.kind(name)])) as Record<KindName, number>;
    this.driver = new StoreDriver(ctx, this.oracle.writes, this, { submit: "F8", commit: "F8", ids: "F8" }, (id, msg) => this.checker.fail(id, msg));
    this.sink = new InMemoryFindingsSink(sinkBugs(ctx.bug), this.driver.listener);
    this.driver.controls = this.sink;
    this.checker = this.log = new SinkChecker(ctx, this.sink, this.oracle);
    this.workload = sinkWorkload(ctx.workload, new BatchSource(ctx.ops, () => ctx.nowMs()), (d) => ctx.weights(d));
  }

  // StoreTargetHooks: what the shared driver leaves to the sink.

  commit(write: PendingWrite<FindingsBatch>): void {
    const effects = noEffects();
    const verdict = this.oracle.apply(write.id, write.payload, effects);
    const k = this.#k;
    if (!verdict.ok) return this.ctx.emit(k[`batch.${verdict.kind}`], write.id);
    this.ctx.emit(k["batch.accepted"], write.id, verdict.newRows);
    if (verdict.newRows === 0) this.ctx.emit(k["batch.idempotent"], write.id);
    this.#emitEffects(effects);
  }

  checkCompleted(handle: StoreHandle, write: PendingWrite<FindingsBatch>): void {
    const verdict = this.oracle.verdicts.get(write.id);
    this.oracle.verdicts.delete(write.id);
    if (verdict !== undefined) this.checker.finished(handle, write.payload, verdict);
  }

  checkCommitFailed(_handle: StoreHandle, write: PendingWrite<FindingsBatch>): void {
    this.checker.unchanged(write.payload, "F8", "a write failing at commit");
  }

  checkRejected(payload: FindingsBatch): void {
    this.checker.unchanged(payload, "F8", "an injected submission failure");
  }

  converged(where: string): boolean {
    return this.checker.converged(where);
  }

  #emitEffects(e: BatchEffects): void {
    const { ctx } = this;
    const k = this.#k;
    const pairs: [KindName, number][] = [
      ["row.finding-new", e.findingsNew],
      ["row.finding-dedupe", e.findingsDeduped],
      ["row.occurrence-new", e.occurrencesNew],
      ["row.occurrence-dedupe", e.occurrencesDeduped],
      ["row.observation-new", e.observationsNew],
      ["row.observation-fresher", e.observationsFresher],
      ["row.observation-stale", e.observationsStale],
    ];
    for (const [kind, n] of pairs) if (n > 0) ctx.emit(k[kind], n);
  }

  protected applyData(op: SinkDataOp): void {
    const { ctx, sink, oracle } = this;
    const k = this.#k;
    switch (op.t) {
      case "upsert": {
        const rows = op.batch.findings.length + op.batch.occurrences.length + op.batch.observations.length;
        ctx.emit(k[op.replay === true ? "op.replay" : "op.upsert"], rows, digestBatch(op.batch));
        const batch = toBatch(op.batch);
        const overlaps = this.#overlaps(batch);
        return this.driver.submit(batch, op.batch.observations.length, overlaps, () => sink.upsertBatch(batch));
      }
      case "getFinding": {
        ctx.emit(k["op.get-finding"], op.tenant, op.id);
        const [t, id] = [TENANTS[op.tenant]!, findingId(op.id)];
        const got = sink.getFinding(t, id);
        const want = oracle.findings.get(rowKey(t, id));
        return this.#read("findings", t, id, got?.content === want?.content, got?.content, want?.content);
      }
      case "getOccurrence": {
        ctx.emit(k["op.get-occurrence"], op.tenant, op.id);
        const [t, id] = [TENANTS[op.tenant]!, occurrenceId(op.id)];
        const got = sink.getOccurrence(t, id);
        const want = oracle.occurrences.get(rowKey(t, id));
        const same = got?.content === want?.content && got?.findingId === want?.findingId;
        return this.#read("occurrences", t, id, same, got?.content, want?.content);
      }
      case "getObservation": {
        ctx.emit(k["op.get-observation"], op.tenant, op.id);
        const [t, id] = [TENANTS[op.tenant]!, observationId(op.id)];
        const got = sink.getObservation(t, id);
        const want = oracle.observations.get(rowKey(t, id));
        const same = got === undefined ? want === undefined : want !== undefined && sameObservation(got, want);
        return this.#read("observations", t, id, same, got && showObservation(got), want && showObservation(want));
      }
      case "snapshot":
        ctx.emit(k["op.snapshot"], op.table === "findings" ? 0 : op.table === "occurrences" ? 1 : 2);
        return this.#snapshot(op.table);
      case "counts":
        ctx.emit(k["op.counts"]);
        return this.checker.counts();
    }
  }

  #read(table: Table, tenant: string, id: string, same: boolean, got: string | undefined, want: string | undefined): void {
    this.ctx.emit(this.#k[got === undefined ? "read.miss" : "read.hit"]);
    this.checker.read(table, tenant, id, same, got ?? "absent", want ?? "absent");
  }

  #snapshot(table: Table): void {
    const { sink, oracle, checker } = this;
    if (table === "findings") {
      return checker.snapshot(table, sink.findingsSnapshot(), (key, row) => oracle.findings.get(key)?.content === (row as { content: string }).content, oracle.findings.size);
    }
    if (table === "occurrences") {
      const same = (key: string, row: unknown): boolean => {
        const want = oracle.occurrences.get(key);
        const r = row as { content: string; findingId: string };
        return want !== undefined && want.content === r.content && want.findingId === r.findingId;
      };
      return checker.snapshot(table, sink.occurrencesSnapshot(), same, oracle.occurrences.size);
    }
    const same = (key: string, row: unknown): boolean => {
      const want = oracle.observations.get(key);
      return want !== undefined && sameObservation(row as Observation, want);
    };
    checker.snapshot(table, sink.observationsSnapshot(), same, oracle.observations.size);
  }

  /** Whether any observation of the batch is also written by a pending batch (swizzle.clog). */
  #overlaps(batch: FindingsBatch): boolean {
    if (this.ctx.workload !== "swizzle-clog" || batch.observations.length === 0) return false;
    const mine = new Set(batch.observations.map((b) => b.observationId));
    for (const w of this.oracle.writes.pending.values()) {
      if (w.payload.tenant === batch.tenant && w.payload.observations.some((b) => mine.has(b.observationId))) return true;
    }
    return false;
  }
}


