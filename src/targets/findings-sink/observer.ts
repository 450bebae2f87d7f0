/**
 * What the built-in findings-sink run and the plugged one (a user's store) observe alike: each
 * batch's verdict as the oracle judges it when it is applied (with its histogram events), point
 * reads and snapshots checked against the committed tables (F7), durableCounts (F5). Where the rows
 * come from (the in-memory sink, or a user's store's async reads) is the caller's business.
 */
import type { RunContext } from "../../index.js";
import type { SinkChecker } from "./invariants.js";
import { sinkKinds, type SinkKindName } from "./kinds.js";
import { TENANTS, sameObservation, showObservation, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";
import { digestBatch, findingId, observationId, occurrenceId, type BatchSpec, type SinkDataOp, type Table } from "./ops.js";
import { noEffects, type BatchEffects, type FindingsOracle, type Verdict } from "./oracle.js";

type PointRead = Extract<SinkDataOp, { readonly t: "getFinding" | "getOccurrence" | "getObservation" }>;

/** The row a point read asks for. */
export interface ReadTarget {
  readonly table: Table;
  readonly tenant: string;
  readonly id: string;
}

export type SinkRow = Finding | Occurrence | Observation;

/** The read method of each table (the in-memory sink and the store contract name them alike). */
export const GETTERS = { findings: "getFinding", occurrences: "getOccurrence", observations: "getObservation" } as const;

/** The snapshot method of each table. */
export const SNAPSHOTS = { findings: "findingsSnapshot", occurrences: "occurrencesSnapshot", observations: "observationsSnapshot" } as const;

/** Whether a snapshot row equals the committed one under its key (undefined: none committed). */
const SNAPSHOT_SAME = {
  findings: (row: Finding, want: Finding | undefined): boolean => want?.content === row.content,
  occurrences: (row: Occurrence, want: Occurrence | undefined): boolean => want !== undefined && want.content === row.content && want.findingId === row.findingId,
  observations: (row: Observation, want: Observation | undefined): boolean => want !== undefined && sameObservation(row, want),
} as const;

export class SinkObserver {
  readonly k: Readonly<Record<SinkKindName, number>>;
  /** Reset and refilled by each judged batch; read only before the next one. */
  readonly #effects = noEffects();

  constructor(
    readonly ctx: RunContext,
    readonly oracle: FindingsOracle,
    readonly checker: SinkChecker,
  ) {
    this.k = sinkKinds(ctx);
  }

  /** The oracle's verdict on write `id`, applied now (committed when accepted), with its events. */
  judge(id: number, batch: FindingsBatch): Verdict {
    const effects = resetEffects(this.#effects);
    const verdict = this.oracle.apply(id, batch, effects);
    const k = this.k;
    if (!verdict.ok) {
      this.ctx.emit(k[`batch.${verdict.kind}`], id);
      return verdict;
    }
    this.ctx.emit(k["batch.accepted"], id, verdict.newRows);
    if (verdict.newRows === 0) this.ctx.emit(k["batch.idempotent"], id);
    this.#emitEffects(effects);
    return verdict;
  }

  /** An upsert op starts: its event (rows and a digest of the batch). */
  upsertOp(batch: BatchSpec, replay: boolean): void {
    const rows = batch.findings.length + batch.occurrences.length + batch.observations.length;
    this.ctx.emit(this.k[replay ? "op.replay" : "op.upsert"], rows, digestBatch(batch));
  }

  /** A point read op starts: its event, and the row it asks for. */
  readOp(op: PointRead): ReadTarget {
    const tenant = TENANTS[op.tenant]!;
    switch (op.t) {
      case "getFinding":
        this.ctx.emit(this.k["op.get-finding"], op.tenant, op.id);
        return { table: "findings", tenant, id: findingId(op.id) };
      case "getOccurrence":
        this.ctx.emit(this.k["op.get-occurrence"], op.tenant, op.id);
        return { table: "occurrences", tenant, id: occurrenceId(op.id) };
      case "getObservation":
        this.ctx.emit(this.k["op.get-observation"], op.tenant, op.id);
        return { table: "observations", tenant, id: observationId(op.id) };
    }
  }

  /** F7 for what a point read returned (undefined: no row). The message is built only on a mismatch. */
  read(target: ReadTarget, row: SinkRow | undefined): void {
    const { table, tenant, id } = target;
    let hit: boolean;
    let same: boolean;
    if (table === "findings") {
      const g = row as Finding | undefined;
      const w = this.oracle.findings.row(tenant, id);
      hit = g?.content !== undefined;
      same = g?.content === w?.content;
    } else if (table === "occurrences") {
      const g = row as Occurrence | undefined;
      const w = this.oracle.occurrences.row(tenant, id);
      hit = g?.content !== undefined;
      same = g?.content === w?.content && g?.findingId === w?.findingId;
    } else {
      const g = row as Observation | undefined;
      const w = this.oracle.observations.row(tenant, id);
      hit = g !== undefined;
      same = g === undefined ? w === undefined : w !== undefined && sameObservation(g, w);
    }
    this.ctx.emit(this.k[hit ? "read.hit" : "read.miss"]);
    if (!same) this.#readMismatch(target, row);
  }

  #readMismatch(target: ReadTarget, row: SinkRow | undefined): void {
    const { table, tenant, id } = target;
    let got: string | undefined;
    let want: string | undefined;
    if (table === "observations") {
      const w = this.oracle.observations.row(tenant, id);
      [got, want] = [row && showObservation(row as Observation), w && showObservation(w)];
    } else {
      [got, want] = [(row as Finding | Occurrence | undefined)?.content, this.oracle[table].row(tenant, id)?.content];
    }
    this.checker.read(table, tenant, id, false, got ?? "absent", want ?? "absent");
  }

  /** A snapshot op starts: its event. */
  snapshotOp(table: Table): void {
    this.ctx.emit(this.k["op.snapshot"], table === "findings" ? 0 : table === "occurrences" ? 1 : 2);
  }

  /** F7 for a table's snapshot, keyed by `rowKey(tenant, id)`. */
  snapshot(table: Table, rows: readonly [string, unknown][]): void {
    const { oracle, checker } = this;
    if (table === "findings") return checker.snapshot(table, rows as [string, Finding][], oracle.findings, SNAPSHOT_SAME.findings);
    if (table === "occurrences") return checker.snapshot(table, rows as [string, Occurrence][], oracle.occurrences, SNAPSHOT_SAME.occurrences);
    checker.snapshot(table, rows as [string, Observation][], oracle.observations, SNAPSHOT_SAME.observations);
  }

  /** A durableCounts op starts: its event (F5 is the checker's `counts()`, on its probe). */
  countsOp(): void {
    this.ctx.emit(this.k["op.counts"]);
  }

  /** The row-effect events, in this fixed order, each only when nonzero. */
  #emitEffects(e: BatchEffects): void {
    const { ctx, k } = this;
    if (e.findingsNew > 0) ctx.emit(k["row.finding-new"], e.findingsNew);
    if (e.findingsDeduped > 0) ctx.emit(k["row.finding-dedupe"], e.findingsDeduped);
    if (e.occurrencesNew > 0) ctx.emit(k["row.occurrence-new"], e.occurrencesNew);
    if (e.occurrencesDeduped > 0) ctx.emit(k["row.occurrence-dedupe"], e.occurrencesDeduped);
    if (e.observationsNew > 0) ctx.emit(k["row.observation-new"], e.observationsNew);
    if (e.observationsFresher > 0) ctx.emit(k["row.observation-fresher"], e.observationsFresher);
    if (e.observationsStale > 0) ctx.emit(k["row.observation-stale"], e.observationsStale);
  }
}

function resetEffects(e: BatchEffects): BatchEffects {
  e.findingsNew = e.findingsDeduped = e.occurrencesNew = e.occurrencesDeduped = 0;
  e.observationsNew = e.observationsFresher = e.observationsStale = 0;
  return e;
}
