/**
 * The run's clock: Raft's timers, the clients' patience and the fault durations, in simulated ms.
 *
 * The timers are etcd's defaults (a heartbeat each 100 ms, an election timeout of 1000 ms drawn
 * up to twice that), drawn per seed around them; everything else is scaled to them: a client
 * thinks 0..150 ms between ops (a dozen ops per election timeout, so elections and requests
 * interleave), waits 2 s for an answer, and a crashed, paused or cut-off node stays so for a
 * sizeable part of an election timeout, or longer. Message and disk latencies stay the kernel's
 * (a LAN and an SSD): they are the same whatever Raft's timers are. The network's per-step
 * durations (how long a partition lasts) scale with the think time by themselves; its durations in
 * ms are scaled here by NET_SCALE.
 */
import { networkOptions, type FaultLevel, type NetworkOptions } from "../../index.js";

/** Election timeout bases (a node's timeout is drawn in [base, 2 x base] each time): one per seed. */
export const ELECTION_MS = [500, 750, 1250] as const;
/** Heartbeat intervals: one per seed. */
export const HEARTBEAT_MS = [100, 200] as const;
/** Think time after each step (the target's `thinkMs`). */
export const THINK_MS = { min: 0, max: 300 } as const;
/** The liveness phase's budget: a leader elected and every command decided within it. */
export const LIVENESS_MS = 150_000;
/** How long a client waits for an answer before it asks again, and its backoff (plus jitter). */
export const CLIENT_WAIT_MS = 2000;
export const CLIENT_BACKOFF_MS = 100;
export const CLIENT_JITTER_MS = 100;

/** The network's durations in ms (pauses, restarts, clogs, a partition's least length), for Raft's clock. */
const NET_SCALE = 5;

/** Overrides of the level's network options: its durations in ms, scaled. */
export function raftNetwork(level: FaultLevel, nodes: number): Partial<NetworkOptions> {
  const base = networkOptions(level, nodes);
  return {
    pauseMeanMs: base.pauseMeanMs * NET_SCALE,
    restartMeanMs: base.restartMeanMs * NET_SCALE,
    clogMeanMs: base.clogMeanMs * NET_SCALE,
    partitionStabilityMs: base.partitionStabilityMs * NET_SCALE,
  };
}
