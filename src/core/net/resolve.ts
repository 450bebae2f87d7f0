/**
 * The network options a cluster runs with: the level's, redrawn per seed with `--swarm`, then a
 * target's overrides, checked field by field. Overrides come from a target's code, so a mistake
 * is thrown as an Error naming the field (the run reports it as the target's exception).
 */
import { brief } from "../boundary.js";
import type { RunContext } from "../target.js";
import { networkOptions, swarmNetworkOptions } from "./options.js";
import type { NetworkOptions, PartitionMode, PartitionSymmetry } from "./types.js";

const PROBABILITIES = ["loss", "duplicate", "reorder", "clog", "partition", "unpartition", "pause", "crash"] as const;
const DURATIONS_MS = ["delayMinMs", "delayMeanMs", "reorderMaxMs", "clogMeanMs", "partitionStabilityMs", "pauseMeanMs", "restartMeanMs"] as const;
const COUNTS = ["pathCapacity", "maxDown"] as const;
const MODES: readonly PartitionMode[] = ["isolate-one", "random-split"];
const SYMMETRIES: readonly PartitionSymmetry[] = ["symmetric", "one-way"];
const KNOWN: readonly string[] = [...PROBABILITIES, ...DURATIONS_MS, ...COUNTS, "partitionModes", "partitionSymmetries"];
/** Largest duration or count accepted (about 24.8 simulated days, as the kernel's think times). */
const INT_MAX = 2 ** 31 - 1;

/** The options of a cluster of `nodes` in the run of `ctx`, with `overrides` applied and checked. */
export function clusterNetworkOptions(ctx: Pick<RunContext, "faultLevel" | "swarm" | "rng">, nodes: number, overrides: Partial<NetworkOptions> | undefined): NetworkOptions {
  let base = networkOptions(ctx.faultLevel, nodes);
  if (ctx.swarm) base = swarmNetworkOptions(ctx.rng("swarm/net"), base);
  return withOverrides(base, overrides);
}

/** `base` with `overrides` applied; throws an Error naming the first field that is not valid. */
export function withOverrides(base: NetworkOptions, overrides: Partial<NetworkOptions> | undefined): NetworkOptions {
  if (overrides === undefined) return base;
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) throw new Error(`network options must be an object of option -> value, got ${brief(overrides)}`);
  const unknown = Object.keys(overrides).find((k) => !KNOWN.includes(k));
  if (unknown !== undefined) throw new Error(`network.${unknown} is not a network option (known: ${KNOWN.join(", ")})`);
  // A field given as undefined keeps the base value (as if left out).
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const o: Record<string, unknown> = { ...base, ...given };
  for (const f of PROBABILITIES) {
    const v = o[f];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new Error(`network.${f} must be a probability in [0, 1], got ${brief(v)}`);
  }
  for (const f of [...DURATIONS_MS, ...COUNTS]) {
    const v = o[f];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0 || v > INT_MAX) throw new Error(`network.${f} must be an integer from 0 to ${INT_MAX}${f.endsWith("Ms") ? " (ms)" : ""}, got ${brief(v)}`);
  }
  return Object.freeze({
    ...(o as unknown as NetworkOptions),
    partitionModes: choices("partitionModes", o.partitionModes, MODES),
    partitionSymmetries: choices("partitionSymmetries", o.partitionSymmetries, SYMMETRIES),
  });
}

/** A non-empty list drawn from `allowed`, frozen. */
function choices<T extends string>(field: string, value: unknown, allowed: readonly T[]): readonly T[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`network.${field} must be a non-empty array of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${brief(value)}`);
  const bad: unknown = value.find((v: unknown) => !(allowed as readonly unknown[]).includes(v));
  if (bad !== undefined) throw new Error(`network.${field} has ${brief(bad)}, which is not one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  return Object.freeze([...(value as T[])]);
}

