/**
 * The findings store contract: what a durable backend of the findings sink (gossip-contracts'
 * `FindingsSink` trait with its conformance probe, as the seed's in-memory reference implements
 * it) offers its clients, in TypeScript. Each clause is stated once, here, where its method is
 * declared; the plugged findings-sink target (`simctl ... --target findings-sink --impl
 * ./my-store.ts`) and its named clause checks (`simctl conformance findings-sink --impl ...`)
 * check these statements.
 *
 * Three tables, keyed by tenant and id: findings, occurrences (each names its finding) and
 * observations (each names its occurrence). Rows of different tenants never see each other.
 *
 * Async, so a database driver fits: every method returns a promise, and the harness awaits each
 * call before it makes the next (a store need not support overlapping calls). A promise resolving
 * is the store's acknowledgement. No fault controls: a backend has no pending-write queue,
 * release or failure knobs, so the contract has none; what a backend meets instead (a batch
 * delayed in flight and delivered after later ones, a batch sent twice) the harness does itself.
 */
export type { DurableCounts, Finding, FindingsBatch, Observation, Occurrence } from "./model.js";
export type { FindingsErrorKind } from "./errors.js";
import type { FindingsErrorKind } from "./errors.js";
import type { DurableCounts, Finding, FindingsBatch, Observation, Occurrence } from "./model.js";

/**
 * What `upsertBatch` rejects with when the batch breaks a rule: any Error with these two fields
 * (the harness compares them, not the class). `key` is `${tenant}/${id}` of the row that broke it.
 */
export interface FindingsStoreError {
  readonly kind: FindingsErrorKind;
  readonly key: string;
}

export interface FindingRow extends Finding {
  readonly tenant: string;
}
export interface OccurrenceRow extends Occurrence {
  readonly tenant: string;
}
export interface ObservationRow extends Observation {
  readonly tenant: string;
}

/** A findings backend. */
export interface FindingsStore {
  /**
   * Validate the whole batch (all rows are the batch's `tenant`'s), then write it; a batch that
   * breaks a rule is rejected with a {@link FindingsStoreError} for the first rule broken, in
   * this order, and changes nothing at all (validate-then-mutate):
   * 0. `BatchValidation`: a row with an empty id, an empty content, an occurrence or observation
   *    naming an empty parent id, or a negative seenAt (the first such row: findings, then
   *    occurrences, then observations);
   * 1. findings, in batch order: `FindingConflict` when a finding with the same id, earlier in
   *    the batch or durable, has another content;
   * 2. occurrences, in batch order: `OccurrenceConflict` when one with the same id, earlier in the
   *    batch or durable, has another content or findingId; then `MissingFinding` when its finding
   *    is neither in the batch nor durable;
   * 3. observations, in batch order: `ObservationConflict` when one with the same id, earlier in
   *    the batch or durable, has another identity (occurrenceId, identity); then
   *    `MissingOccurrence` when its occurrence is neither in the batch nor durable.
   * An accepted batch writes, parents first: findings and occurrences are immutable (a row sent
   * again with the same content is deduplicated: one row); an observation is inserted, or its
   * provenance (seenAt, location, runId) replaced when the incoming seenAt is strictly later (a
   * tie or an earlier one keeps the durable row). So a batch sent again adds no row. When the
   * promise resolves, the batch is durable and visible to every read. It rejects otherwise only
   * when the backend fails (the harness reports that as a failure).
   */
  upsertBatch(batch: FindingsBatch): Promise<void>;
  /** The durable finding, or null. */
  getFinding(tenant: string, findingId: string): Promise<Finding | null>;
  /** The durable occurrence, or null. */
  getOccurrence(tenant: string, occurrenceId: string): Promise<Occurrence | null>;
  /** The durable observation, or null. */
  getObservation(tenant: string, observationId: string): Promise<Observation | null>;
  /** Every finding, once, sorted by tenant then findingId (code-unit order, as `<` compares strings). */
  findingsSnapshot(): Promise<readonly FindingRow[]>;
  /** Every occurrence, once, sorted by tenant then occurrenceId. */
  occurrencesSnapshot(): Promise<readonly OccurrenceRow[]>;
  /** Every observation, once, sorted by tenant then observationId. */
  observationsSnapshot(): Promise<readonly ObservationRow[]>;
  /** The conformance probe: how many rows each table holds (rows, not writes). */
  durableCounts(): Promise<DurableCounts>;
  /** Optional: release what the store holds (a connection); called once at the end of a run. */
  close?(): Promise<void>;
}

/**
 * What a `--impl` module default-exports: a function that makes a fresh, empty store. The harness
 * calls it once per seed and once per clause check.
 */
export type FindingsStoreFactory = () => FindingsStore | Promise<FindingsStore>;

/** The contract in one line (shown by `simctl list`). */
export const FINDINGS_CONTRACT =
  "a FindingsStoreFactory () => FindingsStore { upsertBatch(batch) (rejects with { kind, key } on a broken rule); getFinding/getOccurrence/getObservation(tenant, id); findingsSnapshot/occurrencesSnapshot/observationsSnapshot(); durableCounts(); close?() }, every method async";

export const FINDINGS_METHODS = ["upsertBatch", "getFinding", "getOccurrence", "getObservation", "findingsSnapshot", "occurrencesSnapshot", "observationsSnapshot", "durableCounts"] as const;
