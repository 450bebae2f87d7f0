/**
 * The findings-sink invariant checker, F1-F7 and the row-level half of F8 (the write-lifecycle
 * half is the shared store driver's). Per step it looks only at the rows a finished batch or a
 * read touched; the full comparison (F7) runs at drain points and at the end of the run.
 */
import type { RunContext } from "../../index.js";
import { ViolationLog } from "../shared/violation-log.js";
import type { StoreHandle } from "../shared/store-core.js";
import { isSinkError } from "./errors.js";
import { sameObservation, showObservation, type DurableCounts, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";
import type { Committed, FindingsOracle, Verdict } from "./oracle.js";
import type { Table } from "./ops.js";

export const INVARIANTS = {
  F1: "referential integrity: no occurrence without its finding, no observation without its occurrence",
  F2: "findings and occurrences never change once durable",
  F3: "a rejected batch mutates nothing",
  F4: "the sink's verdict (accept or error kind and key) equals the oracle's",
  F5: "durableCounts counts each row once: replaying an applied batch leaves it unchanged",
  F6: "an observation's identity is fixed and its provenance is the freshest seen",
  F7: "the sink's state equals the oracle's: on every read, and in full once nothing is pending",
  F8: "fault injection is clean: injected failures change nothing, every write id completes once, when released",
} as const;

/**
 * The durable rows the checker compares, bypassing the read path: the in-memory sink itself, or
 * (for a user's store) the rows its reads returned just before the check. Snapshots are keyed by
 * `rowKey(tenant, id)`.
 */
export interface SinkProbe {
  getFinding(tenant: string, findingId: string): Finding | undefined;
  getOccurrence(tenant: string, occurrenceId: string): Occurrence | undefined;
  getObservation(tenant: string, observationId: string): Observation | undefined;
  durableCounts(): DurableCounts;
  findingsSnapshot(): [string, Finding][];
  occurrencesSnapshot(): [string, Occurrence][];
  observationsSnapshot(): [string, Observation][];
}

/** How a batch ended, as the checker judges it. */
export type BatchOutcome = Pick<StoreHandle, "state" | "error">;

export class SinkChecker extends ViolationLog {
  /** The sink's counts after the last finished write. */
  #lastCounts: DurableCounts = { findings: 0, occurrences: 0, observations: 0 };

  constructor(
    ctx: RunContext,
    readonly sink: SinkProbe,
    readonly oracle: FindingsOracle,
  ) {
    super(ctx);
  }

  /** A batch finished without an injected failure: judge it against the oracle's verdict. */
  finished(handle: BatchOutcome, batch: FindingsBatch, verdict: Verdict): void {
    if (handle.state === "applied") this.#accepted(batch, verdict);
    else this.#refused(handle, batch, verdict);
    this.#lastCounts = this.sink.durableCounts();
  }

  #accepted(batch: FindingsBatch, verdict: Verdict): void {
    const t = batch.tenant;
    for (const o of batch.occurrences) {
      if (this.sink.getOccurrence(t, o.occurrenceId) !== undefined && this.sink.getFinding(t, o.findingId) === undefined) {
        return this.fail("F1", `occurrence ${t}/${o.occurrenceId} is durable but its finding ${o.findingId} is not`);
      }
    }
    for (const b of batch.observations) {
      if (this.sink.getObservation(t, b.observationId) !== undefined && this.sink.getOccurrence(t, b.occurrenceId) === undefined) {
        return this.fail("F1", `observation ${t}/${b.observationId} is durable but its occurrence ${b.occurrenceId} is not`);
      }
    }
    if (!this.#parentsUnchanged(batch, "F2")) return;
    if (!this.#observationsFresh(batch)) return;
    const counts = this.sink.durableCounts();
    if (verdict.ok && verdict.newRows === 0 && !sameCounts(counts, this.#lastCounts)) {
      return this.fail("F5", `a batch that adds no row changed durableCounts from ${showCounts(this.#lastCounts)} to ${showCounts(counts)}`);
    }
    if (!verdict.ok) this.fail("F4", `the sink accepted a batch the oracle rejects with ${verdict.kind} at ${verdict.key}`);
  }

  #refused(handle: BatchOutcome, batch: FindingsBatch, verdict: Verdict): void {
    const error = handle.error;
    if (verdict.ok) return this.fail("F4", `the sink rejected a valid batch: ${showError(error)}`);
    if (!isSinkError(error) || error.kind !== verdict.kind || error.key !== verdict.key) {
      return this.fail("F4", `the sink rejected with ${showError(error)}, the oracle with ${verdict.kind} at ${verdict.key}`);
    }
    this.unchanged(batch, "F3", `rejected batch (${verdict.kind})`);
  }

  /** F2: the batch's findings and occurrences are exactly the durable (first-committed) ones. */
  #parentsUnchanged(batch: FindingsBatch, id: string): boolean {
    const t = batch.tenant;
    for (const f of batch.findings) {
      const got = this.sink.getFinding(t, f.findingId);
      const want = this.oracle.findings.row(t, f.findingId);
      if (got?.content !== want?.content) return this.#failed(id, `finding ${t}/${f.findingId} is ${got?.content ?? "absent"}, durable was ${want?.content ?? "absent"}`);
    }
    for (const o of batch.occurrences) {
      const got = this.sink.getOccurrence(t, o.occurrenceId);
      const want = this.oracle.occurrences.row(t, o.occurrenceId);
      if (got?.content !== want?.content || got?.findingId !== want?.findingId) {
        return this.#failed(id, `occurrence ${t}/${o.occurrenceId} is ${got?.content ?? "absent"}, durable was ${want?.content ?? "absent"}`);
      }
    }
    return true;
  }

  /** F6: every durable observation of the batch has its fixed identity and freshest provenance. */
  #observationsFresh(batch: FindingsBatch): boolean {
    const t = batch.tenant;
    for (const b of batch.observations) {
      const got = this.sink.getObservation(t, b.observationId);
      const want = this.oracle.observations.row(t, b.observationId);
      // A missing row is a lost write, judged by F7 in full at the next drain.
      if (got !== undefined && (want === undefined || !sameObservation(got, want))) {
        return this.#failed("F6", `observation ${t}/${b.observationId} is ${showObservation(got)}, expected ${showObservation(want)}`);
      }
    }
    return true;
  }

  /** F3 / F8: none of the batch's rows changed, nor the counts. */
  unchanged(batch: FindingsBatch, id: string, what: string): void {
    if (!this.#parentsUnchanged(batch, id)) return;
    const t = batch.tenant;
    for (const b of batch.observations) {
      const got = this.sink.getObservation(t, b.observationId);
      const want = this.oracle.observations.row(t, b.observationId);
      if (got === undefined ? want !== undefined : want === undefined || !sameObservation(got, want)) {
        return this.fail(id, `${what} changed observation ${t}/${b.observationId}: ${showObservation(got)}, expected ${showObservation(want)}`);
      }
    }
    const counts = this.sink.durableCounts();
    if (!sameCounts(counts, this.#lastCounts)) this.fail(id, `${what} changed durableCounts from ${showCounts(this.#lastCounts)} to ${showCounts(counts)}`);
    this.#lastCounts = counts;
  }

  /** F7 for a point read. */
  read(table: Table, tenant: string, id: string, same: boolean, got: string, want: string): void {
    if (!same) this.fail("F7", `get ${table} ${tenant}/${id} returned ${got}, committed state is ${want}`);
  }

  /** F7 for a snapshot: sorted, and exactly the committed rows. */
  snapshot<V>(table: Table, rows: readonly [string, V][], committed: Committed<V>, same: (row: V, want: V | undefined) => boolean): void {
    for (let i = 1; i < rows.length; i++) {
      if (rows[i - 1]![0] >= rows[i]![0]) return this.fail("F7", `${table} snapshot is not sorted at row ${i}`);
    }
    if (rows.length !== committed.size) return this.fail("F7", `${table} snapshot has ${rows.length} rows, committed state has ${committed.size}`);
    for (const [key, row] of rows) if (!same(row, committed.get(key))) return this.fail("F7", `${table} snapshot row ${key.replace("\u0000", "/")} differs from the committed one`);
  }

  /** F5 for a durableCounts read. */
  counts(): void {
    const got = this.sink.durableCounts();
    const want = this.oracle.counts();
    if (!sameCounts(got, want)) this.fail("F5", `durableCounts is ${showCounts(got)}, the committed rows are ${showCounts(want)}`);
  }

  /** F7: full comparison of every table and the counts. */
  converged(where: string): boolean {
    const { sink, oracle } = this;
    const mismatch =
      tableMismatch("findings", sink.findingsSnapshot(), oracle.findings, sameFinding) ??
      tableMismatch("occurrences", sink.occurrencesSnapshot(), oracle.occurrences, sameOccurrence) ??
      tableMismatch("observations", sink.observationsSnapshot(), oracle.observations, sameObservation);
    if (mismatch !== undefined) return this.#failed("F7", `${where}: ${mismatch}`);
    const counts = sink.durableCounts();
    if (!sameCounts(counts, oracle.counts())) return this.#failed("F7", `${where}: durableCounts is ${showCounts(counts)}, expected ${showCounts(oracle.counts())}`);
    this.#lastCounts = counts;
    return true;
  }

  #failed(id: string, message: string): false {
    this.fail(id, message);
    return false;
  }
}

/** How a table's snapshot differs from the committed rows (the first differing row), or undefined. */
function tableMismatch<V>(name: string, rows: readonly [string, V][], want: Committed<V>, same: (a: V, b: V) => boolean): string | undefined {
  let mismatch: string | undefined;
  if (rows.length !== want.size) mismatch = `${rows.length} rows, expected ${want.size}`;
  else {
    for (const [key, row] of rows) {
      const w = want.get(key);
      if (w === undefined || !same(row, w)) {
        mismatch = key;
        break;
      }
    }
  }
  return mismatch === undefined ? undefined : `${name} differ from the oracle (${mismatch.replace("\u0000", "/")})`;
}

const sameFinding = (a: Finding, b: Finding): boolean => a.content === b.content;
const sameOccurrence = (a: Occurrence, b: Occurrence): boolean => a.content === b.content && a.findingId === b.findingId;

/** A refusal's error in words (built only for a failure message). */
function showError(error: Error | null): string {
  return isSinkError(error) ? `${error.kind} at ${error.key}` : `${error?.name ?? "no error"}`;
}

function sameCounts(a: DurableCounts, b: DurableCounts): boolean {
  return a.findings === b.findings && a.occurrences === b.occurrences && a.observations === b.observations;
}

function showCounts(c: DurableCounts): string {
  return `${c.findings}/${c.occurrences}/${c.observations}`;
}
