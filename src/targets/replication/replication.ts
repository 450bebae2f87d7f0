/**
 * The consensus-replication boundary of a sharded task store, in TypeScript (the Go package
 * `replication` of ../shared/seeds/003): a shard manager calls `propose` before committing every
 * mutation and installs `subscribe` handlers that apply the frames every node agrees on. Drivers
 * (`LocalReplicator`, the quorum driver standing in for Quasar, or a user's module) implement
 * {@link Replicator}; the simulation builds one per node through a {@link ReplicatorFactory}.
 *
 * ## The protocol (the quorum driver, quorum.ts and voter.ts)
 *
 * Slots. A frame lives at the slot `(org, ns, seq)`. Each namespace has one owner node, and only
 * the owner assigns `seq` (1, 2, 3, ... from a counter it keeps on its disk), so the owner never
 * proposes two different frames at one slot. A driver may rely on that: the quorum driver keys the
 * proposals in flight by slot. Ownership moves (rebalancing) only while the namespace has no
 * proposal in flight; a new owner that has not applied its predecessor's last frames assigns a
 * slot that is already taken, and that proposal is rejected.
 *
 * Votes. A vote is a promise that the frame is on the voter's disk: a node votes for a frame
 * only after storing it in its {@link NodeStore}, and it stores the first frame it sees at a slot
 * and never another one, except the frame it learns was committed there. A node asked to store a
 * frame at a slot that holds another frame refuses.
 *
 * Propose. The proposer stores the frame and votes for itself at once (a single-node set decides
 * without traffic), broadcasts `propose`, and every `witnessAfterMs` re-sends it to the
 * validators that have not answered. It decides:
 *  - accept, once a majority voted for the frame: it stores the frame as committed, broadcasts
 *    `commit`, delivers the frame to its own subscribers and returns `accept` after they applied
 *    it (so a read at the owner sees every write acknowledged to a client);
 *  - reject, once a majority refused (another frame holds the slot there): that frame can never
 *    gather a majority;
 *  - timeout, after `proposeWaitMs` without either (or with a majority but the frame not yet
 *    applied locally). A timeout is uncertain: the frame may still be committed. The caller
 *    retries the same frame unchanged; the retry is decided like the first attempt, except that
 *    a frame this node committed and has not applied yet (a frame before it is missing) only
 *    waits again: a new round would change nothing, and a burst of them behind one gap can
 *    starve the proposal that fills it.
 *
 * Delivery. Every node delivers committed frames to its subscribers in seq order per (org, ns),
 * each exactly once: a frame arriving twice (a duplicated message, a re-sent commit, a catch-up
 * overlapping a commit) is dropped, and a frame arriving ahead of a gap waits for the frames
 * before it. Where the node has delivered up to is on its disk, so a restart neither skips nor
 * repeats frames.
 *
 * Catch-up. Every `catchUpEveryMs` each node sends the seq it has delivered up to, per namespace,
 * to the next validator in turn, which answers with the committed frames after it. A node that
 * missed a commit (lost, or it was down) gets the frame this way.
 *
 * Failing handlers. A handler that throws (or whose promise rejects) has not applied the frame:
 * it must leave no effect. The driver delivers the same frame to that handler again a little
 * later, and no later frame of that namespace before it succeeded; the decision is not affected
 * (the frame is committed), but the proposer answers only once its own handlers applied it, or
 * `timeout` if that takes longer than `proposeWaitMs`.
 *
 * Errors. `propose` resolves with the {@link Decision}; the Go driver returns the matching error
 * beside it, which {@link decisionError} gives here. A driver may also reject its promise with
 * {@link Rejected} or {@link Timeout}: the shard manager reads those as the decisions they name.
 */
import type { Timer } from "../../index.js";

/** A mutation shipped through consensus (the Go package's JSON envelope). */
export interface Frame {
  readonly org: string;
  readonly ns: string;
  readonly seq: number;
  readonly op: "put" | "del";
  /** The canonical key, without the org prefix. */
  readonly key: string;
  /** The value of a put. The shard manager also tags a del with its request id here, so that every frame it builds is distinct. */
  readonly value?: string;
}

/** The consensus outcome of a proposed frame (the order of the Go constants). */
export type Decision = "undecided" | "accept" | "reject" | "timeout";

/** Go's `ErrRejected`: the quorum refused the frame. */
export class Rejected extends Error {
  constructor(readonly frame: Frame) {
    super(`replication: frame rejected by quorum (${slotName(frame)})`);
    this.name = "Rejected";
  }
}

/** Go's `ErrTimeout`: no decision within the wait; the frame may still be committed. */
export class Timeout extends Error {
  constructor(readonly frame: Frame) {
    super(`replication: consensus timeout (${slotName(frame)})`);
    this.name = "Timeout";
  }
}

/** The error Go returns beside a decision (none for accept). */
export function decisionError(decision: Decision, frame: Frame): Error | undefined {
  if (decision === "reject") return new Rejected(frame);
  if (decision === "timeout") return new Timeout(frame);
  return undefined;
}

/** Applies one committed frame to the node's shard. Throwing (or rejecting) means: not applied. */
export type Handler = (frame: Frame) => void | Promise<void>;

/** The counters of `/v1/tasks/cluster`: decisions `propose` returned, by kind. */
export interface ReplicatorStats {
  readonly accepted: number;
  readonly rejected: number;
  readonly timeouts: number;
}

/** What every driver implements. */
export interface Replicator {
  /** Ship `frame` through consensus and resolve with the decision. */
  propose(frame: Frame): Promise<Decision>;
  /** Register a handler, called once per committed frame, the node's own frames included. */
  subscribe(handler: Handler): void;
  /** Release the driver's timers. */
  close(): void;
  stats(): ReplicatorStats;
}

/**
 * The cluster wire (Go's `Transport`). The Go interface only broadcasts; the simulated one also
 * sends point to point, for votes and re-sends. Payloads are plain values, delivered by
 * reference: treat them as immutable.
 */
export interface Transport {
  /** Send `payload` to every other validator. */
  broadcast(kind: string, payload: unknown): void;
  /** Send `payload` to one validator. */
  send(to: string, kind: string, payload: unknown): void;
  /** Register the handler of one message kind (one per kind). */
  onReceive(kind: string, handler: (payload: unknown, from: string) => void): void;
  /** The validator set, this node first. */
  validators(): readonly string[];
  localId(): string;
}

/**
 * A node's disk: what survives a crash. Every write is durable when the call returns. The
 * simulation reads it too: "a majority stored the frame" (R5) means a majority of these stores
 * hold it, so a driver must store a frame here before voting for it.
 */
export interface NodeStore {
  /** The frame stored at a slot, if any. */
  frame(org: string, ns: string, seq: number): Frame | undefined;
  /** Store `frame` at its slot, replacing what was there. */
  putFrame(frame: Frame): void;
  /** A durable number (a cursor, a counter), undefined until set. */
  number(name: string): number | undefined;
  setNumber(name: string, value: number): void;
  /** Every name set so far, in the order first set. */
  names(): readonly string[];
}

/** What a driver gets from the node it runs on. Time is simulated; timers die with the node. */
export interface ReplicatorHost {
  readonly store: NodeStore;
  /** The planted bug of this run (`--bug`), or null: a driver may plant its own. */
  readonly bug: string | null;
  nowMs(): number;
  /** Run `fire` in `delayMs` simulated ms; `label` is a declared event kind (default `replicator.timer`). */
  schedule(delayMs: number, fire: () => void, label?: string): Timer;
  /** Record a driver event in the trace and histogram, if the target declares `label`. */
  event(label: string, frame?: Frame): void;
}

/** The quorum driver's configuration (Go's `QuasarConfig`). */
export interface QuorumConfig {
  readonly nodeId: string;
  /** Every validator, `nodeId` included. */
  readonly validators: readonly string[];
  readonly transport: Transport;
  /** How long `propose` waits for a decision, ms (default 2000). */
  readonly proposeWaitMs?: number;
  /** How long before re-sending to validators that have not answered, ms (default 100). */
  readonly witnessAfterMs?: number;
  /** How often a node asks a peer for the frames it missed, ms (default 50). */
  readonly catchUpEveryMs?: number;
}

/** Builds the driver of one node (again after each restart, with the same store). */
export type ReplicatorFactory = (host: ReplicatorHost, config: QuorumConfig) => Replicator;

export const DEFAULT_PROPOSE_WAIT_MS = 2000;
export const DEFAULT_WITNESS_AFTER_MS = 100;
export const DEFAULT_CATCH_UP_EVERY_MS = 50;

/** The smallest number of validators that is more than half of `n`. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The slot of a frame as one map key. */
export function slotKey(f: Pick<Frame, "org" | "ns" | "seq">): string {
  return `${f.org}\u0000${f.ns}\u0000${f.seq}`;
}

/** The namespace of a frame as one map key. */
export function namespaceKey(org: string, ns: string): string {
  return `${org}\u0000${ns}`;
}

/** True when two frames are the same mutation at the same slot. */
export function sameFrame(a: Frame, b: Frame): boolean {
  return a.org === b.org && a.ns === b.ns && a.seq === b.seq && a.op === b.op && a.key === b.key && a.value === b.value;
}

/** `org/ns#seq`, for messages. */
export function slotName(f: Pick<Frame, "org" | "ns" | "seq">): string {
  return `${f.org}/${f.ns}#${f.seq}`;
}

/** One readable line for a frame. */
export function describeFrame(f: Frame): string {
  return `${slotName(f)} ${f.op} ${f.key}${f.op === "put" ? `=${f.value ?? ""}` : ""}`;
}
