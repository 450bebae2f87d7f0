/**
 * The options of a run, and their validation against a target. A run is a pure function of
 * (target, seed, these options); they are stored verbatim in replay files and reports.
 */
import { InputError } from "./errors.js";
import type { FaultLevel } from "./faults.js";
import { isFaultLevel } from "./faults.js";
import { isValidSeed } from "./rng.js";
import type { Target } from "./target.js";

export interface RunOptions {
  /** Steps to generate. */
  readonly ops: number;
  readonly faultLevel: FaultLevel;
  /** Workload name; the target's first workload when omitted. */
  readonly workload?: string | undefined;
  /** Planted bug to enable, or null. */
  readonly bug?: string | null | undefined;
  /** Continue after the first violation. */
  readonly keepGoing?: boolean | undefined;
  /** Largest simulated think time between two steps, in ms. */
  readonly thinkMsMax?: number | undefined;
  /** Swarm testing: each seed switches off and reweights op and fault kinds (see swarm.ts). */
  readonly swarm?: boolean | undefined;
  /** Op weight overrides by op kind (a scenario's `weights`); other kinds keep the workload's. */
  readonly weights?: Readonly<Record<string, number>> | undefined;
}

/** Options with every default filled in, as stored in reports and replay files. */
export interface ResolvedOptions {
  readonly ops: number;
  readonly faultLevel: FaultLevel;
  readonly workload: string;
  readonly bug: string | null;
  readonly keepGoing: boolean;
  readonly thinkMsMax: number;
  readonly swarm: boolean;
  readonly weights?: Readonly<Record<string, number>>;
}

export const DEFAULT_OPS = 500;
export const DEFAULT_THINK_MS_MAX = 5;

/** Fill defaults and reject anything the target does not know, naming it. */
export function resolveOptions(target: Target<unknown>, options: RunOptions): ResolvedOptions {
  const workload = options.workload ?? target.defaultWorkload;
  if (!Object.hasOwn(target.workloads, workload)) {
    throw new InputError(`unknown workload '${workload}' for target '${target.name}' (known: ${Object.keys(target.workloads).join(", ")})`);
  }
  const bug = options.bug ?? null;
  if (bug !== null && !Object.hasOwn(target.bugs, bug)) {
    throw new InputError(`unknown bug '${bug}' for target '${target.name}' (known: ${Object.keys(target.bugs).join(", ")})`);
  }
  if (!isFaultLevel(options.faultLevel)) throw new InputError(`unknown fault level '${String(options.faultLevel)}'`);
  if (!Number.isSafeInteger(options.ops) || options.ops < 1) throw new InputError(`ops must be a positive integer, got ${options.ops}`);
  const thinkMsMax = options.thinkMsMax ?? DEFAULT_THINK_MS_MAX;
  if (!Number.isSafeInteger(thinkMsMax) || thinkMsMax < 0) throw new InputError(`thinkMsMax must be an integer >= 0`);
  const weights = options.weights;
  if (weights !== undefined) {
    for (const [kind, w] of Object.entries(weights)) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new InputError(`weight of op kind '${kind}' must be a finite number >= 0`);
    }
  }
  return {
    ops: options.ops,
    faultLevel: options.faultLevel,
    workload,
    bug,
    keepGoing: options.keepGoing ?? false,
    thinkMsMax,
    swarm: options.swarm ?? false,
    ...(weights !== undefined && Object.keys(weights).length > 0 ? { weights: { ...weights } } : {}),
  };
}

/**
 * A parsed `weights` table with the raw JSON's own `"__proto__"` key put back. A schema builds
 * its output by assignment, and assigning `"__proto__"` sets the prototype instead of adding a key,
 * so an override for it would vanish silently; put back as an own key, it is rejected like any
 * other name that is not an op kind (`"constructor"`, `"toString"`).
 */
export function keepProtoKey(raw: unknown, parsed: Readonly<Record<string, number>> | undefined): Readonly<Record<string, number>> | undefined {
  if (raw === null || typeof raw !== "object" || !Object.hasOwn(raw, "__proto__")) return parsed;
  const out: Record<string, number> = { ...parsed };
  Object.defineProperty(out, "__proto__", { value: (raw as Record<string, unknown>)["__proto__"], enumerable: true, writable: true, configurable: true });
  return out;
}

/** Parse a seed given as text: a decimal integer 0..2^53-1. */
export function parseSeed(text: string, what = "seed"): number {
  if (!/^\d+$/.test(text.trim())) throw new InputError(`${what} must be an integer from 0 to 2^53-1, got '${text}'`);
  const seed = Number(text.trim());
  if (!isValidSeed(seed)) throw new InputError(`${what} must be an integer from 0 to 2^53-1, got '${text}'`);
  return seed;
}
