/**
 * What the built-in findings-sink run and the plugged one (a user's store) observe alike: each
 * batch's verdict as the oracle judges it when it is applied (with its histogram events), point
 * reads and snapshots checked against the committed tables (F7), durableCounts (F5). Where the rows
 * come from (the in-memory sink, or a user's store's async reads) is the caller's business.
 */
import type { RunContext } from "../../index.js";
import type { SinkChecker } from "./invariants.js";
import { sinkKinds, type SinkKindName } from "./kinds.js";
import { TENANTS, rowKey, sameObservation, showObservation, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";
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

export class SinkObserver {
  readonly k: Readonly<Record<SinkKindName, number>>;

  constructor(
    readonly ctx: RunContext,
    readonly oracle: FindingsOracle,
    readonly checker: SinkChecker,
  ) {
    this.k = sinkKinds(ctx);
  }

  /** The oracle's verdict on write `id`, applied now (committed when accepted), with its events. */
  judge(id: number, batch: FindingsBatch): Verdict {
    const effects = noEffects();
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

  /** F7 for what a point read returned (undefined: no row). */
  read(target: ReadTarget, row: SinkRow | undefined): void {
    const { table, tenant, id } = target;
    const key = rowKey(tenant, id);
    let same: boolean;
    let got: string | undefined;
    let want: string | undefined;
    if (table === "findings") {
      const w = this.oracle.findings.get(key);
      [same, got, want] = [(row as Finding | undefined)?.content === w?.content, (row as Finding | undefined)?.content, w?.content];
    } else if (table === "occurrences") {
      const [g, w] = [row as Occurrence | undefined, this.oracle.occurrences.get(key)];
      [same, got, want] = [g?.content === w?.content && g?.findingId === w?.findingId, g?.content, w?.content];
    } else {
      const [g, w] = [row as Observation | undefined, this.oracle.observations.get(key)];
      [same, got, want] = [g === undefined ? w === undefined : w !== undefined && sameObservation(g, w), g && showObservation(g), w && showObservation(w)];
    }
    this.ctx.emit(this.k[got === undefined ? "read.miss" : "read.hit"]);
    this.checker.read(table, tenant, id, same, got ?? "absent", want ?? "absent");
  }

  /** A snapshot op starts: its event. */
  snapshotOp(table: Table): void {
    this.ctx.emit(this.k["op.snapshot"], table === "findings" ? 0 : table === "occurrences" ? 1 : 2);
  }

  /** F7 for a table's snapshot, keyed by `rowKey(tenant, id)`. */
  snapshot(table: Table, rows: readonly [string, unknown][]): void {
    const { oracle, checker } = this;
    if (table === "findings") {
      return checker.snapshot(table, rows, (key, row) => oracle.findings.get(key)?.content === (row as { content: string }).content, oracle.findings.size);
    }
    if (table === "occurrences") {
      const same = (key: string, row: unknown): boolean => {
        const want = oracle.occurrences.get(key);
        const r = row as { content: string; findingId: string };
        return want !== undefined && want.content === r.content && want.findingId === r.findingId;
      };
      return checker.snapshot(table, rows, same, oracle.occurrences.size);
    }
    const same = (key: string, row: unknown): boolean => {
      const want = oracle.observations.get(key);
      return want !== undefined && sameObservation(row as Observation, want);
    };
    checker.snapshot(table, rows, same, oracle.observations.size);
  }

  /** A durableCounts op starts: its event (F5 is the checker's `counts()`, on its probe). */
  countsOp(): void {
    this.ctx.emit(this.k["op.counts"]);
  }

  #emitEffects(e: BatchEffects): void {
    const { ctx, k } = this;
    const pairs: [SinkKindName, number][] = [
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
}
