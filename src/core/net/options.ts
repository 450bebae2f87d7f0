/**
 * The network's fault options by level, redrawn per seed for swarm testing.
 *
 * The probabilities the network shares with the kernel's fault profile (loss = `drop`,
 * `duplicate`, `reorder`, `partition`, `crash`) are read from `faultProfile(level)`, so the
 * numbers a report prints for a level are the numbers the network uses. The rest (delays, clogs,
 * pauses, durations, capacity) are the network's own, chosen below. A "tick" is one call of
 * `Cluster.tick()`, once per step: with simctl's default think time (0-5 ms) a step is ~2.5
 * simulated ms, and a default run of 500 steps ~1.25 simulated seconds.
 */
import { faultProfile, type FaultLevel } from "../faults.js";
import type { Rng } from "../rng.js";
import type { NetworkOptions } from "./types.js";

/**
 * No faults at all: messages arrive after exactly `delayMinMs`, nothing is lost, nothing
 * partitions, pauses or crashes. The durations and `unpartition` are there so that a target that
 * switches one fault on over these (`{ ...NETWORK_QUIET, partition: 0.01 }`) gets sane clogs,
 * pauses and partitions that end: `unpartition` is the chance a partition *ends*, not a fault.
 */
export const NETWORK_QUIET: NetworkOptions = Object.freeze({
  delayMinMs: 1,
  delayMeanMs: 0,
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderMaxMs: 20,
  pathCapacity: 0,
  clog: 0,
  clogMeanMs: 40,
  partition: 0,
  partitionModes: Object.freeze(["isolate-one", "random-split"] as const),
  partitionSymmetries: Object.freeze(["symmetric", "one-way"] as const),
  partitionStabilityMs: 100,
  unpartition: 0.1,
  pause: 0,
  pauseMeanMs: 50,
  crash: 0,
  restartMeanMs: 100,
  maxDown: 1,
});

/** Most nodes that may be down at once in a cluster of `nodes`: a minority, and at least one. */
export function minorityOf(nodes: number): number {
  return Math.max(1, Math.floor((nodes - 1) / 2));
}

/**
 * The options of a fault level. `nodes` sets `maxDown` to a minority of the cluster (default 3
 * nodes: 1), so a majority stays up and a quorum system can still make progress.
 */
export function networkOptions(level: FaultLevel, nodes = 3): NetworkOptions {
  const profile = faultProfile(level);
  const maxDown = minorityOf(nodes);
  switch (level) {
    // Sunny: no fault, only a realistic spread of delays (1 ms + exponential mean 2 ms), so that
    // concurrent messages still interleave the way they do on a quiet LAN.
    case "sunny":
      return Object.freeze({ ...NETWORK_QUIET, delayMeanMs: 2, maxDown });
    // Stormy, "a bad day in production", in TigerBeetle VOPR terms: a message in 20 lost, 1 in
    // 33 duplicated, 1 in 10 held back up to 30 ms; a path clogs for ~40 ms after 1 message in
    // 100; a partition starts in ~1 step in 100 and lasts at least 100 ms (then ends with 10% a
    // step), so a 500-step run sees two or three; a pause (~50 ms, a GC stall) or a crash (~100
    // ms down) in 1 step in 200 each. Delays: 1 ms + exponential mean 5 ms, so replies overlap
    // the next steps. 64 messages in flight per path only bite a runaway retry loop.
    case "stormy":
      return Object.freeze({
        ...NETWORK_QUIET,
        delayMinMs: 1,
        delayMeanMs: 5,
        loss: profile.drop,
        duplicate: profile.duplicate,
        reorder: profile.reorder,
        reorderMaxMs: 30,
        pathCapacity: 64,
        clog: 0.01,
        clogMeanMs: 40,
        partition: profile.partition,
        partitionStabilityMs: 100,
        unpartition: 0.1,
        pause: 0.005,
        pauseMeanMs: 50,
        crash: profile.crash,
        restartMeanMs: 100,
        maxDown,
      });
    // Radioactive, deliberately hostile: a fifth of messages lost, 1 in 10 duplicated, 3 in 10
    // held back up to 100 ms, slow and bursty delays (mean 15 ms), short path queues (16), clogs
    // of ~100 ms after 1 message in 20, partitions in 1 step in 20 that last longer, and pauses
    // and crashes in 1 step in 50: at any time some minority is likely down.
    case "radioactive":
      return Object.freeze({
        ...NETWORK_QUIET,
        delayMinMs: 1,
        delayMeanMs: 15,
        loss: profile.drop,
        duplicate: profile.duplicate,
        reorder: profile.reorder,
        reorderMaxMs: 100,
        pathCapacity: 16,
        clog: 0.05,
        clogMeanMs: 100,
        partition: profile.partition,
        partitionStabilityMs: 50,
        unpartition: 0.05,
        pause: 0.02,
        pauseMeanMs: 100,
        crash: profile.crash,
        restartMeanMs: 200,
        maxDown,
      });
  }
}

/**
 * Upper ends of the per-seed probabilities, after TigerBeetle's VOPR (loss 0-30%, replay 0-50%,
 * clog 0-2%, partition 0-3% a tick, unpartition 1-10%); pauses and crashes up to 1% a step.
 */
const SWARM_CEILINGS = { loss: 0.3, duplicate: 0.5, reorder: 0.3, clog: 0.02, partition: 0.03, pause: 0.01, crash: 0.01 } as const;

/**
 * Options redrawn for one seed from `rng` (the cluster passes `ctx.rng("swarm/net")` when
 * `ctx.swarm` is on), so that across a sweep some seeds lose a third of their messages and
 * others none, some clog and partition often and others never. A fault `base` leaves at 0 stays
 * at 0 (sunny stays quiet; a target that switched a fault off keeps it off); any other is drawn
 * uniformly in [0, max(its ceiling, 2 x base)]. Durations are drawn from half to twice their
 * base; one partition mode and one symmetry per seed, as VOPR does; `maxDown` is kept.
 */
export function swarmNetworkOptions(rng: Rng, base: NetworkOptions): NetworkOptions {
  const fault = (p: number, ceiling: number): number => (p > 0 ? Math.min(1, rng.float() * Math.max(ceiling, 2 * p)) : 0);
  const around = (ms: number, least = 0): number => (ms > 0 ? rng.range(Math.max(least, Math.ceil(ms / 2)), Math.max(least, 2 * ms)) : ms);
  return Object.freeze({
    delayMinMs: around(base.delayMinMs, 1),
    delayMeanMs: around(base.delayMeanMs),
    loss: fault(base.loss, SWARM_CEILINGS.loss),
    duplicate: fault(base.duplicate, SWARM_CEILINGS.duplicate),
    reorder: fault(base.reorder, SWARM_CEILINGS.reorder),
    reorderMaxMs: around(base.reorderMaxMs),
    // Capacity drops are not recorded decisions (they follow from the traffic), so the shrinker
    // cannot delete them one by one: half the seeds run without them. The rest: VOPR's 2-20.
    pathCapacity: base.pathCapacity === 0 || rng.chance(0.5) ? 0 : rng.range(Math.min(2, base.pathCapacity), Math.min(20, base.pathCapacity)),
    clog: fault(base.clog, SWARM_CEILINGS.clog),
    clogMeanMs: around(base.clogMeanMs),
    partition: fault(base.partition, SWARM_CEILINGS.partition),
    partitionModes: Object.freeze([rng.pick(base.partitionModes)]),
    partitionSymmetries: Object.freeze([rng.pick(base.partitionSymmetries)]),
    partitionStabilityMs: around(base.partitionStabilityMs),
    unpartition: base.unpartition > 0 ? 0.01 + rng.float() * Math.max(0.09, base.unpartition - 0.01) : 0,
    pause: fault(base.pause, SWARM_CEILINGS.pause),
    pauseMeanMs: around(base.pauseMeanMs),
    crash: fault(base.crash, SWARM_CEILINGS.crash),
    restartMeanMs: around(base.restartMeanMs),
    maxDown: base.maxDown,
  });
}
