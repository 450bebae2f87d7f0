/**
 * The disk's fault options by level, redrawn per seed for swarm testing.
 *
 * The kernel's fault profile names no disk fault, so the numbers are the disk's own, chosen below.
 * The scale: a step is ~2.5 simulated ms with the default think time, a node crashes about once
 * in 200 steps at stormy, and a store reads and writes a few records per step. Crash faults
 * (`torn`, `partial`) are per crash, so they can be common without flooding a run; `readFault` and
 * `misdirect` destroy data a single copy cannot get back, so they stay rare.
 */
import type { FaultLevel } from "../faults.js";
import type { Rng } from "../rng.js";
import type { DiskOptions } from "./types.js";

/**
 * No faults at all: reads and writes complete at once (as kernel events at the current time), a
 * sync after 1 ms, and a crash loses exactly the unsynced writes. A target that switches one fault
 * on over these (`{ ...DISK_QUIET, torn: 1 }`) tests it in isolation.
 */
export const DISK_QUIET: DiskOptions = Object.freeze({
  readMinMs: 0,
  readMeanMs: 0,
  writeMinMs: 0,
  writeMeanMs: 0,
  syncMinMs: 1,
  syncMeanMs: 0,
  torn: 0,
  partial: 0,
  readFault: 0,
  misdirect: 0,
});

/** The options of a fault level. */
export function diskOptions(level: FaultLevel): DiskOptions {
  switch (level) {
    // Sunny: no fault, only a realistic spread of latencies (reads and writes land in the page
    // cache in about a millisecond, a sync takes 1 ms + exponential mean 2), so that concurrent
    // operations still interleave.
    case "sunny":
      return Object.freeze({ ...DISK_QUIET, readMeanMs: 1, writeMeanMs: 1, syncMinMs: 1, syncMeanMs: 2 });
    // Stormy, a bad day: fsync tails (1 ms + mean 5) overlap the next steps; a quarter of the
    // crashes that find unsynced writes tear the last one, and a quarter keep some unsynced writes
    // (holes included), so recovery paths run in most runs with crashes; a record read in 1000
    // turns out unreadable and a write in 2000 lands on the wrong record, a few per long run.
    case "stormy":
      return Object.freeze({
        readMinMs: 0,
        readMeanMs: 2,
        writeMinMs: 0,
        writeMeanMs: 2,
        syncMinMs: 1,
        syncMeanMs: 5,
        torn: 0.25,
        partial: 0.25,
        readFault: 0.001,
        misdirect: 0.0005,
      });
    // Radioactive, deliberately hostile: slow, bursty I/O (syncs 2 ms + mean 20), half the crashes
    // tear and half keep a random subset of the unsynced writes, a record read in 100 is bad and a
    // write in 200 misdirected.
    case "radioactive":
      return Object.freeze({
        readMinMs: 1,
        readMeanMs: 5,
        writeMinMs: 1,
        writeMeanMs: 5,
        syncMinMs: 2,
        syncMeanMs: 20,
        torn: 0.5,
        partial: 0.5,
        readFault: 0.01,
        misdirect: 0.005,
      });
  }
}

/** Upper ends of the per-seed probabilities: crash faults anywhere up to always; media faults up to 2% and 1%. */
const CEILINGS = { torn: 1, partial: 1, readFault: 0.02, misdirect: 0.01 } as const;

/**
 * Options redrawn for one seed from `rng` (a disk passes `ctx.rng("swarm/disk")` when `ctx.swarm`
 * is on), so that across a sweep some seeds tear every crash and others never, some rot a record
 * in fifty and others none. A fault `base` leaves at 0 stays at 0 (sunny stays quiet; a target
 * that switched a fault off keeps it off); any other is drawn uniformly in
 * [0, max(its ceiling, 2 x base)] (capped at 1). Latencies are drawn from half to twice their base.
 */
export function swarmDiskOptions(rng: Rng, base: DiskOptions): DiskOptions {
  const redraw = (p: number, ceiling: number): number => (p === 0 ? 0 : Math.min(1, rng.float() * Math.max(ceiling, 2 * p)));
  const spread = (ms: number): number => (ms === 0 ? 0 : rng.range(Math.ceil(ms / 2), 2 * ms));
  return Object.freeze({
    readMinMs: spread(base.readMinMs),
    readMeanMs: spread(base.readMeanMs),
    writeMinMs: spread(base.writeMinMs),
    writeMeanMs: spread(base.writeMeanMs),
    syncMinMs: spread(base.syncMinMs),
    syncMeanMs: spread(base.syncMeanMs),
    torn: redraw(base.torn, CEILINGS.torn),
    partial: redraw(base.partial, CEILINGS.partial),
    readFault: redraw(base.readFault, CEILINGS.readFault),
    misdirect: redraw(base.misdirect, CEILINGS.misdirect),
  });
}
