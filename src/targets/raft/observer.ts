/** What a node tells the checker and the trace as it goes (invariants.ts implements it). */
import type { Entry } from "../raft-storage/contract.js";

/**
 * A node's log as the checker reads it: the snapshot base (index and term of the last entry a
 * snapshot covers, 0 and 0 without one) and the entries after it.
 */
export interface LogView {
  readonly baseIndex: number;
  readonly baseTerm: number;
  /** The entry at `index`, or undefined at or below the base or past the last. */
  entry(index: number): Entry | undefined;
}

export interface RaftObserver {
  /** `node` (re)started with its state machine at `index` (a snapshot's, of `term`; 0 and 0 without one). */
  started(node: number, index: number, term: number): void;
  /** `node` won the election of `term` with this log. */
  elected(node: number, term: number, log: LogView): void;
  /** `node` now holds `entry` (appended or replicated), after an entry of term `prevTerm`. */
  stored(node: number, entry: Entry, prevTerm: number): void;
  /** `node` deleted its entries from `from` on; `leader` if it was leading. */
  truncated(node: number, from: number, leader: boolean): void;
  /** `node`, in `term`, learned that its entries in (from, to] are committed. */
  committed(node: number, term: number, from: number, to: number, log: LogView): void;
  /** `node` applied `entry`. */
  applied(node: number, entry: Entry): void;
  /** `node` compacted its log: a snapshot of its state machine through `index` (of `term`). */
  snapshotted(node: number, index: number, term: number): void;
  /** `node` installed a snapshot through `index` (of `term`) that leader `fromLeader` sent. */
  installed(node: number, index: number, term: number, fromLeader: number): void;
  /** A node's code threw or a storage call rejected. */
  failed(node: number, error: unknown): void;
}

/** The timings of one run, drawn per seed. */
export interface RaftTiming {
  readonly electionMs: number;
  readonly heartbeatMs: number;
}
