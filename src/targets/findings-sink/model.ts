/**
 * Findings-sink domain types: three tables written in one batch, parents first. Findings and
 * occurrences are immutable once durable; observations keep fixed identity fields and a
 * provenance (seenAt, location, runId) in which the fresher sighting wins.
 */

export interface Finding {
  readonly findingId: string;
  readonly content: string;
}

export interface Occurrence {
  readonly occurrenceId: string;
  readonly findingId: string;
  readonly content: string;
}

export interface Observation {
  readonly observationId: string;
  /** Identity fields: fixed once durable. */
  readonly occurrenceId: string;
  readonly identity: string;
  /** Provenance: the fresher sighting (later seenAt) wins; ties keep the durable one. */
  readonly seenAt: number;
  readonly location: string;
  readonly runId: string;
}

export interface FindingsBatch {
  readonly tenant: string;
  readonly findings: readonly Finding[];
  readonly occurrences: readonly Occurrence[];
  readonly observations: readonly Observation[];
}

export interface DurableCounts {
  readonly findings: number;
  readonly occurrences: number;
  readonly observations: number;
}

export const TENANTS = ["t-acme", "t-globex"] as const;
/** Id spaces are small so that batches collide, replay and conflict often. */
export const FINDING_IDS = 6;
export const OCCURRENCE_IDS = 8;
export const OBSERVATION_IDS = 10;

/** A table row's key: tenant and id. */
export function rowKey(tenant: string, id: string): string {
  return `${tenant}\u0000${id}`;
}

export function sameObservation(a: Observation, b: Observation): boolean {
  return sameIdentity(a, b) && a.seenAt === b.seenAt && a.location === b.location && a.runId === b.runId;
}

export function sameIdentity(a: Observation, b: Observation): boolean {
  return a.occurrenceId === b.occurrenceId && a.identity === b.identity;
}

export function showObservation(o: Observation | undefined): string {
  if (o === undefined) return "absent";
  return `${o.observationId}{occ=${o.occurrenceId} id=${o.identity} seen=${o.seenAt} at=${o.location} ${o.runId}}`;
}
