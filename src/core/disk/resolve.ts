/**
 * The disk options a disk runs with: the level's, redrawn per seed with `--swarm`, then a target's
 * overrides, checked field by field. Overrides come from a target's code, so a mistake is thrown as
 * an Error naming the field (the run reports it as the target's exception).
 */
import { brief } from "../boundary.js";
import type { RunContext } from "../target.js";
import { diskOptions, swarmDiskOptions } from "./options.js";
import type { DiskOptions } from "./types.js";

const PROBABILITIES = ["torn", "partial", "readFault", "misdirect"] as const;
const LATENCIES_MS = ["readMinMs", "readMeanMs", "writeMinMs", "writeMeanMs", "syncMinMs", "syncMeanMs"] as const;
const KNOWN: readonly string[] = [...LATENCIES_MS, ...PROBABILITIES];
/** Longest latency accepted (about 24.8 simulated days, as the kernel's think times). */
const MS_MAX = 2 ** 31 - 1;

/** The options of a disk in the run of `ctx`, with `overrides` applied and checked. */
export function runDiskOptions(ctx: Pick<RunContext, "faultLevel" | "swarm" | "rng">, overrides: Partial<DiskOptions> | undefined): DiskOptions {
  const base = diskOptions(ctx.faultLevel);
  return withDiskOverrides(ctx.swarm ? swarmDiskOptions(ctx.rng("swarm/disk"), base) : base, overrides);
}

/** `base` with `overrides` applied; throws an Error naming the first field that is not valid. */
export function withDiskOverrides(base: DiskOptions, overrides: Partial<DiskOptions> | undefined): DiskOptions {
  if (overrides === undefined) return base;
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) throw new Error(`disk options must be an object of option -> value, got ${brief(overrides)}`);
  const unknown = Object.keys(overrides).find((k) => !KNOWN.includes(k));
  if (unknown !== undefined) throw new Error(`disk.${unknown} is not a disk option (known: ${KNOWN.join(", ")})`);
  const merged: Record<string, unknown> = { ...base };
  // A field given as undefined keeps the base value (as if left out).
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  for (const f of PROBABILITIES) {
    const v = merged[f];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new Error(`disk.${f} must be a probability in [0, 1], got ${brief(v)}`);
  }
  for (const f of LATENCIES_MS) {
    const v = merged[f];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0 || v > MS_MAX) throw new Error(`disk.${f} must be an integer number of ms from 0 to ${MS_MAX}, got ${brief(v)}`);
  }
  return Object.freeze(merged as unknown as DiskOptions);
}
