/**
 * One async-driver run: the application and the driver on node 0, the database service on node
 * 1, the checker fed by the wire, the service and `execute`, and the samples a benchmark wants.
 *
 * Per seed, from its own `config` stream: the driver contract (unless the target fixes one, as a
 * benchmark does). The profile is the workload. The application node never crashes (its pending
 * requests would be lost with it, which says nothing about the driver); it may pause. The database
 * restarts now and then (see #maybeRestartService).
 */
import { Cluster, type Instance, type RunContext, type Violation } from "../../index.js";
import type { BenchmarkProfile, DriverContract } from "./contract.js";
import type { DriverFactory, AsyncDriver } from "./driver/driver.js";
import { ClientNode } from "./host.js";
import { DriverChecker } from "./invariants.js";
import { HARNESS_KINDS } from "./kinds.js";
import { CLIENT, SERVICE, type DriverMessage, type DriverRequest, type DriverResult } from "./model.js";
import type { DriverOp } from "./ops.js";
import { serviceOptions, swarmService, type ServiceOptions } from "./profiles.js";
import { ServiceNode } from "./service.js";
import { Metrics } from "./telemetry.js";
import { DriverWorkload } from "./workload.js";

/** What a run measured, for a benchmark. */
export interface DriverRunReport {
  readonly driver: string;
  readonly profile: BenchmarkProfile;
  /** Latency of each request not refused with backpressure, ms from its intended start (the op's time). */
  readonly latenciesMs: readonly number[];
  readonly requests: number;
  readonly ok: number;
  readonly refused: number;
  readonly attempts: number;
  readonly timeouts: number;
  readonly retries: number;
  readonly durationMs: number;
  /** The measurement window: from 0 to the last op's time, ms. */
  readonly windowMs: number;
  /** Requests completed ok within the window. */
  readonly okInWindow: number;
}

export interface DriverPlug {
  readonly factory: DriverFactory;
  /** Candidates drawn per seed when `driver` is not fixed. */
  readonly drivers: readonly DriverContract[];
  readonly driver?: DriverContract | undefined;
  readonly report?: ((run: DriverRunReport) => void) | undefined;
}

type Node = ClientNode | ServiceNode;

export class DriverSim implements Instance<DriverOp> {
  readonly contract: DriverContract;
  readonly profile: BenchmarkProfile;
  readonly service: ServiceOptions;
  readonly metrics = new Metrics();
  readonly checker: DriverChecker;
  readonly cluster: Cluster<DriverMessage, Node>;
  readonly driver: AsyncDriver;
  readonly workload: DriverWorkload;
  readonly #latencies: number[] = [];
  readonly #kinds: Readonly<Record<string, number>>;
  #consuming = false;
  readonly #restartKind: number;
  #ok = 0;
  #lastOpMs = 0;
  readonly #okAtMs: number[] = [];
  #refused = 0;
  #requests = 0;

  constructor(
    readonly ctx: RunContext,
    readonly plug: DriverPlug,
  ) {
    this.contract = plug.driver ?? ctx.rng("config").pick(plug.drivers);
    this.profile = ctx.workload as BenchmarkProfile;
    const base = serviceOptions(this.profile);
    this.service = ctx.swarm ? swarmService(ctx.rng("swarm/service"), base) : base;
    this.#kinds = Object.fromEntries(HARNESS_KINDS.map((k) => [k, ctx.kind(k)]));
    this.#restartKind = ctx.faultKind("service.restart");
    this.checker = new DriverChecker(ctx, this.contract);
    const durable = { keys: new Set<string>(), applied: new Map<number, number>() };
    const serviceEnv = {
      ctx,
      options: this.service,
      observer: { applied: (id: number, times: number) => this.checker.applied(id, times) },
      kinds: { serve: this.#k("service.serve"), connect: this.#k("service.connect") },
      faults: { slow: ctx.faultKind("service.slow"), spike: ctx.faultKind("service.spike"), error: ctx.faultKind("service.error"), reset: ctx.faultKind("stream.reset"), connectFail: ctx.faultKind("connect.fail") },
    };
    const clientEnv = {
      contract: this.contract,
      bug: ctx.bug,
      metrics: this.metrics,
      observer: this.checker,
      timerKind: this.#k("driver.timer"),
      deferred: <T>() => ctx.deferred<T>(),
      nowMs: () => ctx.nowMs(),
      rng: (label: string) => ctx.rng(label),
    };
    this.cluster = new Cluster<DriverMessage, Node>(ctx, {
      nodes: 2,
      factory: (host) => (host.id === CLIENT ? new ClientNode(host, clientEnv) : new ServiceNode(host, serviceEnv, durable)),
      network: { crash: 0 },
    });
    this.driver = plug.factory((this.cluster.node(CLIENT) as ClientNode).host);
    this.workload = new DriverWorkload(this.profile, this.contract, this.service, ctx.ops, (defaults) => ctx.weights(defaults));
  }

  nextOp(): DriverOp {
    return this.workload.next();
  }

  apply(op: DriverOp): Promise<void> {
    // Before new requests: the refusals of the last step have settled by now (they settle in
    // microtasks, after the step that made them).
    this.checker.queued();
    this.#lastOpMs = this.ctx.nowMs();
    this.cluster.tick();
    this.#maybeRestartService();
    this.ctx.emit(this.#k(`op.${op.t === "burst" ? "burst" : op.kind}`), op.id, op.t === "burst" ? op.n : op.rows);
    if (op.t === "burst") return this.#burst(op);
    const request: DriverRequest = { id: op.id, kind: op.kind, key: op.key, rows: op.rows };
    if (op.kind !== "consume") return this.#execute(request);
    // One consumer, polling in a loop: a poll is issued when the last one is done, never two at
    // once (two would read from the same checkpoint). A consume op while one is out is a no-op.
    if (this.#consuming) return Promise.resolve();
    this.#consuming = true;
    return this.#execute(request).finally(() => (this.#consuming = false));
  }

  check(): readonly Violation[] {
    return this.checker.take();
  }

  heal(): void {
    this.cluster.heal();
  }

  quiescent(): boolean {
    return this.checker.pending === 0 && this.checker.inFlight === 0;
  }

  finish(): readonly Violation[] {
    this.checker.final(this.metrics);
    const c = this.checker;
    this.plug.report?.({ driver: this.contract.name, profile: this.profile, latenciesMs: this.#latencies, requests: this.#requests, ok: this.#ok, refused: this.#refused, attempts: c.attempts, timeouts: c.timeouts, retries: c.retries, durationMs: this.ctx.nowMs(), windowMs: this.#lastOpMs, okInWindow: this.#okAtMs.filter((t) => t <= this.#lastOpMs).length });
    return c.take();
  }

  async #burst(op: Extract<DriverOp, { t: "burst" }>): Promise<void> {
    const all: Promise<void>[] = [];
    for (let i = 0; i < op.n; i++) all.push(this.#execute({ id: op.id + i, kind: op.kind, key: i % 64, rows: op.rows }));
    // Once the refusals have settled (a refusal is immediate: it settles in this same simulated
    // millisecond, before any answer can cross the network), the requests still accepted must
    // fit. A 0 ms sleep is a kernel event: every microtask of the burst has run before it fires.
    await this.ctx.sleep(0);
    this.checker.queued();
    await Promise.all(all);
  }

  async #execute(request: DriverRequest): Promise<void> {
    const intendedMs = this.ctx.nowMs();
    this.#requests++;
    this.checker.accepted();
    let result: unknown;
    try {
      result = await this.driver.execute(request);
    } catch (err) {
      result = { threw: err instanceof Error ? err.message : String(err) };
    }
    this.checker.finished(request, result);
    const r = result as DriverResult;
    if (r?.ok === true) {
      this.#ok++;
      this.#okAtMs.push(this.ctx.nowMs());
    }
    if (r?.ok === false && r.error === "backpressure") {
      this.#refused++;
      this.ctx.emit(this.#k("request.backpressure"), request.id, 0);
      return;
    }
    this.#latencies.push(this.ctx.nowMs() - intendedMs);
    this.ctx.emit(this.#k(r?.ok === true ? "request.ok" : "request.failed"), request.id, 0);
  }

  /**
   * Database restarts: the kernel's crashes are off (they would take the application down with
   * its pending requests), so the service alone restarts, at the level's crash rate per step, for
   * 200-2000 ms: connections and attempts in flight are lost, written data is not. A recorded
   * fault decision (`service.restart`).
   */
  #maybeRestartService(): void {
    const ms = this.ctx.faults.draw(this.#restartKind, this.ctx.profile.crash, 200, 2000);
    if (ms !== null && this.cluster.status(SERVICE) === "up") this.cluster.crash(SERVICE, ms);
  }

  #k(name: string): number {
    return this.#kinds[name]!;
  }
}
