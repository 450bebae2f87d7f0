/**
 * The built-in async driver contracts (the seed's `*_async_driver` and `supported_drivers`): one
 * per driver class, with numbers close to what each provider's client ships with or documents, so
 * the simulation exercises realistic queueing and retry schedules. Every one is `valid`, and the
 * set is consistent and has telemetry parity (test/targets/async-driver/contract.test.ts).
 *
 * The simulation relies on two ranges: request timeouts from 500 to 5000 ms, backoffs from 10 to
 * 2000 ms. Keep new drivers inside them.
 */
import { DRIVER_CAPABILITIES, type DriverCapability, type DriverContract, type TelemetryProfile } from "./contract.js";

/** What every built-in driver does: never blocks the caller, bounds its work, reports timeouts and retries. */
const CORE: readonly DriverCapability[] = ["non-blocking-execute", "bounded-concurrency", "timeout-telemetry", "retry-telemetry"];

/** The metric names of the shared convention (see `timeoutRetryTelemetryParity`) under `prefix`. */
function metricsUnder(prefix: string): TelemetryProfile {
  return {
    timeoutMetric: `${prefix}.timeouts`,
    retryMetric: `${prefix}.retries`,
    latencyMetric: `${prefix}.latency_ms`,
    inFlightMetric: `${prefix}.in_flight`,
  };
}

/**
 * node-postgres behind a pool: 16 connections (a small multiple of the server's cores is the
 * usual pool size), short OLTP requests, three attempts with a short backoff. Writes retry safely
 * only with an idempotency key (INSERT ... ON CONFLICT DO NOTHING), hence `idempotent-write`.
 */
export function postgresAsyncDriver(): DriverContract {
  return {
    name: "postgres-async",
    class: "relational",
    providerModule: "pg",
    maxInFlight: 16,
    maxQueueDepth: 256,
    timeoutPolicy: { connectMs: 2_000, requestMs: 1_000, idleMs: 30_000 },
    retryPolicy: { maxAttempts: 3, baseBackoffMs: 25, maxBackoffMs: 400, jitterPercent: 20 },
    telemetry: metricsUnder("driver.postgres"),
    capabilities: [...CORE, "batch-read", "idempotent-write", "mixed-latency-tolerance"],
    supportTier: "tier-1",
    tuningGuide: "postgres-async-tuning.md",
  };
}

/**
 * The ClickHouse client: few large inserts and long analytic reads, so fewer slots, a shallow
 * queue and the longest request timeout. Retried inserts are deduplicated by ClickHouse's insert
 * deduplication token. Not `mixed-latency-tolerance`: it is tuned for heavy data.
 */
export function clickhouseAsyncDriver(): DriverContract {
  return {
    name: "clickhouse-async",
    class: "columnar",
    providerModule: "@clickhouse/client",
    maxInFlight: 8,
    maxQueueDepth: 64,
    timeoutPolicy: { connectMs: 3_000, requestMs: 5_000, idleMs: 60_000 },
    retryPolicy: { maxAttempts: 3, baseBackoffMs: 100, maxBackoffMs: 1_600, jitterPercent: 25 },
    telemetry: metricsUnder("driver.clickhouse"),
    capabilities: [...CORE, "batch-read", "batch-write", "idempotent-write"],
    supportTier: "tier-1",
    tuningGuide: "clickhouse-async-tuning.md",
  };
}

/**
 * KafkaJS: an idempotent producer keeps at most 5 requests in flight (more and the broker cannot
 * keep their order), a send buffer of 200 requests, KafkaJS's 1 s connection timeout and its default five
 * retries (six attempts) with 20% jitter; connections idle for Kafka's default 9 minutes. A
 * consumer resumes from its committed offset (`checkpoint-resume`).
 */
export function kafkaAsyncDriver(): DriverContract {
  return {
    name: "kafka-async",
    class: "stream",
    providerModule: "kafkajs",
    maxInFlight: 5,
    maxQueueDepth: 200,
    timeoutPolicy: { connectMs: 1_000, requestMs: 3_000, idleMs: 540_000 },
    retryPolicy: { maxAttempts: 6, baseBackoffMs: 100, maxBackoffMs: 2_000, jitterPercent: 20 },
    telemetry: metricsUnder("driver.kafka"),
    capabilities: [...DRIVER_CAPABILITIES], // all of them
    supportTier: "tier-1",
    tuningGuide: "kafka-async-tuning.md",
  };
}

/**
 * The AWS SDK's S3 client: object stores scale with parallelism (the SDK's HTTP agent allows 50
 * sockets), so many slots and a deep queue; long timeouts for large objects; the SDK's standard
 * mode of three attempts, with wide jitter. A PUT of one key is idempotent.
 */
export function objectStoreAsyncDriver(): DriverContract {
  return {
    name: "object-store-async",
    class: "object-store",
    providerModule: "@aws-sdk/client-s3",
    maxInFlight: 64,
    maxQueueDepth: 2_048,
    timeoutPolicy: { connectMs: 3_000, requestMs: 5_000, idleMs: 60_000 },
    retryPolicy: { maxAttempts: 3, baseBackoffMs: 100, maxBackoffMs: 2_000, jitterPercent: 50 },
    telemetry: metricsUnder("driver.s3"),
    capabilities: [...CORE, "batch-read", "batch-write", "idempotent-write", "mixed-latency-tolerance"],
    supportTier: "tier-2",
    tuningGuide: "object-store-async-tuning.md",
  };
}

/** Every built-in driver, one per class, in a fixed order. */
export function supportedDrivers(): DriverContract[] {
  return [postgresAsyncDriver(), clickhouseAsyncDriver(), kafkaAsyncDriver(), objectStoreAsyncDriver()];
}
