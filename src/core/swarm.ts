/**
 * Swarm testing (Groce et al.; TigerBeetle's VOPR): each seed switches off a random subset of op
 * kinds and fault kinds and reweights the rest, so that across a sweep some runs hammer a narrow
 * mix that a fixed table would almost never produce (only writes and reads, no releases; commit
 * failures but no delays). Every choice is drawn from the seed's own `swarm/*` streams, so it
 * replays, and it is reported with the run.
 */
import type { Rng } from "./rng.js";
import type { Weights } from "./weights.js";

/** How aggressive the swarm draw is. */
export interface SwarmOptions {
  /** Probability that an op kind is switched off for the run. */
  readonly opOffProbability: number;
  /** Probability that a fault kind is switched off for the run. */
  readonly faultOffProbability: number;
  /** A kept op's weight is scaled by 2^u, u uniform in [-scaleLog2Max, scaleLog2Max]. */
  readonly scaleLog2Max: number;
}

export const SWARM_DEFAULTS: SwarmOptions = { opOffProbability: 0.3, faultOffProbability: 0.3, scaleLog2Max: 2 };

/** What a swarm draw chose for one run; printed with violations and kept in replay files. */
export interface SwarmChoice {
  readonly disabledFaults: readonly string[];
  /** The op weights the workload ran with, once the target asked for them. */
  readonly weights?: Readonly<Record<string, number>>;
}

/** The fault kinds to switch off, in declaration order. */
export function swarmFaults(rng: Rng, kinds: readonly string[], options: SwarmOptions = SWARM_DEFAULTS): string[] {
  return kinds.filter(() => rng.chance(options.faultOffProbability));
}

/** Reweight a table: switch kinds off and scale the rest; at least one kind always stays on. */
export function swarmWeights<K extends string>(rng: Rng, weights: Weights<K>, options: SwarmOptions = SWARM_DEFAULTS): Weights<K> {
  const keys = (Object.keys(weights) as K[]).filter((k) => weights[k] > 0);
  const keep = rng.int(keys.length);
  const out = { ...weights } as Record<K, number>;
  keys.forEach((key, i) => {
    const off = i !== keep && rng.chance(options.opOffProbability);
    const scale = 2 ** ((rng.float() * 2 - 1) * options.scaleLog2Max);
    out[key] = off ? 0 : Math.max(1, Math.round(weights[key] * scale));
  });
  return out;
}
