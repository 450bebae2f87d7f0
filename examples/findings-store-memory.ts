/**
 * A user's findings store: three Maps behind the findings store contract, written from the
 * contract's documentation (FindingsStore), not from simctl's code. Plugged in with
 *
 *   npx simctl conformance findings-sink --impl ./examples/findings-store-memory.ts --seeds 20
 *   npx simctl sweep --target findings-sink --impl ./examples/findings-store-memory.ts --workload out-of-order --seeds 200
 *
 * upsertBatch validates the whole batch before it writes anything (in a database: every check
 * and every write in one transaction), so a rejected batch leaves nothing behind.
 */
import type {
  DurableCounts,
  Finding,
  FindingRow,
  FindingsBatch,
  FindingsErrorKind,
  FindingsStore,
  Observation,
  ObservationRow,
  Occurrence,
  OccurrenceRow,
} from "simctl-dst/findings-sink";

/** What a broken rule rejects with: the contract compares `kind` and `key`, not the class. */
export class FindingsStoreError extends Error {
  constructor(
    readonly kind: FindingsErrorKind,
    readonly key: string,
  ) {
    super(`${kind} at ${key}`);
    this.name = "FindingsStoreError";
  }
}

/** A row's key within its table: tenant and id, kept apart whatever characters they hold. */
const rowKey = (tenant: string, id: string): string => JSON.stringify([tenant, id]);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sorted = <R extends { tenant: string }>(rows: Iterable<R>, id: (r: R) => string): R[] => [...rows].sort((a, b) => cmp(a.tenant, b.tenant) || cmp(id(a), id(b)));

export class MemoryFindingsStore implements FindingsStore {
  protected readonly findings = new Map<string, FindingRow>();
  protected readonly occurrences = new Map<string, OccurrenceRow>();
  protected readonly observations = new Map<string, ObservationRow>();

  async upsertBatch(batch: FindingsBatch): Promise<void> {
    this.checkShape(batch);
    this.checkFindings(batch);
    this.checkOccurrences(batch);
    this.checkObservations(batch);
    this.writeFindings(batch);
    this.writeOccurrences(batch);
    this.writeObservations(batch);
  }

  /** BatchValidation: empty ids or contents, empty parent ids, negative seenAt. */
  protected checkShape(b: FindingsBatch): void {
    const bad = [
      ...b.findings.filter((f) => f.findingId === "" || f.content === "").map((f) => f.findingId),
      ...b.occurrences.filter((o) => o.occurrenceId === "" || o.findingId === "" || o.content === "").map((o) => o.occurrenceId),
      ...b.observations.filter((o) => o.observationId === "" || o.occurrenceId === "" || o.seenAt < 0).map((o) => o.observationId),
    ];
    if (bad.length > 0) throw new FindingsStoreError("BatchValidation", `${b.tenant}/${bad[0]}`);
  }

  protected checkFindings(b: FindingsBatch): void {
    const seen = new Map<string, string>();
    for (const f of b.findings) {
      const known = seen.get(f.findingId) ?? this.findings.get(rowKey(b.tenant, f.findingId))?.content;
      if (known !== undefined && known !== f.content) throw new FindingsStoreError("FindingConflict", `${b.tenant}/${f.findingId}`);
      seen.set(f.findingId, f.content);
    }
  }

  protected checkOccurrences(b: FindingsBatch): void {
    const seen = new Map<string, Occurrence>();
    const parents = new Set(b.findings.map((f) => f.findingId));
    for (const o of b.occurrences) {
      const key = `${b.tenant}/${o.occurrenceId}`;
      const known = seen.get(o.occurrenceId) ?? this.occurrences.get(rowKey(b.tenant, o.occurrenceId));
      if (known !== undefined && (known.content !== o.content || known.findingId !== o.findingId)) throw new FindingsStoreError("OccurrenceConflict", key);
      if (!parents.has(o.findingId) && !this.findings.has(rowKey(b.tenant, o.findingId))) throw new FindingsStoreError("MissingFinding", key);
      seen.set(o.occurrenceId, o);
    }
  }

  protected checkObservations(b: FindingsBatch): void {
    const seen = new Map<string, Observation>();
    const parents = new Set(b.occurrences.map((o) => o.occurrenceId));
    for (const o of b.observations) {
      const key = `${b.tenant}/${o.observationId}`;
      const known = seen.get(o.observationId) ?? this.observations.get(rowKey(b.tenant, o.observationId));
      if (known !== undefined && (known.occurrenceId !== o.occurrenceId || known.identity !== o.identity)) throw new FindingsStoreError("ObservationConflict", key);
      if (!parents.has(o.occurrenceId) && !this.occurrences.has(rowKey(b.tenant, o.occurrenceId))) throw new FindingsStoreError("MissingOccurrence", key);
      seen.set(o.observationId, o);
    }
  }

  /** Findings and occurrences are immutable: a row already there (same content, checked) stays. */
  protected writeFindings(b: FindingsBatch): void {
    for (const f of b.findings) if (!this.findings.has(rowKey(b.tenant, f.findingId))) this.findings.set(rowKey(b.tenant, f.findingId), { tenant: b.tenant, ...f });
  }

  protected writeOccurrences(b: FindingsBatch): void {
    for (const o of b.occurrences) if (!this.occurrences.has(rowKey(b.tenant, o.occurrenceId))) this.occurrences.set(rowKey(b.tenant, o.occurrenceId), { tenant: b.tenant, ...o });
  }

  /** An observation's provenance is its latest sighting; a tie keeps the stored one. */
  protected writeObservations(b: FindingsBatch): void {
    for (const o of b.observations) {
      const stored = this.observations.get(rowKey(b.tenant, o.observationId));
      if (stored === undefined || o.seenAt > stored.seenAt) this.observations.set(rowKey(b.tenant, o.observationId), { tenant: b.tenant, ...o });
    }
  }

  async getFinding(tenant: string, findingId: string): Promise<Finding | null> {
    return this.findings.get(rowKey(tenant, findingId)) ?? null;
  }

  async getOccurrence(tenant: string, occurrenceId: string): Promise<Occurrence | null> {
    return this.occurrences.get(rowKey(tenant, occurrenceId)) ?? null;
  }

  async getObservation(tenant: string, observationId: string): Promise<Observation | null> {
    return this.observations.get(rowKey(tenant, observationId)) ?? null;
  }

  async findingsSnapshot(): Promise<FindingRow[]> {
    return sorted(this.findings.values(), (r) => r.findingId);
  }

  async occurrencesSnapshot(): Promise<OccurrenceRow[]> {
    return sorted(this.occurrences.values(), (r) => r.occurrenceId);
  }

  async observationsSnapshot(): Promise<ObservationRow[]> {
    return sorted(this.observations.values(), (r) => r.observationId);
  }

  async durableCounts(): Promise<DurableCounts> {
    return { findings: this.findings.size, occurrences: this.occurrences.size, observations: this.observations.size };
  }
}

export default function makeStore(): FindingsStore {
  return new MemoryFindingsStore();
}
