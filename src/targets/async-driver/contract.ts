/**
 * Async driver contracts (the seed `integration/async_driver`): what an enterprise async database
 * driver promises about concurrency, queueing, timeouts, retries and telemetry. Types, labels and
 * the rules a contract must keep (`valid`); the built-in contracts are in drivers.ts.
 */

export const DRIVER_CLASSES = ["relational", "columnar", "stream", "object-store"] as const;
export type DriverClass = (typeof DRIVER_CLASSES)[number];

export const DRIVER_CAPABILITIES = [
  "non-blocking-execute",
  "bounded-concurrency",
  "timeout-telemetry",
  "retry-telemetry",
  "batch-read",
  "batch-write",
  "checkpoint-resume",
  "idempotent-write",
  "mixed-latency-tolerance",
] as const;
export type DriverCapability = (typeof DRIVER_CAPABILITIES)[number];

export const BENCHMARK_PROFILES = ["heavy-data", "mixed-latency"] as const;
export type BenchmarkProfile = (typeof BENCHMARK_PROFILES)[number];

/** Timeouts, in ms. */
export interface TimeoutPolicy {
  /** Opening a connection. */
  readonly connectMs: number;
  /** One attempt of one request, from send to answer. */
  readonly requestMs: number;
  /** A pooled connection unused this long is closed. */
  readonly idleMs: number;
}

/** Retries: attempt n+1 waits min(maxBackoffMs, baseBackoffMs * 2^(n-1)), plus or minus jitterPercent of it. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1: no retry). */
  readonly maxAttempts: number;
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** 0..100. */
  readonly jitterPercent: number;
}

/** The metric names a driver reports under. */
export interface TelemetryProfile {
  /** Counter: attempts that timed out. */
  readonly timeoutMetric: string;
  /** Counter: retries sent (attempts after the first). */
  readonly retryMetric: string;
  /** Histogram: request latency, ms. */
  readonly latencyMetric: string;
  /** Gauge: requests in flight now. */
  readonly inFlightMetric: string;
}

export interface DriverContract {
  readonly name: string;
  readonly class: DriverClass;
  /** The package that provides the driver (e.g. "pg", "@clickhouse/client"). */
  readonly providerModule: string;
  /** Most requests on the wire at once. */
  readonly maxInFlight: number;
  /** Most requests waiting for a slot; one more is refused at once (backpressure). */
  readonly maxQueueDepth: number;
  readonly timeoutPolicy: TimeoutPolicy;
  readonly retryPolicy: RetryPolicy;
  readonly telemetry: TelemetryProfile;
  readonly capabilities: readonly DriverCapability[];
  /** e.g. "tier-1", "community". */
  readonly supportTier: string;
  /** Where the driver's tuning guide is (a file name or URL). */
  readonly tuningGuide: string;
}

/** One rule a contract breaks: the field, and why. */
export interface ContractProblem {
  readonly field: string;
  readonly reason: string;
}
