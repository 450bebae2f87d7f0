/**
 * Crash points: a node may crash right after it does something whose durability matters (after it
 * answers a vote; after it, as leader, appends a client's command, wins an election or advances
 * its commit index, before it tells anyone), and restart soon after. FoundationDB's BUGGIFY and TigerBeetle's VOPR place faults where a bug would show
 * rather than wait for a uniform crash to land in a window of a few simulated milliseconds: a vote
 * answered before it is saved is only forgotten if the voter dies before the next save, and an
 * older term's entry is only committed by counting (Figure 8) after a leader dies with entries on
 * a minority. A correct node survives these crashes; that is the point.
 *
 * Options on top, every probability zero by default; the level sets them, swarm redraws them per
 * seed. Each crash is a recorded fault decision (its value the downtime), so replay and the
 * shrinker see it; like every crash, never more than a minority down.
 */
import type { Cluster, FaultLevel, Rng, RunContext } from "../../index.js";
import type { RaftMessage } from "./messages.js";
import type { RaftNode } from "./node.js";

export type CrashPoint = "after-vote" | "after-append" | "after-elect" | "after-commit" | "mid-snapshot";

export const CRASH_POINTS: readonly CrashPoint[] = ["after-vote", "after-append", "after-elect", "after-commit", "mid-snapshot"];

export interface CrashPointOptions {
  /** Probability that a node crashes right after it grants a vote. */
  readonly afterVote: number;
  /** Probability that a leader crashes right after it appends a client's command, before it sends it on. */
  readonly afterAppend: number;
  /** Probability that a new leader crashes right after it appends its blank entry, before it tells anyone. */
  readonly afterElect: number;
  /**
   * Probability that a leader crashes right after it advances its commit index over entries of
   * earlier terms (its first commit, as a rule), before it tells anyone.
   */
  readonly afterCommit: number;
  /** Probability that a node crashes while it writes a snapshot, after the write and before the sync. */
  readonly midSnapshot: number;
  /** Least and most time down, in simulated ms: a supervisor restarts a crashed process soon. */
  readonly downMinMs: number;
  readonly downMaxMs: number;
}

export const CRASH_POINTS_QUIET: CrashPointOptions = Object.freeze({ afterVote: 0, afterAppend: 0, afterElect: 0, afterCommit: 0, midSnapshot: 0, downMinMs: 25, downMaxMs: 500 });

/**
 * Stormy: a vote in 4 (BUGGIFY fires at a quarter of the sites it enables), a command in 50, an
 * election in 5, an inherited commit in 2 and a snapshot write in 33 (a restart re-reads the whole
 * store, the dearest thing a run does); radioactive: more often, but never every inherited commit
 * (each new leader would die at its first commit, and the next inherit its blank entry).
 */
export function crashPointOptions(level: FaultLevel): CrashPointOptions {
  if (level === "sunny") return CRASH_POINTS_QUIET;
  if (level === "stormy") return Object.freeze({ ...CRASH_POINTS_QUIET, afterVote: 0.25, afterAppend: 0.02, afterElect: 0.2, afterCommit: 0.5, midSnapshot: 0.03 });
  return Object.freeze({ ...CRASH_POINTS_QUIET, afterVote: 0.5, afterAppend: 0.04, afterElect: 0.3, afterCommit: 0.7, midSnapshot: 0.06 });
}

/** Swarm: each rate drawn in [0, min(1, 2 x base)], so some seeds crash at these points often and some never. */
export function swarmCrashPoints(rng: Rng, base: CrashPointOptions): CrashPointOptions {
  const draw = (p: number): number => rng.float() * Math.min(1, 2 * p);
  return Object.freeze({ ...base, afterVote: draw(base.afterVote), afterAppend: draw(base.afterAppend), afterElect: draw(base.afterElect), afterCommit: draw(base.afterCommit), midSnapshot: draw(base.midSnapshot) });
}

export class CrashPoints {
  readonly #kinds: Record<CrashPoint, number>;
  readonly #p: Record<CrashPoint, number>;
  readonly #maxDown: number;

  constructor(
    readonly ctx: RunContext,
    readonly cluster: () => Cluster<RaftMessage, RaftNode>,
    readonly options: CrashPointOptions,
    size: number,
  ) {
    this.#kinds = { "after-vote": 0, "after-append": 0, "after-elect": 0, "after-commit": 0, "mid-snapshot": 0 };
    for (const point of CRASH_POINTS) this.#kinds[point] = ctx.faultKind(`raft.crash-${point}`);
    this.#p = { "after-vote": options.afterVote, "after-append": options.afterAppend, "after-elect": options.afterElect, "after-commit": options.afterCommit, "mid-snapshot": options.midSnapshot };
    this.#maxDown = Math.floor((size - 1) / 2);
  }

  /** Node `id` passed crash point `point`: maybe crash it now. */
  reached(id: number, point: CrashPoint): void {
    const p = this.#p[point];
    if (p === 0) return;
    const cluster = this.cluster();
    if (cluster.status(id) !== "up" || this.#down(cluster) >= this.#maxDown) return;
    const downMs = this.ctx.faults.draw(this.#kinds[point], p, this.options.downMinMs, this.options.downMaxMs);
    if (downMs !== null) cluster.crash(id, downMs);
  }

  #down(cluster: Cluster<RaftMessage, RaftNode>): number {
    let down = 0;
    for (let id = 0; id < cluster.size; id++) if (cluster.status(id) !== "up") down++;
    return down;
  }
}
