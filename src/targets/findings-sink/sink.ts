/**
 * InMemoryFindingsSink: the system under test. Three tables behind the shared store core;
 * `upsertBatch` validates the whole batch (parents first) against the union of batch and durable
 * rows, and only then mutates; any error aborts the batch with no mutation.
 */
import type { CompletionListener, StoreCoreBugs, StoreHandle } from "../shared/store-core.js";
import { StoreFacade } from "../shared/store-facade.js";
import { FindingsSinkError, type FindingsErrorKind } from "./errors.js";
import { rowKey, sameIdentity, type DurableCounts, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";

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
  readonly #findings = new Map<string, Finding>();
  readonly #occurrences = new Map<string, Occurrence>();
  readonly #observations = new Map<string, Observation>();
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
    return this.#findings.get(rowKey(tenant, findingId));
  }
  getOccurrence(tenant: string, occurrenceId: string): Occurrence | undefined {
    return this.#occurrences.get(rowKey(tenant, occurrenceId));
  }
  getObservation(tenant: string, observationId: string): Observation | undefined {
    return this.#observations.get(rowKey(tenant, observationId));
  }

  /** Sorted (tenant, id) snapshots of each table. */
  findingsSnapshot(): [string, Finding][] {
    return sorted(this.#findings);
  }
  occurrencesSnapshot(): [string, Occurrence][] {
    return sorted(this.#occurrences);
  }
  observationsSnapshot(): [string, Observation][] {
    return sorted(this.#observations);
  }

  /** Conformance probe: rows per table. */
  durableCounts(): DurableCounts {
    const observations = this.#bugs.replayDuplicates ? this.#observationCount : this.#observations.size;
    return { findings: this.#findings.size, occurrences: this.#occurrences.size, observations };
  }

  protected applyPayload(batch: FindingsBatch): Error | null {
    const error = this.#validate(batch);
    if (error !== null) return error;
    this.#applyFindingsOnly(batch);
    for (const o of batch.occurrences) {
      const key = rowKey(batch.tenant, o.occurrenceId);
      if (!this.#occurrences.has(key)) this.#occurrences.set(key, o);
    }
    if (!(this.#bugs.delayedObservationsDropped && !this.#submitting)) for (const b of batch.observations) this.#upsertObservation(batch.tenant, b);
    return null;
  }

  /** The findings layer alone (what a half-committed batch would leave). */
  protected applyPart(batch: FindingsBatch): void {
    this.#applyFindingsOnly(batch);
  }

  #applyFindingsOnly(batch: FindingsBatch): void {
    for (const f of batch.findings) {
      const key = rowKey(batch.tenant, f.findingId);
      if (!this.#findings.has(key) || this.#bugs.overwriteConflictingFinding) this.#findings.set(key, f);
    }
  }

  #upsertObservation(tenant: string, b: Observation): void {
    const key = rowKey(tenant, b.observationId);
    const cur = this.#observations.get(key);
    this.#observationCount++;
    if (cur === undefined || b.seenAt > cur.seenAt || this.#bugs.staleProvenanceWins) this.#observations.set(key, b);
  }

  /** Every check, read-only against batch + durable rows; the first failure aborts the batch. */
  #validate(batch: FindingsBatch): FindingsSinkError | null {
    const t = batch.tenant;
    const fail = (kind: FindingsErrorKind, id: string, detail: string) => new FindingsSinkError(kind, `${t}/${id}`, detail);
    const malformed = this.#malformed(batch);
    if (malformed !== null) return fail("BatchValidation", malformed, "empty id, empty content or negative seenAt");
    const findings = new Map<string, Finding>();
    for (const f of batch.findings) {
      const prev = findings.get(f.findingId) ?? this.#findings.get(rowKey(t, f.findingId));
      if (prev !== undefined && prev.content !== f.content && !this.#bugs.overwriteConflictingFinding) return fail("FindingConflict", f.findingId, "content differs");
      findings.set(f.findingId, f);
      if (this.#bugs.mutateBeforeValidate && !this.#findings.has(rowKey(t, f.findingId))) this.#findings.set(rowKey(t, f.findingId), f);
    }
    const occurrences = new Map<string, Occurrence>();
    for (const o of batch.occurrences) {
      const prev = occurrences.get(o.occurrenceId) ?? this.#occurrences.get(rowKey(t, o.occurrenceId));
      if (prev !== undefined && (prev.content !== o.content || prev.findingId !== o.findingId)) return fail("OccurrenceConflict", o.occurrenceId, "content or finding differs");
      const inBatch = !this.#bugs.durableParentsOnly && findings.has(o.findingId);
      if (!this.#bugs.orphanOccurrences && !inBatch && !this.#findings.has(rowKey(t, o.findingId))) return fail("MissingFinding", o.occurrenceId, `finding ${o.findingId} not found`);
      occurrences.set(o.occurrenceId, o);
    }
    const observations = new Map<string, Observation>();
    for (const b of batch.observations) {
      const prev = observations.get(b.observationId) ?? this.#observations.get(rowKey(t, b.observationId));
      if (prev !== undefined && !sameIdentity(prev, b)) return fail("ObservationConflict", b.observationId, "identity differs");
      const inBatch = !this.#bugs.durableParentsOnly && occurrences.has(b.occurrenceId);
      if (!inBatch && !this.#occurrences.has(rowKey(t, b.occurrenceId))) return fail("MissingOccurrence", b.observationId, `occurrence ${b.occurrenceId} not found`);
      observations.set(b.observationId, b);
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

function sorted<V>(table: ReadonlyMap<string, V>): [string, V][] {
  return [...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
