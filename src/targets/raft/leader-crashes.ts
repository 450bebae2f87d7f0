/**
 * Crashes aimed at the leader. The kernel's network crashes a node drawn at random, which in a
 * cluster of five is a follower four times in five; but the schedules that break Raft (Figure 8,
 * a vote forgotten across a restart, an acknowledged write on a leader that dies before the
 * commit reaches anyone) need the leader to die mid-replication. So, once a step, the leader is
 * crashed with probability `crash`, and restarted after `downMinMs..downMaxMs`.
 *
 * Options on top, every probability zero by default. The level sets the rate the kernel's profile
 * gives node crashes (so the report's figure holds for both); swarm redraws it per seed. Each
 * crash is a recorded fault decision (`raft.crash-leader`, its value the downtime), so replay and
 * the shrinker see it; like the network's crashes it never takes down more than a minority.
 */
import type { Cluster, FaultLevel, Rng, RunContext } from "../../index.js";
import type { RaftMessage } from "./messages.js";
import type { RaftNode } from "./node.js";

export interface LeaderCrashOptions {
  /** Probability, per step, that the leader crashes. */
  readonly crash: number;
  /** Least and most time it stays down, in simulated ms. */
  readonly downMinMs: number;
  readonly downMaxMs: number;
}

export const LEADER_CRASH_QUIET: LeaderCrashOptions = Object.freeze({ crash: 0, downMinMs: 250, downMaxMs: 2000 });

/** The options of a level: the kernel profile's crash rate, aimed at the leader. */
export function leaderCrashOptions(level: FaultLevel, profileCrash: number): LeaderCrashOptions {
  if (level === "sunny") return LEADER_CRASH_QUIET;
  return Object.freeze({ ...LEADER_CRASH_QUIET, crash: profileCrash, downMaxMs: level === "radioactive" ? 4000 : 2000 });
}

/** Swarm: a rate drawn in [0, max(1%, 2 x base)], so some seeds never lose a leader and some often. */
export function swarmLeaderCrash(rng: Rng, base: LeaderCrashOptions): LeaderCrashOptions {
  if (base.crash === 0) return base;
  return Object.freeze({ ...base, crash: rng.float() * Math.max(0.01, 2 * base.crash) });
}

export class LeaderCrashes {
  readonly #kind: number;
  readonly #maxDown: number;

  constructor(
    readonly ctx: RunContext,
    readonly cluster: Cluster<RaftMessage, RaftNode>,
    readonly options: LeaderCrashOptions,
  ) {
    this.#kind = ctx.faultKind("raft.crash-leader");
    this.#maxDown = Math.floor((cluster.size - 1) / 2);
  }

  /** Once a step: maybe crash the node that leads the highest term. */
  tick(): void {
    if (this.options.crash === 0) return;
    const leader = this.#leader();
    if (leader < 0 || this.#down() >= this.#maxDown) return;
    const downMs = this.ctx.faults.draw(this.#kind, this.options.crash, this.options.downMinMs, this.options.downMaxMs);
    if (downMs !== null) this.cluster.crash(leader, downMs);
  }

  #leader(): number {
    let best = -1;
    let term = -1;
    for (let id = 0; id < this.cluster.size; id++) {
      const node = this.cluster.status(id) === "up" ? this.cluster.node(id) : undefined;
      if (node !== undefined && node.role === "leader" && node.term > term) [best, term] = [id, node.term];
    }
    return best;
  }

  #down(): number {
    let down = 0;
    for (let id = 0; id < this.cluster.size; id++) if (this.cluster.status(id) !== "up") down++;
    return down;
  }
}
