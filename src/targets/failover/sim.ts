/**
 * One failover run: the store (node 0) and three servers on the kernel's network, the clients,
 * the pressure on the store, the oracle, the checker and the meter.
 *
 * Per seed, from its own `config` stream (so ops and faults do not shift it): the backend (unless
 * the target fixes one, as certification does), the pressure profile, and the lease timings, so
 * that a sweep, and the tuning guide, see short and long leases.
 */
import { Cluster, type Instance, type RunContext, type Violation } from "../../index.js";
import { expandedBackends } from "./backends.js";
import type { Observation } from "./budget.js";
import type { RunTuning } from "./certification-types.js";
import type { BackendContract, PressureProfile } from "./contract.js";
import { mechanicsOf } from "./dependency/classes.js";
import type { StoreObserver } from "./dependency/handle.js";
import { Pressure, pressureOptions, swarmPressure } from "./dependency/pressure.js";
import { DependencyState } from "./dependency/state.js";
import { StoreNode } from "./dependency/store-node.js";
import { Clients } from "./clients.js";
import { FailoverChecker } from "./invariants.js";
import { failKind, HARNESS_KINDS } from "./kinds.js";
import type { FailoverManagerFactory, LeaseTuning } from "./manager.js";
import { FailoverMeter } from "./meter.js";
import { DEPENDENCY, SERVERS, type FailoverMessage, type Value } from "./model.js";
import type { FailoverOp } from "./ops.js";
import { FailoverOracle } from "./oracle.js";
import { ServerNode, type ServerEnv } from "./server-node.js";
import type { FailoverNode } from "./sim-nodes.js";
import { FailoverWorkload } from "./workload.js";

/** What a run measured, handed to a certification. */
export interface FailoverRunReport {
  readonly observation: Observation;
  readonly tuning: RunTuning;
}

/** How a run gets its manager, and what a certification fixes. */
export interface FailoverPlug {
  readonly factory: FailoverManagerFactory;
  readonly backend?: BackendContract | undefined;
  readonly pressure?: PressureProfile | undefined;
  readonly report?: ((run: FailoverRunReport) => void) | undefined;
}

const LEASE_MS = [600, 900, 1200, 1500] as const;
const POLL_EVERY_MS = [100, 150, 200] as const;
const CHECKPOINT_EVERY_MS = [1000, 2000, 4000] as const;
const CALL_TIMEOUT_MS = 1000;
const SERVER_IDS: readonly number[] = Object.freeze(Array.from({ length: SERVERS }, (_, i) => i + 1));

export class FailoverSim implements Instance<FailoverOp> {
  readonly contract: BackendContract;
  readonly pressureProfile: PressureProfile;
  readonly tuning: LeaseTuning;
  readonly state = new DependencyState();
  readonly oracle = new FailoverOracle();
  readonly meter = new FailoverMeter();
  readonly checker: FailoverChecker;
  readonly pressure: Pressure;
  readonly cluster: Cluster<FailoverMessage, FailoverNode>;
  readonly clients: Clients;
  readonly workload: FailoverWorkload;
  #failure: RunTuning["failure"] = "crash";
  /** The time to live of the lease the measured failure left behind (the manager's, not the drawn one). */
  #failedLeaseMs: number | undefined;
  /** The epoch each server serves as primary (0: it does not), as the managers say. */
  readonly #serving = new Int32Array(SERVERS + 1);
  readonly #kinds: Readonly<Record<string, number>>;

  constructor(
    readonly ctx: RunContext,
    readonly plug: FailoverPlug,
  ) {
    const config = ctx.rng("config");
    this.contract = plug.backend ?? config.pick(expandedBackends());
    this.pressureProfile = plug.pressure ?? config.pick(this.contract.supportedPressures);
    const leaseMs = config.pick(LEASE_MS);
    this.tuning = { leaseMs, renewEveryMs: Math.round(leaseMs / 3), pollEveryMs: config.pick(POLL_EVERY_MS), checkpointEveryMs: config.pick(CHECKPOINT_EVERY_MS), callTimeoutMs: CALL_TIMEOUT_MS };
    this.#kinds = Object.fromEntries(HARNESS_KINDS.map((k) => [k, ctx.kind(k)]));
    const base = pressureOptions(this.pressureProfile);
    this.pressure = new Pressure(ctx, ctx.swarm ? swarmPressure(ctx.rng("swarm/pressure"), base) : base);
    this.checker = new FailoverChecker(ctx, this.contract, this.oracle);
    const storeEnv = this.#storeEnv();
    const serverEnv = this.#serverEnv();
    this.cluster = new Cluster<FailoverMessage, FailoverNode>(ctx, {
      nodes: SERVERS + 1,
      factory: (host, durable) => (host.id === DEPENDENCY ? new StoreNode(host, storeEnv) : new ServerNode(host, durable, serverEnv)),
    });
    this.clients = new Clients(ctx, this.cluster, this.checker, { ack: this.#k("client.ack"), retry: this.#k("client.retry") });
    this.workload = new FailoverWorkload(ctx.workload, ctx.ops, (defaults) => ctx.weights(defaults));
  }

  nextOp(): FailoverOp {
    return this.workload.next();
  }

  apply(op: FailoverOp): void | Promise<void> {
    this.cluster.tick();
    const cut = this.pressure.tick();
    if (cut !== undefined) this.ctx.emit(this.#k("pressure.cut"), cut[0], cut[1]);
    if (op.t === "write") {
      this.ctx.emit(this.#k("op.write"), op.k, op.id);
      return this.clients.write(op.k, op.id);
    }
    this.#fail(op.mode, op.ms);
  }

  check(): readonly Violation[] {
    return this.checker.take();
  }

  heal(): void {
    this.cluster.heal();
    this.pressure.heal();
  }

  /** Quiet once every write is acknowledged, every node is up and a primary serves. */
  quiescent(): boolean {
    if (this.clients.pending > 0 || !this.#serving.some((epoch) => epoch > 0)) return false;
    for (let id = 0; id < this.cluster.size; id++) if (this.cluster.status(id) !== "up") return false;
    return true;
  }

  finish(): readonly Violation[] {
    const lost = this.checker.final(this.state.values);
    const observation = this.meter.observation(this.contract.name, this.pressureProfile, this.ctx.nowMs(), this.contract.continuitySloMs, this.oracle.fenceRejections, lost);
    const { leaseMs, renewEveryMs, pollEveryMs } = this.tuning;
    this.plug.report?.({ observation, tuning: { leaseMs: this.#failedLeaseMs ?? leaseMs, renewEveryMs, pollEveryMs, failure: this.#failure } });
    return this.checker.take();
  }

  /** The failure of whoever holds the lease now (nobody up: the meter still starts). */
  #fail(mode: RunTuning["failure"], ms: number): void {
    const holder = this.state.lease.holder;
    const up = holder !== 0 && this.cluster.status(holder) === "up";
    this.ctx.emit(this.#k(failKind(mode)), up ? holder : 0, ms);
    if (!this.meter.measuring) this.#failure = mode;
    if (!up) return this.meter.failed(this.ctx.nowMs(), this.state.lease.epoch);
    if (mode === "crash") return void this.cluster.crash(holder, ms); // the crashed() hook reports it
    this.#failed(holder);
    if (mode === "pause") this.cluster.pause(holder, ms);
    else this.cluster.clog(holder, DEPENDENCY, ms);
  }

  #failed(node: number): void {
    const lease = this.state.lease;
    if (lease.holder !== node) return;
    this.checker.failed(node, lease);
    if (!this.meter.measuring) this.#failedLeaseMs = lease.ttlMs;
    this.meter.failed(this.ctx.nowMs(), lease.epoch);
  }

  #k(name: string): number {
    return this.#kinds[name]!;
  }

  #storeEnv(): ConstructorParameters<typeof StoreNode>[1] {
    const { ctx, state, checker, meter } = this;
    const [grant, commit, fenced] = [this.#k("store.grant"), this.#k("store.commit"), this.#k("store.fenced")];
    const observer: StoreObserver = {
      granted(lease, previous) {
        ctx.emit(grant, lease.holder, lease.epoch);
        checker.granted(lease, previous);
        meter.granted(lease.epoch, ctx.nowMs());
      },
      accepted(record, from, before) {
        ctx.emit(commit, from, record.writeId);
        checker.accepted(record, from, before, state.lease);
      },
      fenced(request, from) {
        ctx.emit(fenced, from, request.writeId);
        checker.fenced(request.writeId);
      },
      served() {},
    };
    return {
      mechanics: mechanicsOf(this.contract.class),
      state,
      pressure: this.pressure,
      observer,
      kinds: { serve: this.#k("store.serve"), dropped: this.#k("store.dropped"), unavailable: this.#k("store.unavailable"), stale: this.#k("store.stale") },
      emit: (kind, a, b) => ctx.emit(kind, a, b),
      nowMs: () => ctx.nowMs(),
    };
  }

  #serverEnv(): ServerEnv {
    const { ctx } = this;
    return {
      factory: this.plug.factory,
      contract: this.contract,
      tuning: this.tuning,
      bug: ctx.bug,
      servers: SERVER_IDS,
      timerKind: this.#k("manager.timeout"),
      nowMs: () => ctx.nowMs(),
      deferred: <T>() => ctx.deferred<T>(),
      serving: (node: number, epoch: number, values: readonly Value[]) => {
        this.#serving[node] = epoch;
        ctx.emit(this.#k("failover.serving"), node, epoch);
        this.checker.serving(node, epoch, values);
        this.meter.serving(epoch, ctx.nowMs());
      },
      stepDown: (node: number, epoch: number) => {
        if (this.#serving[node] === epoch) this.#serving[node] = 0;
        ctx.emit(this.#k("failover.step-down"), node, epoch);
      },
      crashed: (node: number) => {
        this.#serving[node] = 0;
        this.#failed(node);
      },
    };
  }
}
