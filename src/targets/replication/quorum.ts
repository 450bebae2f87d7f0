/**
 * The quorum driver standing in for Quasar: the proposer's side (self-vote, broadcast, re-send to
 * the silent after `witnessAfterMs`, accept at a majority, reject when a majority refuses, timeout
 * at `proposeWaitMs`), over the voter side every node runs (voter.ts) and the shared accept path.
 * The protocol is written down in replication.ts.
 */
import type { Timer } from "../../index.js";
import { AcceptPath } from "./accept-path.js";
import type { DeliveryBugs } from "./delivery.js";
import {
  DEFAULT_CATCH_UP_EVERY_MS,
  DEFAULT_PROPOSE_WAIT_MS,
  DEFAULT_WITNESS_AFTER_MS,
  majority,
  slotKey,
  type Decision,
  type Frame,
  type Handler,
  type QuorumConfig,
  type Replicator,
  type ReplicatorHost,
  type ReplicatorStats,
  type Transport,
} from "./replication.js";
import { Voter, type Vote } from "./voter.js";

/** Planted mistakes of the quorum driver (see bugs.ts). */
export interface QuorumBugs extends DeliveryBugs {
  /** The quorum is taken as reached at the first peer vote (two votes), whatever the set's size. */
  readonly acceptAtFirstVote?: boolean;
  /** After `witnessAfterMs` with no refusal, validators that have not answered count as votes. */
  readonly silenceIsConsent?: boolean;
  /** A rejected frame is still handed to the local subscribers. */
  readonly applyRejected?: boolean;
  /** `stats()` counts a timeout as a rejection. */
  readonly timeoutCountsAsReject?: boolean;
}

interface Proposal {
  readonly frame: Frame;
  readonly key: string;
  readonly votes: Set<string>;
  readonly refusals: Set<string>;
  readonly waiters: ((decision: Decision) => void)[];
  /** A majority voted: the frame is committed; the answer waits for the local subscribers. */
  committed: boolean;
  resend: Timer | undefined;
  deadline: Timer | undefined;
}

export class QuorumReplicator implements Replicator {
  readonly #transport: Transport;
  readonly #self: string;
  readonly #others: readonly string[];
  readonly #needed: number;
  readonly #proposeWaitMs: number;
  readonly #witnessAfterMs: number;
  readonly #path: AcceptPath;
  readonly #voter: Voter;
  /** Proposals in flight by slot: the owner assigns each slot once, so one frame per slot. */
  readonly #inFlight = new Map<string, Proposal>();
  /**
   * Slots this node committed and has not applied yet (a frame before them is missing). A retry
   * of one only waits for the local apply: another round would change nothing, and a burst of
   * such rounds behind one gap can starve the very proposal that fills it.
   */
  readonly #committed = new Set<string>();
  readonly #stats = { accepted: 0, rejected: 0, timeouts: 0 };
  #closed = false;

  constructor(
    readonly host: ReplicatorHost,
    readonly config: QuorumConfig,
    readonly bugs: QuorumBugs = {},
  ) {
    this.#transport = config.transport;
    this.#self = config.nodeId;
    this.#others = config.validators.filter((v) => v !== config.nodeId);
    const n = config.validators.length;
    this.#needed = bugs.acceptAtFirstVote === true ? Math.min(2, n) : majority(n);
    this.#proposeWaitMs = config.proposeWaitMs ?? DEFAULT_PROPOSE_WAIT_MS;
    this.#witnessAfterMs = config.witnessAfterMs ?? DEFAULT_WITNESS_AFTER_MS;
    this.#path = new AcceptPath(host, bugs, (frame) => this.#applied(frame));
    this.#voter = new Voter(host, config.transport, this.#path, config.catchUpEveryMs ?? DEFAULT_CATCH_UP_EVERY_MS, (vote, from) => this.#voted(vote, from));
  }

  propose(frame: Frame): Promise<Decision> {
    if (this.#closed) {
      this.#stats.timeouts++;
      return Promise.resolve("timeout");
    }
    const key = slotKey(frame);
    const running = this.#inFlight.get(key);
    // A caller's retry of a frame in flight joins it.
    if (running !== undefined) return new Promise((resolve) => running.waiters.push(resolve));
    const p: Proposal = { frame: { ...frame }, key, votes: new Set(), refusals: new Set(), waiters: [], committed: false, resend: undefined, deadline: undefined };
    const answer = new Promise<Decision>((resolve) => p.waiters.push(resolve));
    this.#inFlight.set(key, p);
    p.deadline = this.host.schedule(this.#proposeWaitMs, () => this.#finish(p, "timeout"), "quorum.deadline");
    if (this.#committed.has(key)) {
      p.committed = true;
      return answer;
    }
    this.host.event("quorum.propose", frame);
    this.#count(p, this.#self, this.#voter.storeOrRefuse(p.frame));
    if (this.#inFlight.get(key) === p && !p.committed) {
      this.#transport.broadcast("propose", p.frame);
      this.#armResend(p);
    }
    return answer;
  }

  subscribe(handler: Handler): void {
    this.#path.subscribe(handler);
  }

  /** Stop: timers cancelled, and proposals in flight answered `timeout` (their fate is unknown). */
  close(): void {
    this.#closed = true;
    this.#voter.close();
    this.#path.close();
    for (const p of [...this.#inFlight.values()]) this.#finish(p, "timeout");
  }

  stats(): ReplicatorStats {
    return { ...this.#stats };
  }

  #voted(vote: Vote, from: string): void {
    const p = this.#inFlight.get(slotKey(vote));
    if (p !== undefined) this.#count(p, from, vote.ok);
  }

  /** Record one validator's answer (its first only) and decide if that settles the proposal. */
  #count(p: Proposal, from: string, ok: boolean): void {
    if (p.votes.has(from) || p.refusals.has(from)) return;
    (ok ? p.votes : p.refusals).add(from);
    this.#evaluate(p);
  }

  #evaluate(p: Proposal): void {
    if (!p.committed && p.votes.size >= this.#needed) {
      p.committed = true;
      p.resend?.cancel();
      this.host.event("quorum.quorum", p.frame);
      this.#committed.add(p.key);
      this.#path.commit(p.frame);
      if (this.#others.length > 0) this.#transport.broadcast("commit", p.frame);
    }
    if (p.committed) {
      if (this.#path.isApplied(p.frame)) this.#finish(p, "accept");
      return;
    }
    if (p.refusals.size >= majority(this.config.validators.length)) this.#finish(p, "reject");
  }

  /** A frame reached this node's subscribers: answer its proposer, if it is waiting here. */
  #applied(frame: Frame): void {
    const key = slotKey(frame);
    this.#committed.delete(key);
    const p = this.#inFlight.get(key);
    if (p !== undefined && p.committed) this.#finish(p, "accept");
  }

  /** Every `witnessAfterMs`, re-send the proposal to the validators that have not answered. */
  #armResend(p: Proposal): void {
    p.resend = this.host.schedule(
      this.#witnessAfterMs,
      () => {
        const silent = this.#others.filter((v) => !p.votes.has(v) && !p.refusals.has(v));
        if (this.bugs.silenceIsConsent === true && p.refusals.size === 0) {
          for (const v of silent) p.votes.add(v);
          this.#evaluate(p);
          if (p.committed || this.#inFlight.get(p.key) !== p) return;
        }
        this.host.event("quorum.resend", p.frame);
        for (const v of silent) this.#transport.send(v, "propose", p.frame);
        this.#armResend(p);
      },
      "quorum.witness",
    );
  }

  #finish(p: Proposal, decision: Decision): void {
    if (this.#inFlight.get(p.key) !== p) return;
    this.#inFlight.delete(p.key);
    p.resend?.cancel();
    p.deadline?.cancel();
    this.host.event(`quorum.${decision}`, p.frame);
    if (decision === "reject" && this.bugs.applyRejected === true) this.#path.delivery.offer(p.frame);
    for (const resolve of p.waiters) {
      if (decision === "accept") this.#stats.accepted++;
      else if (decision === "reject" || this.bugs.timeoutCountsAsReject === true) this.#stats.rejected++;
      else this.#stats.timeouts++;
      resolve(decision);
    }
  }
}
