/**
 * InMemoryFindingsSink: the system under test. Three tables behind the shared store core;
 * `upsertBatch` validates the whole batch (parents first) against the union of batch and durable
 * rows, and only then mutates; any error aborts the batch with no mutation.
 */
import type { CompletionListener, StoreCoreBugs, StoreHandle } from "../shared/store-core.js";
import { StoreFacade } from "../shared/store-facade.js";
import { rejection, type FindingsErrorKind, type FindingsSinkError } from "./errors.js";
import { sameIdentity, type DurableCounts, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";
import { SinkTable } from "./sink-table.js";

export interface SinkBugs extends StoreCoreBugs {
  /** Occurrences are accepted without their finding (the MissingFinding check is skipped). */
  readonly orphanOccurrences?: boolean;
  /** A parent only counts when durable: parents in the same batch are not seen. */
  readonly durableParentsOnly?: boolean;
  /** A finding with different content overwrites the durable one instead of conflicting. */
  readonly overwriteConflictingFinding?: boolean;
  /** Findings are inserted while validating, before the later layers are checked. */
  readonly mutateBeforeValidate?: boolean;
  /** durableCounts counts observation upserts, so a replayed batch adds to it. */
  readonly replayDuplicates?: boolean;
  /** Observation provenance is last-writer-wins, even when staler. */
  readonly staleProvenanceWins?: boolean;
  /** Batches applied by a release (the delayed path) lose their observations. */
  readonly delayedObservationsDropped?: boolean;
}

export class InMemoryFindingsSink extends StoreFacade<FindingsBatch> {
  readonly #findings = new SinkTable<Finding>();
  readonly #occurrences = new SinkTable<Occurrence>();
  readonly #observations = new SinkTable<Observation>();
  readonly #bugs: SinkBugs;
  #observationCount = 0;
  #submitting = false;

  constructor(bugs: SinkBugs, onComplete: CompletionListener) {
    super(bugs, onComplete);
    this.#bugs = bugs;
  }

  /** Submit a batch; throws InjectedSubmissionFailure when one was injected. */
  upsertBatch(batch: FindingsBatch): StoreHandle {
    this.#submitting = true;
    try {
      return this.store.submit(batch);
    } finally {
      this.#submitting = false;
    }
  }

  getFinding(tenant: string, findingId: string): Finding | undefined {
    return this.#findings.get(tenant, findingId);
  }
  getOccurrence(tenant: string, occurrenceId: string): Occurrence | undefined {
    return this.#occurrences.get(tenant, occurrenceId);
  }
  getObservation(tenant: string, observationId: string): Observation | undefined {
    return this.#observations.get(tenant, observationId);
  }

  /** Sorted (tenant, id) snapshots of each table, keyed by `rowKey(tenant, id)`. */
  findingsSnapshot(): [string, Finding][] {
    return this.#findings.snapshot();
  }
  occurrencesSnapshot(): [string, Occurrence][] {
    return this.#occurrences.snapshot();
  }
  observationsSnapshot(): [string, Observation][] {
    return this.#observations.snapshot();
  }

  /** Conformance probe: rows per table. */
  durableCounts(): DurableCounts {
    const observations = this.#bugs.replayDuplicates ? this.#observationCount : this.#observations.size;
    return { findings: this.#findings.size, occurrences: this.#occurrences.size, observations };
  }

  protected applyPayload(batch: FindingsBatch): Error | null {
    const error = this.#validate(batch);
    if (error !== null) return error;
    const t = batch.tenant;
    this.#applyFindingsOnly(batch);
    for (const o of batch.occurrences) {
      if (!this.#occurrences.has(t, o.occurrenceId)) this.#occurrences.set(t, o.occurrenceId, o);
    }
    if (!(this.#bugs.delayedObservationsDropped && !this.#submitting)) for (const b of batch.observations) this.#upsertObservation(t, b);
    return null;
  }

  /** The findings layer alone (what a half-committed batch would leave). */
  protected applyPart(batch: FindingsBatch): void {
    this.#applyFindingsOnly(batch);
  }

  #applyFindingsOnly(batch: FindingsBatch): void {
    const t = batch.tenant;
    for (const f of batch.findings) {
      if (!this.#findings.has(t, f.findingId) || this.#bugs.overwriteConflictingFinding) this.#findings.set(t, f.findingId, f);
    }
  }

  #upsertObservation(tenant: string, b: Observation): void {
    const cur = this.#observations.get(tenant, b.observationId);
    this.#observationCount++;
    if (cur === undefined || b.seenAt > cur.seenAt || this.#bugs.staleProvenanceWins) this.#observations.set(tenant, b.observationId, b);
  }

  /**
   * Every check, read-only against batch + durable rows; the first failure aborts the batch.
   * "Earlier in the batch" is a backward scan of the batch's rows (all of which passed, or we
   * would have stopped): batches are a handful of rows, where a map per batch cost more.
   */
  #validate(batch: FindingsBatch): FindingsSinkError | null {
    const malformed = this.#malformed(batch);
    if (malformed !== null) return fail(batch, "BatchValidation", malformed, "empty id, empty content or negative seenAt");
    return this.#validateFindings(batch) ?? this.#validateOccurrences(batch) ?? this.#validateObservations(batch);
  }

  #validateFindings(batch: FindingsBatch): FindingsSinkError | null {
    const { tenant: t, findings } = batch;
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      const prev = lastFinding(findings, i, f.findingId) ?? this.#findings.get(t, f.findingId);
      if (prev !== undefined && prev.content !== f.content && !this.#bugs.overwriteConflictingFinding) return fail(batch, "FindingConflict", f.findingId, "content differs");
      if (this.#bugs.mutateBeforeValidate && !this.#findings.has(t, f.findingId)) this.#findings.set(t, f.findingId, f);
    }
    return null;
  }

  #validateOccurrences(batch: FindingsBatch): FindingsSinkError | null {
    const { tenant: t, findings, occurrences } = batch;
    for (let i = 0; i < occurrences.length; i++) {
      const o = occurrences[i]!;
      const prev = lastOccurrence(occurrences, i, o.occurrenceId) ?? this.#occurrences.get(t, o.occurrenceId);
      if (prev !== undefined && (prev.content !== o.content || prev.findingId !== o.findingId)) return fail(batch, "OccurrenceConflict", o.occurrenceId, "content or finding differs");
      const inBatch = !this.#bugs.durableParentsOnly && lastFinding(findings, findings.length, o.findingId) !== undefined;
      if (!this.#bugs.orphanOccurrences && !inBatch && !this.#findings.has(t, o.findingId)) return fail(batch, "MissingFinding", o.occurrenceId, `finding ${o.findingId} not found`);
    }
    return null;
  }

  #validateObservations(batch: FindingsBatch): FindingsSinkError | null {
    const { tenant: t, occurrences, observations } = batch;
    for (let i = 0; i < observations.length; i++) {
      const b = observations[i]!;
      const prev = lastObservation(observations, i, b.observationId) ?? this.#observations.get(t, b.observationId);
      if (prev !== undefined && !sameIdentity(prev, b)) return fail(batch, "ObservationConflict", b.observationId, "identity differs");
      const inBatch = !this.#bugs.durableParentsOnly && lastOccurrence(occurrences, occurrences.length, b.occurrenceId) !== undefined;
      if (!inBatch && !this.#occurrences.has(t, b.occurrenceId)) return fail(batch, "MissingOccurrence", b.observationId, `occurrence ${b.occurrenceId} not found`);
    }
    return null;
  }

  #malformed(batch: FindingsBatch): string | null {
    for (const f of batch.findings) if (f.findingId === "" || f.content === "") return f.findingId;
    for (const o of batch.occurrences) if (o.occurrenceId === "" || o.findingId === "" || o.content === "") return o.occurrenceId;
    for (const b of batch.observations) if (b.observationId === "" || b.occurrenceId === "" || b.seenAt < 0) return b.observationId;
    return null;
  }
}

function fail(batch: FindingsBatch, kind: FindingsErrorKind, id: string, detail: string): FindingsSinkError {
  return rejection(kind, `${batch.tenant}/${id}`, detail);
}

/** The last of `rows[0, end)` with this id. */
function lastFinding(rows: readonly Finding[], end: number, id: string): Finding | undefined {
  for (let i = end - 1; i >= 0; i--) if (rows[i]!.findingId === id) return rows[i];
  return undefined;
}
function lastOccurrence(rows: readonly Occurrence[], end: number, id: string): Occurrence | undefined {
  for (let i = end - 1; i >= 0; i--) if (rows[i]!.occurrenceId === id) return rows[i];
  return undefined;
}
function lastObservation(rows: readonly Observation[], end: number, id: string): Observation | undefined {
  for (let i = end - 1; i >= 0; i--) if (rows[i]!.observationId === id) return rows[i];
  return undefined;
}
