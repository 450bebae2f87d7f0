/**
 * The Raft node that drives the store under test: it makes the contract's calls one at a time,
 * tracks the mutating call in flight (the one a crash may cut short), feeds each acknowledged call
 * to the model and judges every answer against it. After a crash or restart it rebuilds the store
 * with the factory, reads back everything Raft would need, and judges that too (model/recovery.ts).
 *
 * Once an invariant fails the node halts: the run stops at its first violation anyway, and with
 * --keep-going a model that no longer matches the store would only report the same failure again.
 */
import { DiskCorruption, type Disk, type RunContext } from "../../index.js";
import { ViolationLog } from "../shared/violation-log.js";
import type { KvResponse, RaftStorage, RaftStorageFactory } from "./contract.js";
import { Incarnation } from "./incarnation.js";
import type { InvariantId } from "./invariants.js";
import { decodeSnapshot, sameMembership, snapshotKv } from "./kv.js";
import type { KindName } from "./kinds.js";
import { TARGET_KINDS } from "./kinds.js";
import { Leader } from "./leader.js";
import { judgeEntries, judgeInitial, judgeMembership, judgeSnapshot, type Problem } from "./model/answers.js";
import { judgeRecovery } from "./model/recovery.js";
import { StoreModel, type Effect, type SnapshotModel } from "./model/store-model.js";
import { openStore } from "./open-store.js";

/** A call that failed (already reported). */
export const FAILED = Symbol("failed");
export type Failed = typeof FAILED;

export type Method = keyof RaftStorage | "factory" | "snapshot.read" | "snapshot.write" | "snapshot.shutdown";

/** The clause group a failing call breaks. */
const GROUP: Readonly<Record<Method, InvariantId>> = {
  getLogEntries: "S1",
  deleteLogsFrom: "S1",
  appendEntryToLog: "S1",
  replicateToLog: "S1",
  saveHardState: "S2",
  factory: "S2",
  getMembershipConfig: "S3",
  getInitialState: "S4",
  applyEntryToStateMachine: "S4",
  replicateToStateMachine: "S4",
  doLogCompaction: "S5",
  createSnapshot: "S5",
  finalizeSnapshotInstallation: "S5",
  getCurrentSnapshot: "S5",
  "snapshot.read": "S5",
  "snapshot.write": "S5",
  "snapshot.shutdown": "S5",
};

export class StorageDriver {
  model: StoreModel;
  readonly leader = new Leader();
  /** The mutating call in flight (set from its start until it is acknowledged). */
  inflight: Effect | null = null;
  store: RaftStorage | undefined;
  halted = false;
  #life: Incarnation;
  readonly #kinds = new Map<KindName, number>();

  constructor(
    readonly ctx: RunContext,
    readonly disk: Disk,
    readonly factory: RaftStorageFactory,
    readonly log: ViolationLog,
    readonly nodeId: number,
  ) {
    this.model = new StoreModel(nodeId);
    this.#life = new Incarnation(disk);
    for (const name of TARGET_KINDS) this.#kinds.set(name, ctx.kind(name));
  }

  emit(kind: KindName, a = 0, b = 0): void {
    this.ctx.emit(this.#kinds.get(kind)!, a, b);
  }

  fail(invariant: string, message: string): void {
    if (this.halted) return;
    this.halted = true;
    this.log.fail(invariant, message);
  }

  /** Report `p` if any; true when there was one. */
  problem(p: Problem | undefined): boolean {
    if (p !== undefined) this.fail(p.invariant, p.message);
    return p !== undefined;
  }

  /** A call that changes nothing: its answer, or FAILED (reported) when it rejected. */
  async query<T>(method: Method, f: (s: RaftStorage) => Promise<T>): Promise<T | Failed> {
    const s = this.store;
    if (s === undefined || this.halted) return FAILED;
    try {
      return await f(s);
    } catch (err) {
      this.#threw(method, err);
      return FAILED;
    }
  }

  /** A mutating call: in flight until acknowledged, then applied to the model (with the answers it expects). */
  async mutate<T>(method: Method, effect: Effect, f: (s: RaftStorage) => Promise<T>): Promise<{ value: T; expected: KvResponse[] } | Failed> {
    this.inflight = effect;
    const value = await this.query(method, f);
    if (value === FAILED) return FAILED;
    this.inflight = null;
    return { value, expected: this.model.apply(effect) };
  }

  /** The power goes (`power`) or the process dies: the store's incarnation is over. */
  cut(power: boolean): void {
    this.emit(power ? "op.crash" : "op.restart");
    this.emit(this.inflight !== null ? "crash.mid-call" : "crash.idle");
    if (power) this.disk.crash();
    this.#life.kill();
    this.#life = new Incarnation(this.disk);
    this.store = undefined;
  }

  /** Rebuild the store from its disk and judge what it holds. */
  async recover(): Promise<void> {
    if (this.halted) return;
    try {
      this.store = await openStore(this.factory, this.#life, this.nodeId);
    } catch (err) {
      return this.#threw("factory", err);
    }
    const init = await this.query("getInitialState", (s) => s.getInitialState());
    if (init === FAILED || this.problem(notInitial(init))) return;
    const inflight = this.inflight;
    const reach = inflight?.kind === "place" ? Math.max(...inflight.entries.map((e) => e.index)) : inflight?.kind === "install" ? inflight.index : 0;
    const hi = Math.max(this.model.lastIndex, init.lastLogIndex, reach) + 2;
    const log = await this.query("getLogEntries", (s) => s.getLogEntries(0, hi));
    const membership = await this.query("getMembershipConfig", (s) => s.getMembershipConfig());
    const snapshot = await this.#currentSnapshot();
    if (log === FAILED || membership === FAILED || snapshot === FAILED) return;
    const verdict = judgeRecovery(this.model, inflight, { init, log, membership, snapshot });
    if (!verdict.ok) return this.fail(verdict.invariant, verdict.message);
    const appliedBefore = this.model.lastApplied;
    this.model = verdict.model;
    this.inflight = null;
    // What a snapshot covers, and what was applied, was committed (an installation cut short may have taken).
    this.leader.commit(Math.max(this.model.snapshot?.index ?? 0, this.model.lastApplied));
    if (verdict.outcome !== "none") this.emit(`recovery.${verdict.outcome}`);
    if (verdict.regressed) this.emit("recovery.regressed", appliedBefore, init.lastAppliedLog);
  }

  /** At the end: every answer exact, then a clean power loss keeps everything acknowledged. */
  async finalCheck(): Promise<void> {
    const m = this.model;
    const stop = m.lastIndex + 2;
    const log = await this.query("getLogEntries", (s) => s.getLogEntries(0, stop));
    if (log === FAILED || this.problem(judgeEntries(m, 0, stop, log))) return;
    const init = await this.query("getInitialState", (s) => s.getInitialState());
    if (init === FAILED || this.problem(notInitial(init) ?? judgeInitial(m, init))) return;
    const membership = await this.query("getMembershipConfig", (s) => s.getMembershipConfig());
    if (membership === FAILED || this.problem(judgeMembership(m, membership))) return;
    const current = await this.query("getCurrentSnapshot", (s) => s.getCurrentSnapshot());
    if (current === FAILED) return;
    const p = await this.query("snapshot.read", () => judgeSnapshot(current, m.snapshot, "getCurrentSnapshot()"));
    if (p === FAILED || this.problem(p)) return;
    this.cut(true);
    await this.recover();
  }

  /** The rebuilt store's current snapshot, read whole and checked against its own metadata. */
  async #currentSnapshot(): Promise<SnapshotModel | null | Failed> {
    const current = await this.query("getCurrentSnapshot", (s) => s.getCurrentSnapshot());
    if (current === FAILED || current === null) return current;
    const text = await this.query("snapshot.read", () => current.snapshot.read());
    if (text === FAILED) return FAILED;
    let contents;
    try {
      contents = decodeSnapshot(text);
    } catch (err) {
      this.fail("S6", `after a restart the current snapshot's contents are not a snapshot: ${err instanceof Error ? err.message : String(err)}`);
      return FAILED;
    }
    if (contents.index !== current.index || contents.term !== current.term || !sameMembership(contents.membership, current.membership)) {
      this.fail("S5", `after a restart getCurrentSnapshot answered index ${current.index}, term ${current.term}, but its contents hold index ${contents.index}, term ${contents.term}`);
      return FAILED;
    }
    return { index: current.index, term: current.term, membership: current.membership, kv: snapshotKv(contents) };
  }

  #threw(method: Method, err: unknown): void {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    // This target's disk has no read fault and no misdirected write: a corruption that reaches Raft
    // is an unsynced tail the store failed to cut at recovery.
    if (err instanceof DiskCorruption) this.fail("S6", `${method} failed with ${text}`);
    else this.fail(GROUP[method], `${method} failed: ${text}`);
  }
}

/** Why `x` is not an InitialState, or undefined. */
function notInitial(x: unknown): Problem | undefined {
  const s = x as Record<string, unknown> | null;
  const numbers = s !== null && typeof s === "object" && ["lastLogIndex", "lastLogTerm", "lastAppliedLog"].every((k) => typeof s[k] === "number");
  const hs = numbers ? (s.hardState as Record<string, unknown> | null) : null;
  if (numbers && hs !== null && typeof hs === "object" && typeof hs.currentTerm === "number" && s.membership !== null && typeof s.membership === "object") return undefined;
  return { invariant: "S4", message: `getInitialState() answered ${JSON.stringify(x)?.slice(0, 120)}, not an InitialState` };
}
