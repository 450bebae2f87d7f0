/**
 * How the store answers one request of the failover protocol, once its service time has passed:
 * the lease's compare-and-swap, renewals, fenced commits, reads and log replays, with the class's
 * mechanics deciding expiry and staleness. Every grant, accepted commit and fenced refusal is told
 * to the observer first, so the invariants judge each effect at the moment it happens.
 */
import type { DependencyAnswer, DependencyRequest, JournalRecord, LeaseRecord, Value } from "../model.js";
import type { ClassMechanics, CommitRequest } from "./mechanics.js";
import type { DependencyState } from "./state.js";

/** What the store tells the checker about its effects. */
export interface StoreObserver {
  /** `lease` was just granted to its holder; `previous` is the lease it replaced. */
  granted(lease: LeaseRecord, previous: LeaseRecord): void;
  /** `record` from server `from` is about to be applied over `before`. */
  accepted(record: JournalRecord, from: number, before: Value): void;
  /** A fenced commit from `from` was refused. */
  fenced(request: CommitRequest, from: number): void;
  /** `from` read the state (or replayed the log) as of journal position `position`. */
  served(from: number, position: number): void;
}

export function answer(m: ClassMechanics, state: DependencyState, from: number, request: DependencyRequest, nowMs: number, observer: StoreObserver): DependencyAnswer {
  switch (request.t) {
    case "lease.read":
      return { t: "lease", ok: true, lease: state.lease };
    case "lease.acquire":
      return acquire(m, state, from, request.expectVersion, request.ttlMs, nowMs, observer);
    case "lease.renew": {
      const { lease } = state;
      const ok = request.epoch === lease.epoch && lease.holder === from && (!m.serverSideExpiry || nowMs < lease.expiresAtMs);
      return { t: "lease", ok, lease: ok ? state.renew(nowMs, request.ttlMs) : lease };
    }
    case "commit":
      return commit(m, state, from, request, nowMs, observer);
    case "read":
      observer.served(from, state.journal.length);
      return { t: "state", values: [...state.values], position: state.journal.length, version: state.manifestVersion };
    case "replay":
      observer.served(from, state.journal.length);
      return { t: "journal", records: state.journal.slice(Math.max(0, request.from)), position: state.journal.length, version: state.manifestVersion };
  }
}

function acquire(m: ClassMechanics, state: DependencyState, from: number, expectVersion: number, ttlMs: number, nowMs: number, observer: StoreObserver): DependencyAnswer {
  const previous = state.lease;
  // A consensus store refuses to hand out a lease it still counts down; a lease record only
  // checks that nobody changed it since the standby looked (the standby judged the clock).
  const free = !m.serverSideExpiry || previous.holder === 0 || nowMs >= previous.expiresAtMs;
  if (expectVersion !== previous.version || !free) return { t: "lease", ok: false, lease: previous };
  const lease = state.grant(from, nowMs, ttlMs);
  observer.granted(lease, previous);
  return { t: "lease", ok: true, lease };
}

function commit(m: ClassMechanics, state: DependencyState, from: number, request: CommitRequest, nowMs: number, observer: StoreObserver): DependencyAnswer {
  if (request.fence && m.stale(request, state, nowMs)) {
    observer.fenced(request, from);
    return { t: "fenced", epoch: state.lease.epoch, version: state.manifestVersion };
  }
  const record: JournalRecord = { key: request.key, value: request.value, epoch: request.epoch, writeId: request.writeId };
  observer.accepted(record, from, state.values[request.key] ?? []);
  state.apply(record);
  return { t: "committed", version: state.manifestVersion, position: state.journal.length };
}
