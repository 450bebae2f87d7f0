/**
 * A user's own async database driver for the async-driver target: a MySQL-style driver written as
 * a closure, plugged in with
 *
 *   npx simctl sweep --target async-driver --impl ./examples/async-driver.ts --seeds 200
 *
 * The module's default export is a factory `(host) => AsyncDriver`; the target builds one per run
 * and the application calls its `execute` for every request. The factory declares the contract it
 * keeps (`factory.contract`, the shape of examples/driver-contract.json): the target checks it is
 * valid and then holds the driver to it, under invariants D1-D8 and DX, whatever the workload
 * (`--workload mixed-latency` or `heavy-data`). The types come from `simctl-dst/async-driver`.
 *
 * How it works:
 * - admission: a counting semaphore of maxInFlight slots with a FIFO of waiters behind it. A
 *   request that finds no free slot waits in the FIFO while it holds fewer than maxQueueDepth,
 *   and is refused with backpressure at once otherwise. A finishing request hands its slot
 *   straight to the oldest waiter, so a slot is never free while someone waits.
 * - a request holding a slot makes up to maxAttempts attempts: a connection from the idle list
 *   (least recently used first; one idle past idleMs is closed) or a new one, one request on it
 *   bounded by requestMs, then a backoff of base x 2^(n-1) capped at maxBackoffMs, spread by up
 *   to jitterPercent either way, before attempt n+1.
 * - writes carry one idempotency key for all their attempts; a consume reads from the checkpoint
 *   (the offset after the last record delivered) and resumes there after a session reset.
 * - telemetry under the contract's names: each timed-out attempt, each retry sent, one latency
 *   sample per request answered (a refusal too), the attempts on the wire as a gauge.
 */
import type { AsyncDriver, DriverContract, DriverFactory, DriverHost, DriverRequest, DriverResult, WireRequest } from "simctl-dst/async-driver";

export interface Options {
  /** Refuse with backpressure when the FIFO is full (default: true). */
  readonly backpressure?: boolean;
}

/** The contract this driver keeps: a valid relational contract (see `simctl drivers check`). */
export const MYSQL_ASYNC: DriverContract = {
  name: "mysql-async",
  class: "relational",
  providerModule: "mysql2",
  maxInFlight: 10,
  maxQueueDepth: 200,
  timeoutPolicy: { connectMs: 10_000, requestMs: 2_000, idleMs: 60_000 },
  retryPolicy: { maxAttempts: 4, baseBackoffMs: 50, maxBackoffMs: 800, jitterPercent: 30 },
  telemetry: {
    timeoutMetric: "driver.mysql.timeouts",
    retryMetric: "driver.mysql.retries",
    latencyMetric: "driver.mysql.latency_ms",
    inFlightMetric: "driver.mysql.in_flight",
  },
  capabilities: ["non-blocking-execute", "bounded-concurrency", "timeout-telemetry", "retry-telemetry", "batch-read", "idempotent-write", "mixed-latency-tolerance"],
  supportTier: "community",
  tuningGuide: "mysql-async-tuning.md",
};

/** A driver factory that declares the contract it keeps. */
export type DeclaredDriver = DriverFactory & { readonly contract: DriverContract };

export function semaphoreDriver(options: Options = {}): DeclaredDriver {
  const backpressure = options.backpressure ?? true;
  const factory = (host: DriverHost): AsyncDriver => {
    const c = host.contract;
    const metrics = c.telemetry;
    let freeSlots = c.maxInFlight;
    const waiters: (() => void)[] = [];
    const idle: { conn: number; since: number }[] = [];
    let onWire = 0;
    let checkpoint = 0;

    const acquireSlot = (): Promise<void> => {
      if (freeSlots > 0) {
        freeSlots--;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiters.push(resolve));
    };
    const releaseSlot = (): void => {
      const next = waiters.shift();
      if (next === undefined) freeSlots++;
      else next(); // the slot passes to the oldest waiter
    };

    const connection = (): Promise<number | "refused" | "timeout"> => {
      for (let pooled = idle.shift(); pooled !== undefined; pooled = idle.shift()) {
        if (host.nowMs() - pooled.since <= c.timeoutPolicy.idleMs) return Promise.resolve(pooled.conn);
        host.close(pooled.conn);
      }
      return host.connect(c.timeoutPolicy.connectMs);
    };

    const backoff = (request: DriverRequest, failed: number): number => {
      const { baseBackoffMs, maxBackoffMs, jitterPercent } = c.retryPolicy;
      const nominal = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (failed - 1));
      const u = host.rng(`mysql-backoff/${request.id}/${failed}`).float();
      const spread = (jitterPercent / 100) * (2 * u - 1);
      return Math.round(nominal * (1 + spread));
    };

    const wire = (request: DriverRequest): WireRequest => {
      const write = request.kind === "write" || request.kind === "batch-write";
      return {
        id: request.id,
        kind: request.kind,
        key: request.key,
        rows: request.rows,
        idempotencyKey: write && c.capabilities.includes("idempotent-write") ? `mysql-${request.id}` : undefined,
        offset: request.kind === "consume" ? checkpoint : undefined,
      };
    };

    const send = async (conn: number, body: WireRequest): ReturnType<DriverHost["request"]> => {
      host.telemetry.gauge(metrics.inFlightMetric, ++onWire);
      try {
        return await host.request(conn, body, c.timeoutPolicy.requestMs);
      } finally {
        host.telemetry.gauge(metrics.inFlightMetric, --onWire);
      }
    };

    const attempts = async (request: DriverRequest): Promise<DriverResult> => {
      let result: DriverResult = { ok: false, error: "unavailable" };
      let sent = 0;
      for (let attempt = 1; attempt <= c.retryPolicy.maxAttempts; attempt++) {
        if (attempt > 1) await host.sleep(backoff(request, attempt - 1));
        const conn = await connection();
        if (conn === "refused" || conn === "timeout") {
          result = { ok: false, error: conn === "timeout" ? "timeout" : "unavailable" };
          continue;
        }
        if (sent++ > 0) host.telemetry.count(metrics.retryMetric);
        const answer = await send(conn, wire(request));
        idle.push({ conn, since: host.nowMs() });
        if (answer === "timeout") {
          host.telemetry.count(metrics.timeoutMetric);
          result = { ok: false, error: "timeout" };
        } else if (answer.t === "ok") {
          if (request.kind !== "consume" || answer.records === undefined) return { ok: true };
          const last = answer.records[answer.records.length - 1];
          if (last !== undefined) checkpoint = last + 1;
          return { ok: true, records: answer.records };
        } else {
          // transient, or a session reset: the next attempt reads from the checkpoint again
          result = { ok: false, error: "unavailable" };
        }
      }
      return result;
    };

    const run = async (request: DriverRequest): Promise<DriverResult> => {
      const startedMs = host.nowMs();
      await acquireSlot();
      try {
        return await attempts(request);
      } finally {
        releaseSlot();
        host.telemetry.observe(metrics.latencyMetric, host.nowMs() - startedMs);
      }
    };

    return {
      execute(request) {
        if (backpressure && freeSlots === 0 && waiters.length >= c.maxQueueDepth) {
          host.telemetry.observe(metrics.latencyMetric, 0);
          return Promise.resolve({ ok: false, error: "backpressure" });
        }
        return run(request);
      },
    };
  };
  return Object.assign(factory, { contract: MYSQL_ASYNC });
}

export default semaphoreDriver();
