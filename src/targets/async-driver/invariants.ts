/**
 * The invariants of every run, judged from the wire (the host's attempts), the service's effects
 * and the application's view of `execute`, against the driver's declared contract, so they hold
 * any driver to its own promises, whoever wrote it.
 */
import type { RunContext, Violation } from "../../index.js";
import type { DriverContract } from "./contract.js";
import { isWrite, type DriverRequest, type DriverResult, type WireRequest } from "./model.js";
import type { Metrics } from "./telemetry.js";

export const INVARIANTS = {
  D1: "bounded in-flight: at most maxInFlight attempts are on the wire at once",
  D2: "bounded queue: at most maxInFlight + maxQueueDepth requests are accepted and not completed; beyond that execute refuses with backpressure",
  D3: "attempts: a request is sent at most maxAttempts times, each attempt bounded by requestMs",
  D4: "backoff: retry n waits at least min(maxBackoffMs, baseBackoffMs x 2^(n-1)) less jitterPercent, and the declared jitter is there",
  D5: "idempotent writes: a driver with idempotent-write applies each write once, whatever its retries",
  D6: "completion: every request completes exactly once, ok only when the service did it",
  D7: "stream resume: a consumer gets contiguous records, with no gap and no duplicate, across session resets",
  D8: "telemetry: the timeout and retry counters, the latency samples and the in-flight gauge equal what happened",
  DX: "driver contract: execute answers { ok: true, records? } or { ok: false, error } with a known error",
} as const;

export type InvariantId = keyof typeof INVARIANTS;

/** Retries beyond which jitter must show: with this many, a jittered driver hits its nominal backoff exactly only by chance. */
const JITTER_EVIDENCE_RETRIES = 8;
const ERRORS = new Set(["backpressure", "timeout", "unavailable", "rejected"]);

export class DriverChecker {
  readonly #found: Violation[] = [];
  readonly #reported = new Set<InvariantId>();
  readonly #attempts = new Map<number, { count: number; lastEndMs: number }>();
  readonly #applied = new Map<number, number>();
  inFlight = 0;
  pending = 0;
  completed = 0;
  attempts = 0;
  firstAttempts = 0;
  timeouts = 0;
  retries = 0;
  #exactBackoffs = 0;
  #streamAt = 0;

  constructor(
    readonly ctx: RunContext,
    readonly contract: DriverContract,
  ) {}

  attemptStarted(req: WireRequest, timeoutMs: number): void {
    const { contract: c } = this;
    const now = this.ctx.nowMs();
    const seen = this.#attempts.get(req.id);
    const n = (seen?.count ?? 0) + 1;
    this.#attempts.set(req.id, { count: n, lastEndMs: seen?.lastEndMs ?? now });
    this.attempts++;
    if (n === 1) this.firstAttempts++;
    else this.#backoff(req.id, n, now - seen!.lastEndMs);
    if (++this.inFlight > c.maxInFlight) this.#fail("D1", `${this.inFlight} attempts on the wire at once (request ${req.id} the last), over maxInFlight ${c.maxInFlight}`);
    if (n > c.retryPolicy.maxAttempts) this.#fail("D3", `request ${req.id} sent for the ${ordinal(n)} time, over maxAttempts ${c.retryPolicy.maxAttempts}`);
    if (timeoutMs > c.timeoutPolicy.requestMs) this.#fail("D3", `request ${req.id}'s attempt ${n} waits ${timeoutMs} ms for its answer, over requestMs ${c.timeoutPolicy.requestMs}`);
  }

  attemptEnded(req: WireRequest, outcome: "answer" | "timeout"): void {
    this.inFlight--;
    if (outcome === "timeout") this.timeouts++;
    const seen = this.#attempts.get(req.id);
    if (seen !== undefined) seen.lastEndMs = this.ctx.nowMs();
  }

  #backoff(id: number, n: number, gapMs: number): void {
    const { baseBackoffMs, maxBackoffMs, jitterPercent } = this.contract.retryPolicy;
    this.retries++;
    const nominal = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (n - 2));
    const least = Math.floor(nominal * (1 - jitterPercent / 100));
    if (gapMs === nominal) this.#exactBackoffs++;
    if (gapMs < least) this.#fail("D4", `request ${id}'s attempt ${n} came ${gapMs} ms after attempt ${n - 1} ended; the policy's backoff is ${nominal} ms +-${jitterPercent}%, at least ${least} ms`);
  }

  /** A request was accepted by execute (call before the driver sees it). */
  accepted(): void {
    this.pending++;
  }

  /**
   * Requests accepted and not completed, against the contract's capacity (D2). Called before each
   * step's new requests: a refusal settles in a microtask after the call that made it, so counting
   * in the middle of a burst would count requests already refused.
   */
  queued(): void {
    const cap = this.contract.maxInFlight + this.contract.maxQueueDepth;
    if (this.pending > cap) this.#fail("D2", `${this.pending} requests accepted and not completed, over maxInFlight + maxQueueDepth = ${cap}: execute must refuse with backpressure`);
  }

  applied(id: number, times: number): void {
    this.#applied.set(id, times);
    if (times > 1 && this.contract.capabilities.includes("idempotent-write")) this.#fail("D5", `write ${id} applied ${times} times by the service: its retries did not carry one idempotency key`);
  }

  /** `req` completed with `result` (called once per settled execute). */
  finished(req: DriverRequest, result: unknown): void {
    this.pending--;
    this.completed++;
    if (!wellFormed(result)) return this.#fail("DX", `execute(${req.kind} ${req.id}) answered ${JSON.stringify(result) ?? String(result)}`);
    if (!result.ok) return;
    if (isWrite(req.kind) && (this.#applied.get(req.id) ?? 0) === 0) this.#fail("D6", `execute(${req.kind} ${req.id}) answered ok, but the service never applied it`);
    if (req.kind === "consume") this.#stream(req, result.records ?? []);
  }

  #stream(req: DriverRequest, records: readonly number[]): void {
    const at = this.#streamAt;
    const bad = records.findIndex((r, i) => r !== at + i);
    if (bad >= 0 || records.length !== req.rows) {
      const got = records.length === 0 ? "nothing" : `records ${records[0]}..${records[records.length - 1]}`;
      const why = bad >= 0 ? (records[bad]! > at + bad ? "a gap" : "a duplicate") : "the wrong count";
      return this.#fail("D7", `consume ${req.id} delivered ${got} (${records.length}) where the consumer was at ${at} and asked ${req.rows}: ${why}`);
    }
    this.#streamAt += records.length;
  }

  /** At the end: the driver's telemetry against what the wire saw, and the jitter's evidence. */
  final(metrics: Metrics): void {
    const t = this.contract.telemetry;
    const counted = (m: string): number => metrics.counters.get(m) ?? 0;
    if (counted(t.timeoutMetric) !== this.timeouts) this.#fail("D8", `${t.timeoutMetric} counts ${counted(t.timeoutMetric)}, but ${this.timeouts} attempts timed out`);
    else if (counted(t.retryMetric) !== this.retries) this.#fail("D8", `${t.retryMetric} counts ${counted(t.retryMetric)}, but ${this.retries} retries were sent`);
    else if ((metrics.samples.get(t.latencyMetric) ?? 0) !== this.completed) this.#fail("D8", `${t.latencyMetric} has ${metrics.samples.get(t.latencyMetric) ?? 0} samples, but ${this.completed} requests completed`);
    else if ((metrics.gauges.get(t.inFlightMetric) ?? 0) !== this.inFlight) this.#fail("D8", `${t.inFlightMetric} reads ${metrics.gauges.get(t.inFlightMetric) ?? 0} at the end, but ${this.inFlight} attempts are in flight`);
    const j = this.contract.retryPolicy.jitterPercent;
    if (j > 0 && this.retries >= JITTER_EVIDENCE_RETRIES && this.#exactBackoffs * 4 >= this.retries * 3) {
      this.#fail("D4", `${this.#exactBackoffs} of ${this.retries} retries waited exactly the nominal backoff: the declared ${j}% jitter is not there`);
    }
  }

  take(): readonly Violation[] {
    return this.#found.splice(0);
  }

  malformed(message: string): void {
    this.#fail("DX", message);
  }

  #fail(id: InvariantId, message: string): void {
    if (this.#reported.has(id)) return;
    this.#reported.add(id);
    this.#found.push(this.ctx.violation(id, message));
  }
}

function wellFormed(result: unknown): result is DriverResult {
  if (result === null || typeof result !== "object") return false;
  const r = result as { ok?: unknown; error?: unknown; records?: unknown };
  if (r.ok === true) return r.records === undefined || (Array.isArray(r.records) && r.records.every((x) => Number.isSafeInteger(x)));
  return r.ok === false && typeof r.error === "string" && ERRORS.has(r.error);
}

function ordinal(n: number): string {
  return n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
}
