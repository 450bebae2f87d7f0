/**
 * A server node: the host a failover manager runs on. It carries the manager's calls to the store
 * over the simulated network (each request an id its answer echoes; a call gives up after its
 * timeout), and reports what the manager says (serving, stepping down) to the harness. Built by
 * the cluster's factory, so a crash loses the manager and every call in flight, and a restart
 * builds a new one from what it persisted.
 */
import type { Deferred, NodeHost, NodeProcess, Timer } from "../../index.js";
import type { BackendContract } from "./contract.js";
import type { FailoverHost, FailoverManager, FailoverManagerFactory, LeaseTuning } from "./manager.js";
import { DEPENDENCY, KEYS, type DependencyAnswer, type DependencyRequest, type FailoverMessage, type Value } from "./model.js";

/** What the harness gives every server node. */
export interface ServerEnv {
  readonly factory: FailoverManagerFactory;
  readonly contract: BackendContract;
  readonly tuning: LeaseTuning;
  readonly bug: string | null;
  readonly servers: readonly number[];
  readonly timerKind: number;
  nowMs(): number;
  deferred<T>(): Deferred<T>;
  serving(node: number, epoch: number, values: readonly Value[]): void;
  stepDown(node: number, epoch: number): void;
  /** The node crashed (a fault op's or the network's). */
  crashed(node: number): void;
}

/** Request ids of one incarnation: far more than a run sends. */
const RIDS_PER_INCARNATION = 2 ** 32;

export class ServerNode implements NodeProcess<FailoverMessage> {
  readonly kind = "server";
  readonly manager: FailoverManager;
  readonly #calls = new Map<number, { readonly answer: Deferred<DependencyAnswer | "timeout">; readonly timer: Timer }>();
  #rid = 0;

  constructor(
    readonly host: NodeHost<FailoverMessage>,
    durable: unknown,
    readonly env: ServerEnv,
  ) {
    this.manager = env.factory(this.#managerHost(), durable);
  }

  receive(_from: number, msg: FailoverMessage): void {
    if (msg.t !== "ans") return;
    const call = this.#calls.get(msg.rid);
    if (call === undefined) return; // answered after its timeout, or a duplicate
    this.#calls.delete(msg.rid);
    call.timer.cancel();
    call.answer.resolve(msg.body);
  }

  crashed(): void {
    this.env.crashed(this.host.id);
  }

  #call(request: DependencyRequest): Promise<DependencyAnswer | "timeout"> {
    // Ids grow across incarnations too: the store serves a session's requests in order, once.
    const rid = this.host.incarnation * RIDS_PER_INCARNATION + ++this.#rid;
    const answer = this.env.deferred<DependencyAnswer | "timeout">();
    this.host.send(DEPENDENCY, { t: "req", rid, body: request });
    const timer = this.host.schedule(
      this.env.tuning.callTimeoutMs,
      this.env.timerKind,
      () => {
        if (this.#calls.delete(rid)) answer.resolve("timeout");
      },
      this.host.id,
      rid,
    );
    this.#calls.set(rid, { answer, timer });
    return answer.promise;
  }

  #managerHost(): FailoverHost {
    const { host, env } = this;
    return {
      id: host.id,
      servers: env.servers,
      keys: KEYS.length,
      contract: env.contract,
      tuning: env.tuning,
      bug: env.bug,
      nowMs: () => env.nowMs(),
      sleep: (ms) => host.sleep(ms),
      call: (request) => this.#call(request),
      serving: (epoch, values) => env.serving(host.id, epoch, values),
      stepDown: (epoch) => env.stepDown(host.id, epoch),
      persist: (state) => host.persist(state),
    };
  }
}
