/**
 * The failover manager contract: the logic a user plugs in with `--impl` (lease, fencing,
 * recovery), run on every server node under the same store, pressure, clients and invariants as
 * the built-in manager (standard-manager.ts).
 *
 * A manager is built by a factory, once per incarnation of its node (a crash loses it; the
 * restarted node gets what it persisted). It talks to the store only through `host.call`, answers
 * clients through `write`, and tells the harness when it starts serving as primary (after its
 * recovery) and when it stops: that is what takeover, recovery and the invariants are judged on.
 */
import type { BackendContract } from "./contract.js";
import type { DependencyAnswer, DependencyRequest, Value, WriteAnswer } from "./model.js";

/** The timings a run drew for the lease (the manager may use them or its own). */
export interface LeaseTuning {
  /** The lease's time to live, ms. */
  readonly leaseMs: number;
  /** How often a primary renews, ms. */
  readonly renewEveryMs: number;
  /** How often a standby reads the lease, ms. */
  readonly pollEveryMs: number;
  /** How often a standby of a replaying backend checkpoints the log's tail, ms. */
  readonly checkpointEveryMs: number;
  /** How long a call to the store waits for its answer, ms. */
  readonly callTimeoutMs: number;
}

/** What a manager gets from its node. Everything it schedules dies with the node. */
export interface FailoverHost {
  /** This server's id (1..servers). */
  readonly id: number;
  readonly servers: readonly number[];
  /** How many keys there are (0..keys-1): a state is one list of write ids per key. */
  readonly keys: number;
  readonly contract: BackendContract;
  readonly tuning: LeaseTuning;
  /** The planted bug of the run (`--bug`), for the built-in manager; null otherwise. */
  readonly bug: string | null;
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  /** One request to the store; its answer, or "timeout" after `tuning.callTimeoutMs`. */
  call(request: DependencyRequest): Promise<DependencyAnswer | "timeout">;
  /** This node now serves as primary of `epoch`, its recovered state being `values` (one per key). */
  serving(epoch: number, values: readonly Value[]): void;
  /** This node stopped serving as primary of `epoch`. */
  stepDown(epoch: number): void;
  /** Declare what survives a crash (kept as given: persist an immutable value). */
  persist(state: unknown): void;
}

export interface FailoverManager {
  /** A client's write of `writeId` to `key` (retried writes carry the same id). */
  write(key: number, writeId: number): Promise<WriteAnswer>;
}

export type FailoverManagerFactory = (host: FailoverHost, durable: unknown) => FailoverManager;

/** What `--impl` must default-export (shown by `simctl list`). */
export const MANAGER_CONTRACT = "a FailoverManagerFactory (host: FailoverHost, durable) => FailoverManager { write(key, writeId): Promise<'ok' | 'not-primary' | 'unavailable' | 'fenced'> }";

export function asManagerFactory(implementation: unknown): FailoverManagerFactory {
  if (typeof implementation !== "function") throw new Error(`the default export is ${implementation === null ? "null" : typeof implementation}, not a failover manager factory (${MANAGER_CONTRACT})`);
  return implementation as FailoverManagerFactory;
}
