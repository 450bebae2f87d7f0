/**
 * Dependency pressure: the fault model of the backend's own store, one options object on top
 * (every probability zero in PRESSURE_QUIET), filled in by a pressure profile and redrawn per
 * seed with --swarm. `dependency-degraded` makes the store slow and makes it fail requests;
 * `dependency-partitioned` cuts it off from one server at a time for seconds (the server can
 * neither renew a lease nor commit, so a primary behind the cut loses its lease while it still
 * runs). Every slow request, failure and cut is a recorded fault decision, so replays and the
 * shrinker see them; in the liveness phase draws return nothing and the store is healthy.
 */
import type { Rng, RunContext } from "../../../index.js";
import type { PressureProfile } from "../contract.js";
import { SERVERS } from "../model.js";

export interface PressureOptions {
  /** Probability that a request waits extra before the store serves it. */
  readonly slow: number;
  /** Least and most extra wait of a slow request, ms. */
  readonly slowMinMs: number;
  readonly slowMaxMs: number;
  /** Probability that a request is answered "unavailable" without effect. */
  readonly fail: number;
  /** Probability, per step, that a server's path to the store is cut. */
  readonly cut: number;
  /** Least and most length of a cut, ms. */
  readonly cutMinMs: number;
  readonly cutMaxMs: number;
}

export const PRESSURE_QUIET: PressureOptions = Object.freeze({ slow: 0, slowMinMs: 20, slowMaxMs: 400, fail: 0, cut: 0, cutMinMs: 500, cutMaxMs: 4000 });

const PROFILES: Record<PressureProfile, PressureOptions> = {
  nominal: PRESSURE_QUIET,
  // A store under load: a third of the requests queue for up to 400 ms, one in twenty fails.
  "dependency-degraded": Object.freeze({ ...PRESSURE_QUIET, slow: 0.3, slowMinMs: 50, slowMaxMs: 400, fail: 0.05 }),
  // A flaky path: about once every 15 steps one server loses the store for 0.5-4 s; a little lag.
  "dependency-partitioned": Object.freeze({ ...PRESSURE_QUIET, slow: 0.1, slowMinMs: 20, slowMaxMs: 100, cut: 0.07 }),
};

export function pressureOptions(profile: PressureProfile): PressureOptions {
  return PROFILES[profile];
}

/** Swarm: each rate drawn in [0, 2 x the profile's], so some seeds are calm and some harsh. */
export function swarmPressure(rng: Rng, base: PressureOptions): PressureOptions {
  const scale = (p: number): number => (p === 0 ? 0 : Math.min(1, rng.float() * 2 * p));
  return Object.freeze({ ...base, slow: scale(base.slow), fail: scale(base.fail), cut: scale(base.cut) });
}

/** Granularity of a cut's recorded value: server index x CUT_STEPS + a share of the length range. */
const CUT_STEPS = 1000;

export class Pressure {
  readonly #slow: number;
  readonly #fail: number;
  readonly #cut: number;
  /** Until when each server's path to the store is cut (index = server id). */
  readonly #cutUntilMs = new Float64Array(SERVERS + 1);

  constructor(
    readonly ctx: RunContext,
    readonly options: PressureOptions,
  ) {
    this.#slow = ctx.faultKind("dependency.slow");
    this.#fail = ctx.faultKind("dependency.fail");
    this.#cut = ctx.faultKind("dependency.cut");
  }

  /** Extra wait of one request, ms (0: none). */
  extraMs(): number {
    const o = this.options;
    return this.ctx.faults.draw(this.#slow, o.slow, o.slowMinMs, o.slowMaxMs) ?? 0;
  }

  /** True when this request fails. */
  fails(): boolean {
    return this.ctx.faults.draw(this.#fail, this.options.fail) !== null;
  }

  /** Once a step: maybe cut one server off the store. Returns [server, ms] of a new cut, or undefined. */
  tick(): readonly [number, number] | undefined {
    const o = this.options;
    const v = this.ctx.faults.draw(this.#cut, o.cut, 0, SERVERS * CUT_STEPS - 1);
    if (v === null) return undefined;
    const server = 1 + Math.floor(v / CUT_STEPS);
    const ms = o.cutMinMs + Math.round(((v % CUT_STEPS) / (CUT_STEPS - 1)) * (o.cutMaxMs - o.cutMinMs));
    this.cutOff(server, ms);
    return [server, ms];
  }

  /** Cut `server` off the store for `ms` (a fault op's partition uses this too). */
  cutOff(server: number, ms: number): void {
    this.#cutUntilMs[server] = Math.max(this.#cutUntilMs[server]!, this.ctx.nowMs() + ms);
  }

  isCut(server: number): boolean {
    return this.ctx.nowMs() < this.#cutUntilMs[server]!;
  }

  /** End every cut (heal). */
  heal(): void {
    this.#cutUntilMs.fill(0);
  }
}
