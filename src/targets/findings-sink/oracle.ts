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

export class FindingsOracle {
  readonly writes = new PendingModel<FindingsBatch>();
  readonly findings = new Map<string, Finding>();
  readonly occurrences = new Map<string, Occurrence>();
  readonly observations = new Map<string, Observation>();
  /** The verdict of each finished write, by id, until the checker has read it. */
  readonly verdicts = new Map<number, Verdict>();

  counts(): DurableCounts {
    return { findings: this.findings.size, occurrences: this.occurrences.size, observations: this.observations.size };
  }

  /** Judge a batch against the committed tables and, when it is accepted, commit it. */
  apply(id: number, batch: FindingsBatch, effects: BatchEffects): Verdict {
    const verdict = this.judge(batch);
    if (verdict.ok) this.#commit(batch, effects);
    const judged: Verdict = verdict.ok ? { ok: true, newRows: effects.findingsNew + effects.occurrencesNew + effects.observationsNew } : verdict;
    this.verdicts.set(id, judged);
    return judged;
  }

  /** The first rule the batch breaks, in the specification's order, or ok. */
  judge(batch: FindingsBatch): Verdict {
    const t = batch.tenant;
    const broken = (kind: FindingsErrorKind, id: string): Verdict => ({ ok: false, kind, key: `${t}/${id}` });
    const malformed = [
      ...batch.findings.filter((f) => !f.findingId || !f.content).map((f) => f.findingId),
      ...batch.occurrences.filter((o) => !o.occurrenceId || !o.findingId || !o.content).map((o) => o.occurrenceId),
      ...batch.observations.filter((b) => !b.observationId || !b.occurrenceId || b.seenAt < 0).map((b) => b.observationId),
    ];
    if (malformed.length > 0) return broken("BatchValidation", malformed[0]!);
    const seenFindings = new Map<string, string>();
    for (const f of batch.findings) {
      const known = seenFindings.get(f.findingId) ?? this.findings.get(rowKey(t, f.findingId))?.content;
      if (known !== undefined && known !== f.content) return broken("FindingConflict", f.findingId);
      seenFindings.set(f.findingId, f.content);
    }
    const seenOccurrences = new Map<string, Occurrence>();
    for (const o of batch.occurrences) {
      const known = seenOccurrences.get(o.occurrenceId) ?? this.occurrences.get(rowKey(t, o.occurrenceId));
      if (known !== undefined && (known.content !== o.content || known.findingId !== o.findingId)) return broken("OccurrenceConflict", o.occurrenceId);
      if (!seenFindings.has(o.findingId) && !this.findings.has(rowKey(t, o.findingId))) return broken("MissingFinding", o.occurrenceId);
      seenOccurrences.set(o.occurrenceId, o);
    }
    const seenObservations = new Map<string, Observation>();
    for (const b of batch.observations) {
      const known = seenObservations.get(b.observationId) ?? this.observations.get(rowKey(t, b.observationId));
      if (known !== undefined && !sameIdentity(known, b)) return broken("ObservationConflict", b.observationId);
      if (!seenOccurrences.has(b.occurrenceId) && !this.occurrences.has(rowKey(t, b.occurrenceId))) return broken("MissingOccurrence", b.observationId);
      seenObservations.set(b.observationId, b);
    }
    return { ok: true, newRows: 0 };
  }

  #commit(batch: FindingsBatch, e: BatchEffects): void {
    const t = batch.tenant;
    for (const f of batch.findings) {
      if (insertOnce(this.findings, rowKey(t, f.findingId), f)) e.findingsNew++;
      else e.findingsDeduped++;
    }
    for (const o of batch.occurrences) {
      if (insertOnce(this.occurrences, rowKey(t, o.occurrenceId), o)) e.occurrencesNew++;
      else e.occurrencesDeduped++;
    }
    for (const b of batch.observations) {
      const key = rowKey(t, b.observationId);
      const cur = this.observations.get(key);
      if (cur === undefined) e.observationsNew++;
      else if (b.seenAt > cur.seenAt) e.observationsFresher++;
      else {
        e.observationsStale++;
        continue;
      }
      this.observations.set(key, b);
    }
  }
}

/** Insert-or-keep for the immutable tables: true when the row is new. */
function insertOnce<V>(table: Map<string, V>, key: string, row: V): boolean {
  if (table.has(key)) return false;
  table.set(key, row);
  return true;
}

export function noEffects(): BatchEffects {
  return { findingsNew: 0, findingsDeduped: 0, occurrencesNew: 0, occurrencesDeduped: 0, observationsNew: 0, observationsFresher: 0, observationsStale: 0 };
}
