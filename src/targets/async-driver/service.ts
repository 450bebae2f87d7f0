/**
 * The database service (node 1): answers connection handshakes and requests after their service
 * time (profiles.ts), applies writes (once per idempotency key when the request carries one) and
 * serves a stream: `consume` from offset o returns records o, o+1, ... (the stream is the
 * integers). A request's effect happens when it is served; the answer then crosses the network.
 */
import type { NodeHost, NodeProcess, Rng, RunContext } from "../../index.js";
import { isWrite, type DriverMessage, type ServiceAnswer, type WireRequest } from "./model.js";
import type { ServiceOptions } from "./profiles.js";

/** What the checker learns from the service. */
export interface ServiceObserver {
  /** The write of logical request `id` took effect (again, when `times` > 1). */
  applied(id: number, times: number): void;
}

export interface ServiceEnv {
  readonly ctx: RunContext;
  readonly options: ServiceOptions;
  readonly observer: ServiceObserver;
  readonly kinds: { readonly serve: number; readonly connect: number };
  readonly faults: { readonly slow: number; readonly spike: number; readonly error: number; readonly reset: number; readonly connectFail: number };
}

export class ServiceNode implements NodeProcess<DriverMessage> {
  /** Idempotency keys applied (kept across crashes: the database is durable). */
  readonly #keys: Set<string>;
  /** Times each logical write took effect. */
  readonly #applied: Map<number, number>;
  readonly #rng: Rng;

  constructor(
    readonly host: NodeHost<DriverMessage>,
    readonly env: ServiceEnv,
    durable: { keys: Set<string>; applied: Map<number, number> },
  ) {
    this.#keys = durable.keys;
    this.#applied = durable.applied;
    this.#rng = env.ctx.rng(`service/${host.incarnation}`);
  }

  receive(from: number, msg: DriverMessage): void {
    const { env } = this;
    if (msg.t === "connect") {
      const refused = env.ctx.faults.draw(env.faults.connectFail, env.options.connectFail) !== null;
      this.host.schedule(env.options.connectMs, env.kinds.connect, () => this.host.send(from, { t: "connected", conn: msg.conn, ok: !refused }), msg.conn, refused ? 1 : 0);
      return;
    }
    if (msg.t !== "req") return;
    const [ms, outcome] = this.#draw(msg.body);
    this.host.schedule(ms, env.kinds.serve, () => this.host.send(from, { t: "ans", attempt: msg.attempt, body: this.#serve(msg.body, outcome) }), msg.body.id, msg.attempt);
  }

  /** Service time and what happens, decided when the request arrives. */
  #draw(req: WireRequest): [number, "ok" | "transient" | "reset"] {
    const { ctx, options: o, faults } = this.env;
    let ms = o.baseMs + Math.round(req.rows * o.perRowMs) + this.#rng.int(o.jitterMs + 1);
    const spike = ctx.faults.draw(faults.spike, o.spike, o.spikeMinMs, o.spikeMaxMs);
    const slow = spike === null ? ctx.faults.draw(faults.slow, o.slow, o.slowMinMs, o.slowMaxMs) : null;
    ms += spike ?? slow ?? 0;
    if (ctx.faults.draw(faults.error, o.error) !== null) return [ms, "transient"];
    if (req.kind === "consume" && ctx.faults.draw(faults.reset, o.reset) !== null) return [ms, "reset"];
    return [ms, "ok"];
  }

  #serve(req: WireRequest, outcome: "ok" | "transient" | "reset"): ServiceAnswer {
    if (outcome === "transient") return { t: "transient" };
    if (outcome === "reset") return { t: "session-reset" };
    if (isWrite(req.kind)) this.#apply(req);
    if (req.kind !== "consume") return { t: "ok" };
    const from = req.offset ?? 0;
    return { t: "ok", records: Array.from({ length: req.rows }, (_, i) => from + i) };
  }

  #apply(req: WireRequest): void {
    if (req.idempotencyKey !== undefined) {
      if (this.#keys.has(req.idempotencyKey)) return;
      this.#keys.add(req.idempotencyKey);
    }
    const times = (this.#applied.get(req.id) ?? 0) + 1;
    this.#applied.set(req.id, times);
    this.env.observer.applied(req.id, times);
  }
}
