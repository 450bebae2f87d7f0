/**
 * A backend class's mechanics, as the store answers the failover protocol: how long each request
 * takes when the store is healthy, whether the store itself judges a lease's expiry, and how it
 * checks a fencing token. One small module per class beside this file; `handle.ts` answers
 * requests with them, so the four classes share the lease and journal bookkeeping.
 */
import type { BackendClass } from "../contract.js";
import type { DependencyRequest } from "../model.js";
import type { DependencyState } from "./state.js";

export type CommitRequest = Extract<DependencyRequest, { t: "commit" }>;

export interface ClassMechanics {
  readonly cls: BackendClass;
  /** One line on how the class commits and fences (for reports and `simctl list`). */
  readonly summary: string;
  /**
   * True when the store expires the lease itself (a consensus lease's TTL: etcd revokes it and
   * deletes the key); false when the lease is a record the standby judges by the clock and takes
   * by compare-and-swap (a leader row, a lease object).
   */
  readonly serverSideExpiry: boolean;
  /** Service time of `request` at a healthy store, in simulated ms (>= 1). */
  serviceMs(request: DependencyRequest, state: DependencyState): number;
  /** True when a fenced commit must be refused now: its token is stale. */
  stale(request: CommitRequest, state: DependencyState, nowMs: number): boolean;
}
