/**
 * The client node (node 0): the host a driver runs on. It opens connections with a handshake and
 * carries one attempt per `request` over the simulated network, ending it at its answer or at the
 * timeout the driver gives, whichever comes first (a late answer is dropped). Every attempt's
 * start and end is told to the checker: the invariants on in-flight work, attempts and backoffs
 * are judged from the wire, whoever wrote the driver.
 */
import type { Deferred, NodeHost, NodeProcess, Rng, Timer } from "../../index.js";
import type { DriverContract } from "./contract.js";
import { SERVICE, type DriverMessage, type ServiceAnswer, type WireRequest } from "./model.js";
import type { Metrics, Telemetry } from "./telemetry.js";

/** What a driver gets. Everything it schedules goes through here. */
export interface DriverHost {
  readonly contract: DriverContract;
  /** The planted bug of the run (`--bug`), for the built-in driver; null otherwise. */
  readonly bug: string | null;
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  /** A seeded stream of the run (for jitter): the same label gives the same draws. */
  rng(label: string): Rng;
  /** Open a connection: its id, or "refused", or "timeout" after `timeoutMs`. */
  connect(timeoutMs: number): Promise<number | "refused" | "timeout">;
  /** Close a connection (nothing goes on the wire). */
  close(conn: number): void;
  /** One attempt of `request` on `conn`: the service's answer, or "timeout" after `timeoutMs`. */
  request(conn: number, request: WireRequest, timeoutMs: number): Promise<ServiceAnswer | "timeout">;
  readonly telemetry: Telemetry;
}

/** What the checker learns from the client side. */
export interface WireObserver {
  attemptStarted(request: WireRequest, timeoutMs: number): void;
  attemptEnded(request: WireRequest, outcome: "answer" | "timeout"): void;
}

export interface ClientEnv {
  readonly contract: DriverContract;
  readonly bug: string | null;
  readonly metrics: Metrics;
  readonly observer: WireObserver;
  readonly timerKind: number;
  deferred<T>(): Deferred<T>;
  nowMs(): number;
  rng(label: string): Rng;
}

interface Pending<T> {
  readonly answer: Deferred<T>;
  readonly timer: Timer;
}

export class ClientNode implements NodeProcess<DriverMessage> {
  readonly host: DriverHost;
  readonly #connects = new Map<number, Pending<number | "refused" | "timeout">>();
  readonly #attempts = new Map<number, Pending<ServiceAnswer | "timeout"> & { readonly request: WireRequest }>();
  #nextConn = 0;
  #nextAttempt = 0;

  constructor(
    readonly node: NodeHost<DriverMessage>,
    readonly env: ClientEnv,
  ) {
    this.host = {
      contract: env.contract,
      bug: env.bug,
      nowMs: () => env.nowMs(),
      sleep: (ms) => node.sleep(ms),
      rng: (label) => env.rng(label),
      connect: (timeoutMs) => this.#connect(timeoutMs),
      close: () => undefined,
      request: (conn, request, timeoutMs) => this.#request(conn, request, timeoutMs),
      telemetry: env.metrics,
    };
  }

  receive(_from: number, msg: DriverMessage): void {
    if (msg.t === "connected") {
      const p = this.#connects.get(msg.conn);
      if (p === undefined) return;
      this.#connects.delete(msg.conn);
      p.timer.cancel();
      p.answer.resolve(msg.ok ? msg.conn : "refused");
    } else if (msg.t === "ans") {
      const p = this.#attempts.get(msg.attempt);
      if (p === undefined) return; // after its timeout, or a duplicate
      this.#attempts.delete(msg.attempt);
      p.timer.cancel();
      this.env.observer.attemptEnded(p.request, "answer");
      p.answer.resolve(msg.body);
    }
  }

  #connect(timeoutMs: number): Promise<number | "refused" | "timeout"> {
    const conn = ++this.#nextConn;
    const answer = this.env.deferred<number | "refused" | "timeout">();
    this.node.send(SERVICE, { t: "connect", conn });
    const timer = this.node.schedule(bounded(timeoutMs), this.env.timerKind, () => {
      if (this.#connects.delete(conn)) answer.resolve("timeout");
    });
    this.#connects.set(conn, { answer, timer });
    return answer.promise;
  }

  #request(conn: number, request: WireRequest, timeoutMs: number): Promise<ServiceAnswer | "timeout"> {
    const attempt = ++this.#nextAttempt;
    const answer = this.env.deferred<ServiceAnswer | "timeout">();
    this.env.observer.attemptStarted(request, timeoutMs);
    this.node.send(SERVICE, { t: "req", attempt, conn, body: request });
    const timer = this.node.schedule(bounded(timeoutMs), this.env.timerKind, () => {
      if (!this.#attempts.delete(attempt)) return;
      this.env.observer.attemptEnded(request, "timeout");
      answer.resolve("timeout");
    }, request.id, attempt);
    this.#attempts.set(attempt, { answer, timer, request });
    return answer.promise;
  }
}

/** A timeout the kernel can schedule: an integer ms from 1 to a day. */
function bounded(ms: number): number {
  return Number.isFinite(ms) ? Math.min(86_400_000, Math.max(1, Math.round(ms))) : 86_400_000;
}
