/**
 * The failover target's world. One node is the backend's durable store (the "dependency": it
 * holds the lease and the data); the others are servers running the failover manager, one of
 * them primary at a time. Clients write to the primary; the primary commits each write to the
 * dependency with its fencing token (its lease epoch); a standby takes over when the lease runs
 * out, recovers the state and serves.
 *
 * Data: a few keys, each holding the list of the write ids appended to it. A primary computes a
 * key's new list from its own view (read-modify-write, as a service caching a document does), so
 * a stale primary that commits from its stale view clobbers what its successor appended: that is
 * the acknowledged-write loss fencing exists to prevent (Kleppmann; Jepsen's etcd and MongoDB).
 *
 * Request and answer types of the dependency protocol live here: the manager (built-in or a
 * user's) speaks it, and the dependency's class mechanics (dependency/) answer it.
 */

/** The dependency's node id; servers are 1..SERVERS. */
export const DEPENDENCY = 0;
export const SERVERS = 3;
export const KEYS = ["a", "b", "c", "d"] as const;

/** A key's value: the write ids appended to it, in order. */
export type Value = readonly number[];

/** The lease record held in the dependency. `version` changes with every grant and renewal. */
export interface LeaseRecord {
  /** The fencing token: 0 before the first grant, then one more per grant. */
  readonly epoch: number;
  /** The server holding it (0: nobody yet). */
  readonly holder: number;
  /** When it runs out, in simulated ms (stamped by the dependency on arrival of the request). */
  readonly expiresAtMs: number;
  readonly ttlMs: number;
  readonly version: number;
}

/** One committed write as the dependency's journal keeps it (the log of a log-replicated backend). */
export interface JournalRecord {
  readonly key: number;
  readonly value: Value;
  readonly epoch: number;
  readonly writeId: number;
}

export type DependencyRequest =
  | { readonly t: "lease.read" }
  /** Take the lease if its version is still `expectVersion` (compare-and-swap). */
  | { readonly t: "lease.acquire"; readonly expectVersion: number; readonly ttlMs: number }
  | { readonly t: "lease.renew"; readonly epoch: number; readonly ttlMs: number }
  /**
   * Set `key` to `value` for write `writeId`. With `fence`, the dependency refuses it unless
   * `epoch` is still the lease's epoch (and, for an object manifest, `version` the manifest's).
   */
  | { readonly t: "commit"; readonly key: number; readonly value: Value; readonly writeId: number; readonly epoch: number; readonly fence: boolean; readonly version: number }
  /** The whole state and the journal position it reflects. */
  | { readonly t: "read" }
  /** The journal from position `from` on (log replay). */
  | { readonly t: "replay"; readonly from: number };

export type DependencyAnswer =
  | { readonly t: "lease"; readonly ok: boolean; readonly lease: LeaseRecord }
  | { readonly t: "committed"; readonly version: number; readonly position: number }
  /** Refused by fencing: the store's epoch (or manifest version) moved on. */
  | { readonly t: "fenced"; readonly epoch: number; readonly version: number }
  | { readonly t: "state"; readonly values: readonly Value[]; readonly position: number; readonly version: number }
  | { readonly t: "journal"; readonly records: readonly JournalRecord[]; readonly position: number; readonly version: number }
  /** The dependency is overloaded or failing (degraded pressure): nothing happened. */
  | { readonly t: "unavailable" };

/** The wire: requests carry a per-sender id their answer echoes. */
export type FailoverMessage = { readonly t: "req"; readonly rid: number; readonly body: DependencyRequest } | { readonly t: "ans"; readonly rid: number; readonly body: DependencyAnswer };

/** What a server answers a client's write. */
export type WriteAnswer = "ok" | "not-primary" | "unavailable" | "fenced";

export function keyName(key: number): string {
  return KEYS[key] ?? `k${key}`;
}

export function serverName(id: number): string {
  return id === DEPENDENCY ? "store" : `s${id}`;
}

/** `value` with `id` appended unless it is there already (a retried write is idempotent). */
export function appended(value: Value, id: number): Value {
  return value.includes(id) ? value : [...value, id];
}
