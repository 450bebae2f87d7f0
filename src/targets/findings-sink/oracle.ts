/**
 * The findings oracle: predicts each batch's verdict (accept, or the exact error kind and key) at
 * the moment the batch is applied, and the committed tables after it. Written from the
 * specification, in its own shape: the rules are checked as a list, layer by layer.
 */
import { PendingModel } from "../shared/pending-model.js";
import type { FindingsErrorKind } from "./errors.js";
import { rowKey, sameIdentity, type DurableCounts, type Finding, type FindingsBatch, type Observation, type Occurrence } from "./model.js";

export type Verdict = { readonly ok: true; readonly newRows: number } | { readonly ok: false; readonly kind: FindingsErrorKind; readonly key: string };

/** How an accepted batch changed the tables, for the histogram. */
export interface BatchEffects {
  findingsNew: number;
  findingsDeduped: number;
  occurrencesNew: number;
  occurrencesDeduped: number;
  observationsNew: number;
  observationsFresher: number;
  observationsStale: number;
}

/**
 * A committed table. Point lookups go by tenant, then id, so no joined key string is built per
 * lookup; whole-table comparisons go by `rowKey(tenant, id)`, the key the sink's snapshots carry.
 */
export class Committed<V> {
  readonly #byKey = new Map<string, V>();
  readonly #byTenant = new Map<string, Map<string, V>>();

  get size(): number {
    return this.#byKey.size;
  }

  /** The row under a snapshot's `rowKey(tenant, id)`. */
  get(key: string): V | undefined {
    return this.#byKey.get(key);
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  row(tenant: string, id: string): V | undefined {
    return this.#byTenant.get(tenant)?.get(id);
  }

  put(tenant: string, id: string, row: V): void {
    let rows = this.#byTenant.get(tenant);
    if (rows === undefined) this.#byTenant.set(tenant, (rows = new Map()));
    rows.set(id, row);
    this.#byKey.set(rowKey(tenant, id), row);
  }
}

/** Accepted verdicts are immutable values: one per row count, shared. */
const ACCEPTED: Verdict[] = [];
function accepted(newRows: number): Verdict {
  return (ACCEPTED[newRows] ??= { ok: true, newRows });
}

export class FindingsOracle {
  readonly writes = new PendingModel<FindingsBatch>();
  readonly findings = new Committed<Finding>();
  readonly occurrences = new Committed<Occurrence>();
  readonly observations = new Committed<Observation>();
  /** The verdict of each finished write, by id, until the checker has read it. */
  readonly verdicts = new Map<number, Verdict>();

  counts(): DurableCounts {
    return { findings: this.findings.size, occurrences: this.occurrences.size, observations: this.observations.size };
  }

  /** Judge a batch against the committed tables and, when it is accepted, commit it. */
  apply(id: number, batch: FindingsBatch, effects: BatchEffects): Verdict {
    const verdict = this.judge(batch);
    if (verdict.ok) this.#commit(batch, effects);
    const judged = verdict.ok ? accepted(effects.findingsNew + effects.occurrencesNew + effects.observationsNew) : verdict;
    this.verdicts.set(id, judged);
    return judged;
  }

  /** The first rule the batch breaks, in the specification's order, or ok. */
  judge(batch: FindingsBatch): Verdict {
    const t = batch.tenant;
    const malformed = firstMalformed(batch);
    if (malformed !== undefined) return broken(t, "BatchValidation", malformed);
    const { findings, occurrences, observations } = batch;
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!;
      const known = seenFinding(findings, i, f.findingId)?.content ?? this.findings.row(t, f.findingId)?.content;
      if (known !== undefined && known !== f.content) return broken(t, "FindingConflict", f.findingId);
    }
    for (let i = 0; i < occurrences.length; i++) {
      const o = occurrences[i]!;
      const known = seenOccurrence(occurrences, i, o.occurrenceId) ?? this.occurrences.row(t, o.occurrenceId);
      if (known !== undefined && (known.content !== o.content || known.findingId !== o.findingId)) return broken(t, "OccurrenceConflict", o.occurrenceId);
      if (seenFinding(findings, findings.length, o.findingId) === undefined && this.findings.row(t, o.findingId) === undefined) return broken(t, "MissingFinding", o.occurrenceId);
    }
    for (let i = 0; i < observations.length; i++) {
      const b = observations[i]!;
      const known = seenObservation(observations, i, b.observationId) ?? this.observations.row(t, b.observationId);
      if (known !== undefined && !sameIdentity(known, b)) return broken(t, "ObservationConflict", b.observationId);
      if (seenOccurrence(occurrences, occurrences.length, b.occurrenceId) === undefined && this.occurrences.row(t, b.occurrenceId) === undefined) return broken(t, "MissingOccurrence", b.observationId);
    }
    return accepted(0);
  }

  #commit(batch: FindingsBatch, e: BatchEffects): void {
    const t = batch.tenant;
    for (const f of batch.findings) {
      if (insertOnce(this.findings, t, f.findingId, f)) e.findingsNew++;
      else e.findingsDeduped++;
    }
    for (const o of batch.occurrences) {
      if (insertOnce(this.occurrences, t, o.occurrenceId, o)) e.occurrencesNew++;
      else e.occurrencesDeduped++;
    }
    for (const b of batch.observations) {
      const cur = this.observations.row(t, b.observationId);
      if (cur === undefined) e.observationsNew++;
      else if (b.seenAt > cur.seenAt) e.observationsFresher++;
      else {
        e.observationsStale++;
        continue;
      }
      this.observations.put(t, b.observationId, b);
    }
  }
}

function broken(tenant: string, kind: FindingsErrorKind, id: string): Verdict {
  return { ok: false, kind, key: `${tenant}/${id}` };
}

/** The first row with an empty id, content or parent, or a negative seenAt: findings, then occurrences, then observations. */
function firstMalformed(batch: FindingsBatch): string | undefined {
  for (const f of batch.findings) if (!f.findingId || !f.content) return f.findingId;
  for (const o of batch.occurrences) if (!o.occurrenceId || !o.findingId || !o.content) return o.occurrenceId;
  for (const b of batch.observations) if (!b.observationId || !b.occurrenceId || b.seenAt < 0) return b.observationId;
  return undefined;
}

// Rows seen earlier in the batch (the latest of them wins), among the first `n`.
function seenFinding(rows: readonly Finding[], n: number, id: string): Finding | undefined {
  let seen: Finding | undefined;
  for (let i = 0; i < n; i++) if (rows[i]!.findingId === id) seen = rows[i];
  return seen;
}
function seenOccurrence(rows: readonly Occurrence[], n: number, id: string): Occurrence | undefined {
  let seen: Occurrence | undefined;
  for (let i = 0; i < n; i++) if (rows[i]!.occurrenceId === id) seen = rows[i];
  return seen;
}
function seenObservation(rows: readonly Observation[], n: number, id: string): Observation | undefined {
  let seen: Observation | undefined;
  for (let i = 0; i < n; i++) if (rows[i]!.observationId === id) seen = rows[i];
  return seen;
}

/** Insert-or-keep for the immutable tables: true when the row is new. */
function insertOnce<V>(table: Committed<V>, tenant: string, id: string, row: V): boolean {
  if (table.row(tenant, id) !== undefined) return false;
  table.put(tenant, id, row);
  return true;
}

export function noEffects(): BatchEffects {
  return { findingsNew: 0, findingsDeduped: 0, occurrencesNew: 0, occurrencesDeduped: 0, observationsNew: 0, observationsFresher: 0, observationsStale: 0 };
}
