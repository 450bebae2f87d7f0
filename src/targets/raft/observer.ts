/** What a node tells the checker and the trace as it goes (invariants.ts implements it). */
import type { Entry } from "../raft-storage/contract.js";

export interface RaftObserver {
  /** `node` won the election of `term` with this log. */
  elected(node: number, term: number, log: readonly Entry[]): void;
  /** `node` now holds `entry` (appended or replicated), after an entry of term `prevTerm`. */
  stored(node: number, entry: Entry, prevTerm: number): void;
  /** `node` deleted its entries from `from` on; `leader` if it was leading. */
  truncated(node: number, from: number, leader: boolean): void;
  /** `node` learned that its entries in (from, to] are committed. */
  committed(node: number, from: number, to: number, log: readonly Entry[]): void;
  /** `node` applied `entry`. */
  applied(node: number, entry: Entry): void;
  /** A node's code threw or a storage call rejected. */
  failed(node: number, error: unknown): void;
}

/** The timings of one run, drawn per seed. */
export interface RaftTiming {
  readonly electionMs: number;
  readonly heartbeatMs: number;
}
