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
  /** Smallest simulated think time after a step, in ms (default: the target's `thinkMs.min`, else 0). */
  readonly thinkMsMin?: number | undefined;
  /** Largest simulated think time after a step, in ms (default: the target's `thinkMs.max`, else 5). */
  readonly thinkMsMax?: number | undefined;
  /**
   * Simulated ms the liveness phase may run after the last op (default: the target's
   * `livenessMsMax`, else 60,000); 0 skips the phase (the run goes straight to `finish()`).
   */
  readonly livenessMsMax?: number | undefined;
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
  readonly thinkMsMin: number;
  readonly thinkMsMax: number;
  readonly livenessMsMax: number;
  readonly swarm: boolean;
  readonly weights?: Readonly<Record<string, number>>;
}

export const DEFAULT_OPS = 500;
/**
 * The fault level when none is given: stormy, the standard sweep of the source design (100 seeds x
 * 500 ops, background faults on). Sunny (no background fault) is the single-seed sanity check.
 */
export const DEFAULT_FAULT_LEVEL: FaultLevel = "stormy";
/** Think time after each step when neither the target nor the options say otherwise: 0..5 ms. */
export const DEFAULT_THINK_MS_MIN = 0;
export const DEFAULT_THINK_MS_MAX = 5;
/** The liveness phase's budget when neither the target nor the options say otherwise: one simulated minute. */
export const DEFAULT_LIVENESS_MS_MAX = 60_000;
/** Largest think time or liveness budget accepted, in ms (about 24.8 simulated days). */
export const SIM_MS_MAX = 2 ** 31 - 1;

/** The timing defaults of a target: its declared think-time range and liveness budget, else simctl's. */
export function timingDefaults(target: Pick<Target<unknown>, "thinkMs" | "livenessMsMax">): { thinkMsMin: number; thinkMsMax: number; livenessMsMax: number } {
  return {
    thinkMsMin: target.thinkMs?.min ?? DEFAULT_THINK_MS_MIN,
    thinkMsMax: target.thinkMs?.max ?? DEFAULT_THINK_MS_MAX,
    livenessMsMax: target.livenessMsMax ?? DEFAULT_LIVENESS_MS_MAX,
  };
}

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
  const defaults = timingDefaults(target);
  const thinkMsMin = checkMs(options.thinkMsMin ?? defaults.thinkMsMin, "thinkMsMin (the shortest think time)");
  const thinkMsMax = checkMs(options.thinkMsMax ?? defaults.thinkMsMax, "thinkMsMax (the longest think time)");
  if (thinkMsMin > thinkMsMax) throw new InputError(`the think time range ${thinkMsMin}..${thinkMsMax} ms is empty: its minimum is above its maximum`);
  const livenessMsMax = checkMs(options.livenessMsMax ?? defaults.livenessMsMax, "livenessMsMax (the liveness phase's budget)");
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
    thinkMsMin,
    thinkMsMax,
    livenessMsMax,
    swarm: options.swarm ?? false,
    ...(weights !== undefined && Object.keys(weights).length > 0 ? { weights: { ...weights } } : {}),
  };
}

function checkMs(ms: number, what: string): number {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > SIM_MS_MAX) throw new InputError(`${what} must be an integer number of ms from 0 to ${SIM_MS_MAX}, got ${ms}`);
  return ms;
}

/**
 * A think-time range as given on the command line: `MIN..MAX` or a single `N` (= `N..N`), in
 * integer simulated ms.
 */
export function parseThinkRange(text: string, what = "--think-ms"): { min: number; max: number } {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(text);
  if (m === null) throw new InputError(`${what} takes MIN..MAX or N in integer ms (like 0..50), got '${text}'`);
  const min = Number(m[1]);
  const max = m[2] !== undefined ? Number(m[2]) : min;
  checkMs(min, `${what}'s minimum`);
  checkMs(max, `${what}'s maximum`);
  if (min > max) throw new InputError(`${what} ${text.trim()} is an empty range: its minimum is above its maximum`);
  return { min, max };
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
