/**
 * A Raft node (the paper's Figure 2) on a RaftStorage (MemStore on the node's simulated disk).
 *
 * Follow one request: a client calls `submit(cmd)` on the node it believes leads. A follower
 * answers "not leader" with its leader hint. The leader appends the command to its log
 * (`appendEntryToLog`, durable once it resolves) and sends AppendEntries (replication.ts). A
 * follower checks the entry before them, truncates a conflicting suffix, stores the new entries
 * and answers its match index. When a majority holds an entry of the leader's current term, it is
 * committed (commit.ts: §5.4.2, never an older term's entry by counting); every node learns the
 * commit index from the next AppendEntries, applies the entries in order to its KV (apply.ts), and
 * the node that holds the client's waiter resolves it with the command's answer. Reads go through
 * the log too: a get is an entry like a put, answered at its application, so it is linearizable
 * without a read index or leases.
 *
 * Compaction (snapshot.ts): once a node has applied COMPACT_EVERY entries past its snapshot base,
 * it snapshots its KV and the store drops the log through there; a follower that needs entries a
 * leader has dropped gets the leader's snapshot instead (InstallSnapshot). The log (log.ts) is the
 * snapshot base and the entries after it.
 *
 * Elections (election.ts) have no pre-vote: a node whose timer fires becomes a candidate at once.
 *
 * One storage call at a time: every message, timer and submission is a task on one queue, run in
 * order (async-raft's core is one task too). A crash loses everything here; a restart (the
 * cluster's factory) reopens the store on the same disk and reads the hard state, the snapshot (its
 * KV, and the log's base) and the log after it back.
 */
import type { NodeHost, Rng, Timer } from "../../index.js";
import type { Entry, RaftStorage, RaftStorageFactory } from "../raft-storage/contract.js";
import { KvMachine } from "./apply.js";
import type { CrashPoint } from "./crash-points.js";
import { advanceCommit } from "./commit.js";
import { askVotes, onRequestVote, onVote, startElection } from "./election.js";
import { RaftLog } from "./log.js";
import { commandEntry, entryCommand, type Command, type RaftMessage } from "./messages.js";
import type { RaftObserver, RaftTiming } from "./observer.js";
import { onAppend, onAppendReply, sendAppends, sendHeartbeats } from "./replication.js";
import { afterBase, compact, COMPACT_EVERY, loadSnapshot, onSnapshot } from "./snapshot.js";

export type Role = "follower" | "candidate" | "leader";
export type SubmitResult = { readonly ok: true; readonly out: string } | { readonly ok: false; readonly leader: number };

export interface NodeEnv {
  readonly size: number;
  readonly storage: RaftStorageFactory;
  readonly observer: RaftObserver;
  readonly timing: RaftTiming;
  readonly rng: (label: string) => Rng;
  readonly kinds: { readonly election: number; readonly electionTimer: number; readonly heartbeat: number };
  /** Simulated time, ms. */
  readonly now: () => number;
  /** A trace event of one of `kinds`. */
  readonly emit: (kind: number, a: number) => void;
  readonly bug: string | null;
  readonly deferred: <T>() => { promise: Promise<T>; resolve(v: T): void };
  /** Node `id` passed a crash point (crash-points.ts): the fault model may crash it there. */
  readonly crashPoint: (id: number, point: CrashPoint) => void;
}

export class RaftNode {
  term = 0;
  votedFor: number | null = null;
  role: Role = "follower";
  leader = -1;
  /** The log as the store holds it: the snapshot base and the entries after it. */
  log = new RaftLog();
  commit = 0;
  applied = 0;
  votes = new Set<number>();
  next: number[];
  match: number[];
  /** Per peer: sent nothing since the last heartbeat (replication.ts). */
  quiet: boolean[];
  store: RaftStorage | undefined;
  readonly kv: KvMachine;
  readonly #waiters = new Map<string, (r: SubmitResult) => void>();
  readonly #rng: Rng;
  #queue: Promise<void> = Promise.resolve();
  #election: Timer | undefined;
  #electionDue = 0;
  #heartbeat: Timer | undefined;

  constructor(
    readonly host: NodeHost<RaftMessage>,
    readonly env: NodeEnv,
  ) {
    this.kv = new KvMachine(env.bug === "retry-applied-twice");
    this.next = new Array<number>(env.size).fill(1);
    this.match = new Array<number>(env.size).fill(0);
    this.quiet = new Array<boolean>(env.size).fill(true);
    // One stream per node and incarnation, drawn from here on: a message never shifts another node's timeouts.
    this.#rng = env.rng(`raft/election/${host.id}/${host.incarnation}`);
    this.#task(() => this.#start());
  }

  get id(): number {
    return this.host.id;
  }

  get lastIndex(): number {
    return this.log.lastIndex;
  }

  termAt(index: number): number {
    return this.log.termAt(index);
  }

  majority(): number {
    return Math.floor(this.env.size / 2) + 1;
  }

  /** Run `fn` as a task of its own, after those queued (a storage call that cannot wait for the current one). */
  later(fn: () => Promise<void> | void): void {
    this.#task(fn);
  }

  receive(from: number, msg: RaftMessage): void {
    this.#task(() => this.#handle(from, msg));
  }

  /** A client's command: appended if this node leads, else "not leader" with a hint. */
  submit(cmd: Command): Promise<SubmitResult> {
    const d = this.env.deferred<SubmitResult>();
    this.#task(async () => {
      if (this.role !== "leader" || this.store === undefined) return d.resolve({ ok: false, leader: this.leader });
      // The planted bug "local-read" answers a get from this node's state machine, without
      // putting it through the log: a deposed leader, or a new one that has not yet applied its
      // predecessor's last entries, answers a stale value.
      if (cmd.f === "get" && this.env.bug === "local-read") return d.resolve({ ok: true, out: this.kv.read(cmd.key) });
      this.#waiters.set(`${cmd.client}:${cmd.seq}`, d.resolve);
      await this.append(commandEntry(this.lastIndex + 1, this.term, cmd));
      // A crash here leaves the command in this log alone (Figure 8's first step).
      this.env.crashPoint(this.id, "after-append");
      sendAppends(this);
    });
    return d.promise;
  }

  /** Save term and vote before anything that depends on them is sent. */
  async saveHardState(): Promise<void> {
    await this.store!.saveHardState({ currentTerm: this.term, votedFor: this.votedFor });
  }

  /** Adopt a newer term: follower, no vote yet in it. */
  async stepDown(term: number): Promise<void> {
    const wasLeading = this.role !== "follower";
    this.term = term;
    this.votedFor = null;
    this.role = "follower";
    this.votes.clear();
    if (wasLeading) this.#heartbeat?.cancel();
    await this.saveHardState();
    this.resetElection();
  }

  /** Append one entry as the leader (durable before anyone hears of it). */
  async append(entry: Entry): Promise<void> {
    await this.store!.appendEntryToLog(entry);
    const prevTerm = this.termAt(entry.index - 1);
    this.log.push(entry);
    this.match[this.id] = this.lastIndex;
    this.env.observer.stored(this.id, entry, prevTerm);
    // The planted bug "apply-before-commit": the leader applies (and answers) what it has stored.
    if (this.env.bug === "apply-before-commit") this.#applyThrough(this.lastIndex);
  }

  async becomeLeader(): Promise<void> {
    this.role = "leader";
    this.leader = this.id;
    this.next.fill(this.lastIndex + 1);
    this.match.fill(0);
    this.quiet.fill(true);
    this.env.observer.elected(this.id, this.term, this.log);
    this.#election?.cancel();
    // A blank entry of the new term: once it commits, so does everything before it (§5.4.2).
    await this.append({ index: this.lastIndex + 1, term: this.term, payload: { type: "blank" } });
    this.env.crashPoint(this.id, "after-elect");
    this.beat();
  }

  /** Commit through `index` (never back) and apply what that allows. */
  commitTo(index: number): void {
    if (index <= this.commit) return;
    const from = this.commit;
    this.commit = index;
    this.env.observer.committed(this.id, this.term, from, index, this.log);
    this.#applyThrough(this.commit);
  }

  /** Apply the entries after `applied` through `index`, answering the clients waiting on them. */
  #applyThrough(index: number): void {
    while (this.applied < index) {
      const entry = this.log.entry(this.applied + 1)!;
      this.applied++;
      this.env.observer.applied(this.id, entry);
      const cmd = entryCommand(entry);
      if (cmd === undefined) continue;
      const out = this.kv.apply(cmd);
      const key = `${cmd.client}:${cmd.seq}`;
      const waiter = this.#waiters.get(key);
      if (waiter !== undefined) {
        this.#waiters.delete(key);
        waiter({ ok: true, out });
      }
    }
    // Compaction writes to the store, which this (synchronous) step cannot wait for: a task of its own.
    if (this.applied - this.log.baseIndex >= COMPACT_EVERY) this.#task(() => compact(this));
  }

  /** A leader of the current term spoke: follow it. Answers whether this node was leading. */
  follow(leader: number): boolean {
    const wasLeader = this.role === "leader";
    this.role = "follower";
    this.leader = leader;
    this.resetElection();
    return wasLeader;
  }

  /**
   * Push the election timeout back to a fresh draw from now. Lazily: a follower hears its leader
   * several times per timeout, so the armed timer is kept when it fires no later than the new
   * deadline, and re-armed for the rest when it fires (etcd counts ticks for the same reason).
   */
  resetElection(): void {
    const base = this.env.timing.electionMs;
    this.#electionDue = this.env.now() + base + this.#rng.int(base + 1);
    if (this.#election?.pending === true && this.#election.atMs <= this.#electionDue) return;
    this.#armElection();
  }

  #armElection(): void {
    this.#election?.cancel();
    this.#election = this.host.schedule(this.#electionDue - this.env.now(), this.env.kinds.electionTimer, () => {
      if (this.env.now() < this.#electionDue) return this.#armElection();
      this.env.emit(this.env.kinds.election, this.id);
      this.#task(() => startElection(this));
    }, this.id);
  }

  /** The election timer fires now (a scripted schedule's step). */
  electNow(): void {
    this.#task(() => startElection(this));
  }

  advanceCommit(): void {
    advanceCommit(this);
  }

  /**
   * Every heartbeat interval, a leader sends AppendEntries (heartbeats when it has nothing new)
   * and a candidate asks again for the votes it lacks (Figure 2: retry RPCs that got no answer).
   */
  beat(): void {
    this.#heartbeat?.cancel();
    this.#heartbeat = this.host.schedule(this.env.timing.heartbeatMs, this.env.kinds.heartbeat, () => this.#task(async () => {
      if (this.role === "leader") sendHeartbeats(this);
      else if (this.role === "candidate") askVotes(this);
      else return;
      this.beat();
    }), this.id);
  }

  async #start(): Promise<void> {
    const store = await this.env.storage(this.host.disk, this.id);
    const init = await store.getInitialState();
    this.term = init.hardState.currentTerm;
    this.votedFor = init.hardState.votedFor;
    const base = await loadSnapshot(this, store);
    this.log = new RaftLog(base.index, base.term, afterBase(await store.getLogEntries(base.index + 1, init.lastLogIndex + 1), base.index));
    // A snapshot holds only committed entries, applied: the KV is at its index.
    this.commit = base.index;
    this.applied = base.index;
    this.env.observer.started(this.id, base.index, base.term);
    this.store = store;
    this.resetElection();
  }

  async #handle(from: number, msg: RaftMessage): Promise<void> {
    if (this.store === undefined) return;
    if (msg.term > this.term) await this.stepDown(msg.term);
    switch (msg.t) {
      case "rv":
        return onRequestVote(this, from, msg);
      case "vote":
        return onVote(this, from, msg);
      case "ae":
        return onAppend(this, from, msg);
      case "aer":
        return onAppendReply(this, from, msg);
      case "snap":
        return onSnapshot(this, from, msg);
    }
  }

  #task(fn: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(fn).catch((error: unknown) => this.env.observer.failed(this.id, error));
  }
}
