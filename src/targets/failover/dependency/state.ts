/**
 * What the backend's durable store holds: the lease record, the current value of every key, the
 * journal of accepted commits (the log itself, for a log-replicated backend) and the manifest's
 * version (an object manifest's ETag). The store is the environment, not the system under test:
 * it is durable by definition here (its own failures are the pressure profiles), so its state
 * lives outside any node and survives the store node's crashes.
 */
import { KEYS, type JournalRecord, type LeaseRecord, type Value } from "../model.js";

export class DependencyState {
  lease: LeaseRecord = { epoch: 0, holder: 0, expiresAtMs: 0, ttlMs: 0, version: 0 };
  readonly values: Value[] = KEYS.map(() => []);
  readonly journal: JournalRecord[] = [];
  /** The manifest's version: bumped by every commit and by every lease grant (the takeover's manifest write). */
  manifestVersion = 0;

  /** Apply an accepted commit. */
  apply(record: JournalRecord): void {
    this.values[record.key] = record.value;
    this.journal.push(record);
    this.manifestVersion++;
  }

  /** Grant the lease to `holder` with a new epoch. */
  grant(holder: number, nowMs: number, ttlMs: number): LeaseRecord {
    this.lease = { epoch: this.lease.epoch + 1, holder, expiresAtMs: nowMs + ttlMs, ttlMs, version: this.lease.version + 1 };
    this.manifestVersion++;
    return this.lease;
  }

  renew(nowMs: number, ttlMs: number): LeaseRecord {
    this.lease = { ...this.lease, expiresAtMs: nowMs + ttlMs, ttlMs, version: this.lease.version + 1 };
    return this.lease;
  }
}
