/**
 * The built-in driver (the system under test), one per run, following its contract:
 *
 * - `execute` starts a request while fewer than maxInFlight are active, queues it while fewer
 *   than maxQueueDepth wait, and refuses it with backpressure otherwise;
 * - an active request takes a pooled connection and makes up to maxAttempts attempts, each bounded
 *   by requestMs, with jittered exponential backoff between them (keeping its connection);
 * - a write carries one idempotency key for all its attempts (when the contract promises
 *   idempotent writes), so the service applies it once;
 * - `consume` reads the stream from the consumer's checkpoint and moves the checkpoint past what
 *   it delivered; after a session reset it resumes at the checkpoint;
 * - telemetry: every timed-out attempt and every retry counted, every completion's latency
 *   observed, the in-flight gauge set as attempts start and end.
 */
import type { Rng } from "../../../index.js";
import { driverBugs, type DriverBugs } from "../bugs.js";
import type { DriverHost } from "../host.js";
import { isWrite, type DriverError, type DriverRequest, type DriverResult, type WireRequest } from "../model.js";
import { backoffMs } from "./backoff.js";
import type { AsyncDriver, DriverFactory } from "./driver.js";
import { Pool } from "./pool.js";

interface Waiting {
  readonly request: DriverRequest;
  readonly done: (result: DriverResult) => void;
}

export class ReferenceDriver implements AsyncDriver {
  readonly #bugs: DriverBugs;
  readonly #pool: Pool;
  readonly #queue: Waiting[] = [];
  #active = 0;
  #onWire = 0;
  /** The stream offset the consumer has been given everything before. */
  #checkpoint = 0;

  constructor(readonly host: DriverHost) {
    this.#bugs = driverBugs(host.bug);
    this.#pool = new Pool(host);
  }

  execute(request: DriverRequest): Promise<DriverResult> {
    const c = this.host.contract;
    if (this.#active < c.maxInFlight) return this.#start(request);
    if (this.#queue.length >= c.maxQueueDepth && !this.#bugs.unboundedQueue) {
      this.host.telemetry.observe(c.telemetry.latencyMetric, 0);
      return Promise.resolve({ ok: false, error: "backpressure" });
    }
    return new Promise((done) => this.#queue.push({ request, done }));
  }

  async #start(request: DriverRequest): Promise<DriverResult> {
    const { host } = this;
    this.#active++;
    const startedMs = host.nowMs();
    try {
      return await this.#attempts(request);
    } finally {
      host.telemetry.observe(host.contract.telemetry.latencyMetric, host.nowMs() - startedMs);
      this.#active--;
      const next = this.#queue.shift();
      if (next !== undefined) void this.#start(next.request).then(next.done);
    }
  }

  async #attempts(request: DriverRequest): Promise<DriverResult> {
    const { host } = this;
    const { retryPolicy, telemetry } = host.contract;
    const last = this.#bugs.retryPastMax ? retryPolicy.maxAttempts + 1 : retryPolicy.maxAttempts;
    let error: DriverError = "unavailable";
    let resume = false;
    let sent = 0;
    let jitter: Rng | undefined;
    for (let attempt = 1; attempt <= last; attempt++) {
      const conn = await this.#pool.acquire();
      if (typeof conn === "number") {
        // A retry is an attempt sent after the first (a refused connection sends nothing).
        if (sent++ > 0) host.telemetry.count(telemetry.retryMetric);
        const answer = await this.#send(conn, this.#wire(request, attempt, resume));
        this.#pool.release(conn);
        if (answer === "timeout") {
          error = "timeout";
          if (!this.#bugs.uncountedTimeout) host.telemetry.count(telemetry.timeoutMetric);
        } else if (answer.t === "ok") {
          return this.#delivered(request, answer.records);
        } else {
          error = "unavailable";
          resume = answer.t === "session-reset";
        }
      } else {
        error = conn === "timeout" ? "timeout" : "unavailable";
      }
      if (attempt === last) break;
      jitter ??= this.#bugs.noJitter ? undefined : host.rng(`jitter/${request.id}`);
      await host.sleep(backoffMs(retryPolicy, attempt, jitter));
    }
    // ok-after-timeout: "the write probably went through".
    if (error === "timeout" && isWrite(request.kind) && this.#bugs.okAfterTimeout) return { ok: true };
    return { ok: false, error };
  }

  async #send(conn: number, wire: WireRequest): ReturnType<DriverHost["request"]> {
    const { host } = this;
    const gauge = host.contract.telemetry.inFlightMetric;
    host.telemetry.gauge(gauge, ++this.#onWire);
    const answer = await host.request(conn, wire, host.contract.timeoutPolicy.requestMs);
    host.telemetry.gauge(gauge, --this.#onWire);
    return answer;
  }

  #wire(request: DriverRequest, attempt: number, resume: boolean): WireRequest {
    const idempotent = isWrite(request.kind) && this.host.contract.capabilities.includes("idempotent-write");
    const key = !idempotent ? undefined : this.#bugs.keyPerAttempt ? `${request.id}/${attempt}` : `${request.id}`;
    // resume-skips-checkpoint: "the checkpoint is the last record consumed", off by one.
    const offset = request.kind !== "consume" ? undefined : this.#checkpoint + (resume && this.#bugs.resumeSkips ? 1 : 0);
    return { id: request.id, kind: request.kind, key: request.key, rows: request.rows, idempotencyKey: key, offset };
  }

  #delivered(request: DriverRequest, records: readonly number[] | undefined): DriverResult {
    if (request.kind !== "consume" || records === undefined) return { ok: true };
    if (records.length > 0) this.#checkpoint = records[records.length - 1]! + 1;
    return { ok: true, records };
  }
}

/** The built-in driver, with the run's planted bug switched on. */
export const referenceDriver: DriverFactory = (host) => new ReferenceDriver(host);
