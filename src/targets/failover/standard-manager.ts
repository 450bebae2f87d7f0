/**
 * The built-in failover manager (the system under test), one per server node:
 *
 * - standby: reads the lease every `pollEveryMs`; once it ran out, takes it by compare-and-swap
 *   on its version, which gives it the next epoch (its fencing token);
 * - recovering: rebuilds the state (replays the log from its checkpoint, or reads the state) while
 *   renewing the lease, then serves;
 * - primary: admits a client's write while its lease is valid by its own clock, and commits
 *   writes one at a time, each key's new list computed from its view, carrying its epoch (and the
 *   manifest version) so the store can refuse it once a successor took over; acknowledges after
 *   the store's answer; renews every `renewEveryMs` and steps down when a renewal is refused or
 *   the lease ran out unrenewed.
 *
 * The lease check happens when a write is admitted, not when its commit reaches the store: a
 * commit held in the network, or admitted just before a pause, reaches the store late. That gap
 * is real in every lease-based system, and fencing is what closes it (Kleppmann).
 */
import { managerBugs, type ManagerBugs } from "./bugs.js";
import type { FailoverHost, FailoverManager, FailoverManagerFactory } from "./manager.js";
import { appended, type LeaseRecord, type Value, type WriteAnswer } from "./model.js";
import { EMPTY_CHECKPOINT, readState, replayFrom, restoredCheckpoint, type Checkpoint } from "./recovery.js";

type Role = "standby" | "recovering" | "primary";

interface Admitted {
  readonly key: number;
  readonly id: number;
  readonly done: (answer: WriteAnswer) => void;
}

/** How long a recovering primary waits before asking the store again. */
const RECOVERY_RETRY_MS = 50;

export class StandardManager implements FailoverManager {
  readonly #bugs: ManagerBugs;
  readonly #leaseMs: number;
  #role: Role = "standby";
  #epoch = 0;
  /** Until when this node holds the lease by its own clock: a request's send time + the TTL. */
  #leaseUntilMs = 0;
  #state: Checkpoint = EMPTY_CHECKPOINT;
  /** The standby's last checkpoint of the log (replaying backends). */
  #checkpoint: Checkpoint;
  readonly #queue: Admitted[] = [];
  #pumping = false;
  /** Which standby loop is the live one: a loop left over from an earlier stint ends at its next await. */
  #stint = 0;

  constructor(
    readonly host: FailoverHost,
    durable: unknown,
  ) {
    this.#bugs = managerBugs(host.bug);
    this.#leaseMs = this.#bugs.longLease ? Math.round(host.contract.continuitySloMs * 1.5) : host.tuning.leaseMs;
    this.#checkpoint = restoredCheckpoint(durable);
    void this.#standby(this.#stint);
    if (host.contract.recoveryRequiresReplay) void this.#tail();
  }

  write(key: number, id: number): Promise<WriteAnswer> {
    if (this.#role !== "primary" || this.host.nowMs() >= this.#leaseUntilMs) return Promise.resolve("not-primary");
    return new Promise((done) => {
      this.#queue.push({ key, id, done });
      void this.#pump();
    });
  }

  /** Standby: poll the lease; take it once it ran out. */
  async #standby(stint: number): Promise<void> {
    const { host } = this;
    const live = (): boolean => this.#role === "standby" && this.#stint === stint;
    while (live()) {
      const seen = await host.call({ t: "lease.read" });
      if (live() && seen !== "timeout" && seen.t === "lease" && this.#expired(seen.lease)) {
        const sentAt = host.nowMs();
        const got = await host.call({ t: "lease.acquire", expectVersion: seen.lease.version, ttlMs: this.#leaseMs });
        if (live() && got !== "timeout" && got.t === "lease" && got.ok && got.lease.holder === host.id) return this.#takeOver(got.lease, sentAt);
      }
      await host.sleep(host.tuning.pollEveryMs);
    }
  }

  #expired(lease: LeaseRecord): boolean {
    if (lease.holder === 0) return true;
    const now = this.host.nowMs();
    // early-takeover: "no renewal for one renew interval" taken for "the lease ran out".
    if (this.#bugs.earlyTakeover) return now >= lease.expiresAtMs - lease.ttlMs + this.host.tuning.renewEveryMs;
    return now >= lease.expiresAtMs;
  }

  async #takeOver(lease: LeaseRecord, sentAt: number): Promise<void> {
    this.#role = "recovering";
    this.#epoch = lease.epoch;
    this.#leaseUntilMs = sentAt + lease.ttlMs;
    void this.#renew(lease.epoch);
    const state = await this.#recover(lease.epoch);
    if (state === undefined || !this.#holds(lease.epoch)) return;
    this.#state = state;
    // A recovery that outlived the lease (a pause, a slow store) must not start serving.
    if (this.host.nowMs() >= this.#leaseUntilMs) return this.#stepDown();
    this.#role = "primary";
    this.host.serving(lease.epoch, state.values);
  }

  /** Rebuild the state, asking again while the lease is held; undefined once it is lost. */
  async #recover(epoch: number): Promise<Checkpoint | undefined> {
    const { host } = this;
    const replay = host.contract.recoveryRequiresReplay;
    // skip-replay: the checkpoint is taken for the state, the log's tail ignored.
    if (replay && this.#bugs.skipReplay) return this.#checkpoint;
    while (this.#holds(epoch)) {
      const state = replay ? await replayFrom(host, this.#checkpoint) : await readState(host);
      if (state !== undefined) return state;
      await host.sleep(RECOVERY_RETRY_MS);
    }
    return undefined;
  }

  /** While holding `epoch`: renew every renewEveryMs; step down when refused or run out. */
  async #renew(epoch: number): Promise<void> {
    const { host } = this;
    while (this.#holds(epoch)) {
      await host.sleep(Math.max(1, Math.min(host.tuning.renewEveryMs, this.#leaseUntilMs - host.nowMs())));
      if (!this.#holds(epoch)) return;
      if (host.nowMs() >= this.#leaseUntilMs) return this.#stepDown();
      const sentAt = host.nowMs();
      const answer = await host.call({ t: "lease.renew", epoch, ttlMs: this.#leaseMs });
      if (!this.#holds(epoch) || answer === "timeout" || answer.t !== "lease") continue;
      if (!answer.ok) return this.#stepDown();
      this.#leaseUntilMs = sentAt + this.#leaseMs;
    }
  }

  #holds(epoch: number): boolean {
    return this.#role !== "standby" && this.#epoch === epoch;
  }

  #stepDown(): void {
    if (this.#role === "standby") return;
    const epoch = this.#epoch;
    const wasServing = this.#role === "primary";
    this.#role = "standby";
    for (const w of this.#queue.splice(0)) w.done("not-primary");
    if (wasServing) this.host.stepDown(epoch);
    // What it served is the freshest checkpoint it has.
    this.#checkpoint = this.#state;
    void this.#standby(++this.#stint);
  }

  /** Commit admitted writes one at a time. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      for (let w = this.#queue.shift(); w !== undefined; w = this.#queue.shift()) {
        if (this.#role !== "primary") w.done("not-primary");
        else await this.#commit(w);
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #commit(w: Admitted): Promise<void> {
    const { host } = this;
    const before = this.#state.values[w.key] ?? [];
    const value = appended(before, w.id);
    if (value === before) return w.done("ok"); // a retry of a write already committed
    const epoch = this.#epoch;
    const fence = host.contract.takeoverRequiresFencing && !this.#bugs.noFencing;
    const pending = host.call({ t: "commit", key: w.key, value, writeId: w.id, epoch, fence, version: this.#state.version });
    if (this.#bugs.ackBeforeDurable) w.done("ok");
    const answer = await pending;
    if (answer !== "timeout" && answer.t === "committed") {
      if (this.#epoch === epoch) this.#state = advanced(this.#state, w.key, value, answer.position, answer.version);
      return w.done("ok");
    }
    if (answer !== "timeout" && answer.t === "fenced") {
      w.done("fenced");
      return this.#afterFenced(epoch);
    }
    w.done("unavailable");
  }

  /** Refused by fencing: still the holder (the manifest moved under a lost answer)? Re-read; else step down. */
  async #afterFenced(epoch: number): Promise<void> {
    const lease = await this.host.call({ t: "lease.read" });
    if (!this.#holds(epoch)) return;
    if (lease === "timeout" || lease.t !== "lease" || lease.lease.epoch !== epoch || lease.lease.holder !== this.host.id) return this.#stepDown();
    const state = await readState(this.host);
    if (state !== undefined && this.#holds(epoch)) this.#state = state;
  }

  /** Standby of a replaying backend: checkpoint the log's tail now and then. */
  async #tail(): Promise<void> {
    const { host } = this;
    for (;;) {
      await host.sleep(host.tuning.checkpointEveryMs);
      if (this.#role !== "standby") continue;
      const next = await replayFrom(host, this.#checkpoint);
      if (next === undefined || this.#role !== "standby") continue;
      this.#checkpoint = next;
      host.persist(next);
    }
  }
}

/**
 * The state after one of its own commits. The journal position moves only when this commit is the
 * very next record: if an earlier commit landed but its answer was lost, the values lack it, and
 * a checkpoint claiming its position would make a later replay skip it. A position that stays
 * behind only makes a replay apply records again, which sets each key to what it became.
 */
function advanced(state: Checkpoint, key: number, value: Value, position: number, version: number): Checkpoint {
  return { values: withValue(state.values, key, value), position: position === state.position + 1 ? position : state.position, version };
}

function withValue<T>(values: readonly T[], key: number, value: T): T[] {
  const next = [...values];
  next[key] = value;
  return next;
}

/** The built-in manager, with the run's planted bug switched on. */
export const standardManager: FailoverManagerFactory = (host, durable) => new StandardManager(host, durable);
