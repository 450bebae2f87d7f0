/**
 * The store node: the backend's durable store on the simulated network. A request is served after
 * the class's service time plus whatever the pressure adds (a slow request, a failure answered
 * "unavailable"); its effect happens when it is served, and the answer goes back over the
 * network. A server cut off by pressure (or by a partition fault) is not heard, nor answered. The
 * state lives outside the node (state.ts), so a crash of the store node loses only what was in
 * flight.
 */
import type { NodeHost, NodeProcess } from "../../../index.js";
import type { DependencyAnswer, FailoverMessage } from "../model.js";
import { answer, type StoreObserver } from "./handle.js";
import type { ClassMechanics } from "./mechanics.js";
import type { Pressure } from "./pressure.js";
import type { DependencyState } from "./state.js";

/** What the store node is wired to. */
export interface StoreEnv {
  readonly mechanics: ClassMechanics;
  readonly state: DependencyState;
  readonly pressure: Pressure;
  readonly observer: StoreObserver;
  /** Event kinds: a request served, one dropped by a cut, one failed by pressure. */
  readonly kinds: { readonly serve: number; readonly dropped: number; readonly unavailable: number; readonly stale: number };
  emit(kind: number, a: number, b: number): void;
  nowMs(): number;
}

export class StoreNode implements NodeProcess<FailoverMessage> {
  readonly kind = "store";
  /**
   * The last request id served per server. A server's requests form a session: a duplicate, or
   * a request overtaken by a later one, is not served (as a TCP session or a request-id check
   * would). Without this, a duplicated commit of a key's older list would clobber a newer one.
   */
  readonly #lastRid = new Map<number, number>();
  constructor(
    readonly host: NodeHost<FailoverMessage>,
    readonly env: StoreEnv,
  ) {}

  receive(from: number, msg: FailoverMessage): void {
    if (msg.t !== "req") return;
    const { env } = this;
    if (env.pressure.isCut(from)) return env.emit(env.kinds.dropped, from, msg.rid);
    if (msg.rid <= (this.#lastRid.get(from) ?? 0)) return env.emit(env.kinds.stale, from, msg.rid);
    this.#lastRid.set(from, msg.rid);
    const fails = env.pressure.fails();
    const delayMs = env.mechanics.serviceMs(msg.body, env.state) + env.pressure.extraMs();
    this.host.schedule(delayMs, env.kinds.serve, () => this.#serve(from, msg.rid, fails, msg.body), from, msg.rid);
  }

  #serve(from: number, rid: number, fails: boolean, body: Extract<FailoverMessage, { t: "req" }>["body"]): void {
    const { env } = this;
    if (env.pressure.isCut(from)) return env.emit(env.kinds.dropped, from, rid);
    let reply: DependencyAnswer;
    if (fails) {
      env.emit(env.kinds.unavailable, from, rid);
      reply = { t: "unavailable" };
    } else {
      reply = answer(env.mechanics, env.state, from, body, env.nowMs(), env.observer);
    }
    this.host.send(from, { t: "ans", rid, body: reply });
  }
}
