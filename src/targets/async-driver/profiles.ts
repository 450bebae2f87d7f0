/**
 * The database service's behaviour under each benchmark profile: one options object on top (every
 * fault probability zero in SERVICE_QUIET), filled in by the profile and redrawn per seed with
 * --swarm. A request's healthy service time is `baseMs + rows * perRowMs` plus up to `jitterMs`;
 * on top of it a request may be slow (the second mode of a bimodal latency), hit a tail spike
 * (longer than any request timeout: it times out), fail transiently, or reset a stream session;
 * a connection may be refused. Every slow request, spike, failure, reset and refusal is a
 * recorded fault decision, so replays and the shrinker see them.
 *
 * `heavy-data` is throughput-bound: big batches whose service time grows with their rows, few
 * errors. `mixed-latency` is small requests with a slow mode, tail spikes and transient errors.
 */
import type { Rng } from "../../index.js";
import type { BenchmarkProfile } from "./contract.js";

export interface ServiceOptions {
  /** Service time of any request, ms. */
  readonly baseMs: number;
  /** Added per row of a batch (or record of a consume), ms. */
  readonly perRowMs: number;
  /** Up to this much more, uniformly, ms. */
  readonly jitterMs: number;
  /** Probability that a request is in the slow mode. */
  readonly slow: number;
  readonly slowMinMs: number;
  readonly slowMaxMs: number;
  /** Probability of a tail spike. */
  readonly spike: number;
  readonly spikeMinMs: number;
  readonly spikeMaxMs: number;
  /** Probability that a request fails transiently (nothing happens). */
  readonly error: number;
  /** Probability that a consume finds its stream session reset. */
  readonly reset: number;
  /** Service time of a connection handshake, ms. */
  readonly connectMs: number;
  /** Probability that a connection is refused. */
  readonly connectFail: number;
  /** Rows of a batch request: least and most. */
  readonly batchRowsMin: number;
  readonly batchRowsMax: number;
}

export const SERVICE_QUIET: ServiceOptions = Object.freeze({
  baseMs: 2,
  perRowMs: 0.05,
  jitterMs: 5,
  slow: 0,
  slowMinMs: 40,
  slowMaxMs: 200,
  spike: 0,
  spikeMinMs: 1000,
  spikeMaxMs: 4000,
  error: 0,
  reset: 0,
  connectMs: 3,
  connectFail: 0,
  batchRowsMin: 10,
  batchRowsMax: 100,
});

const PROFILES: Record<BenchmarkProfile, ServiceOptions> = {
  // Bulk loads and scans: 500-5000 rows a batch at 0.04 ms a row; 1 request in 20 slow, 1 in 400 spikes.
  "heavy-data": Object.freeze({ ...SERVICE_QUIET, baseMs: 5, perRowMs: 0.04, jitterMs: 10, slow: 0.05, slowMinMs: 100, slowMaxMs: 300, spike: 0.0025, error: 0.005, reset: 0.08, connectMs: 5, connectFail: 0.01, batchRowsMin: 500, batchRowsMax: 5000 }),
  // OLTP-like: small requests, 15% in a 40-200 ms slow mode, 2% spikes past any timeout, 2% transient errors.
  "mixed-latency": Object.freeze({ ...SERVICE_QUIET, baseMs: 2, perRowMs: 0.1, jitterMs: 8, slow: 0.15, spike: 0.02, spikeMinMs: 1500, spikeMaxMs: 6000, error: 0.02, reset: 0.1, connectFail: 0.02, batchRowsMin: 5, batchRowsMax: 50 }),
};

export function serviceOptions(profile: BenchmarkProfile): ServiceOptions {
  return PROFILES[profile];
}

/** Swarm: each probability drawn in [0, 2 x the profile's]. */
export function swarmService(rng: Rng, base: ServiceOptions): ServiceOptions {
  const scale = (p: number): number => (p === 0 ? 0 : Math.min(1, rng.float() * 2 * p));
  return Object.freeze({ ...base, slow: scale(base.slow), spike: scale(base.spike), error: scale(base.error), reset: scale(base.reset), connectFail: scale(base.connectFail) });
}

/**
 * The load a benchmark offers: the application's think time between requests, ms. Open loop: the
 * next request comes when its time comes, whether the last one finished or not. About 100
 * requests a second for both: past what the smaller pools serve in heavy-data, so its throughput
 * is the driver's, not the load's.
 */
export const BENCH_THINK_MS: Readonly<Record<BenchmarkProfile, { readonly min: number; readonly max: number }>> = {
  "heavy-data": { min: 0, max: 20 },
  "mixed-latency": { min: 0, max: 20 },
};
