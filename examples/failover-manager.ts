/**
 * A user's failover manager for the failover target: a lease-and-term manager written as a
 * closure, plugged in with
 *
 *   npx simctl sweep --target failover --impl ./examples/failover-manager.ts --seeds 200
 *
 * The module's default export is a factory `(host, durable) => FailoverManager`; the target builds
 * one per server node (again after each restart) and runs it against the backend's store, the
 * pressure, the clients and invariants F0-F5 and FX. The contract's types come from
 * `simctl-dst/failover`.
 *
 * How it works: one loop per node, campaign then lead, forever.
 * - campaign: read the lease every `pollEveryMs`; once it ran out (by the record's expiry), take
 *   it by compare-and-swap on the version seen. The grant's epoch is the fencing token.
 * - lead: a term for that epoch. Renew every `renewEveryMs`, counting the lease from when each
 *   request was sent; recover (read the state, or replay the whole log when the backend says
 *   recovery requires it), then serve. The term ends when a renewal is refused, or the lease runs
 *   out by this node's clock, or a fenced commit shows somebody else holds the lease.
 * - writes: admitted only while serving within the lease, committed one at a time from the term's
 *   view, each carrying the epoch and the manifest version so the store refuses it once a
 *   successor took over; acknowledged only after the store's answer. After an answer that leaves
 *   the view in doubt (timeout, unavailable, fenced), the view is read again before the next commit.
 *
 * A replaying backend's standby keeps a checkpoint (its first recovery reads the whole state, later
 * ones replay the log's tail onto it) and persists it, so a restarted node replays only the tail.
 * (The first checkpoint comes from a read, which gives the manifest version with the state.)
 */
import type { FailoverHost, FailoverManager, FailoverManagerFactory, LeaseRecord, Value, WriteAnswer } from "simctl-dst/failover";

export interface Options {
  /** Send the epoch with every commit so the store can refuse a stale primary's (default: true). */
  readonly fence?: boolean;
}

/** A primary's tenure of one epoch. */
interface Term {
  readonly epoch: number;
  /** Until when the lease is ours by this node's clock (a request's send time + the TTL). */
  until: number;
  held: boolean;
  serving: boolean;
  /** The store's state as this term knows it; `doubt` when an answer got lost. */
  values: Value[];
  version: number;
  doubt: boolean;
}

const RETRY_MS = 50;

/** The state as of a journal position (and the manifest version seen with it). */
interface Checkpoint {
  readonly values: readonly Value[];
  readonly position: number;
  readonly version: number;
}

/** The checkpoint a restarted node persisted, if any. */
function restored(durable: unknown): Checkpoint | undefined {
  if (typeof durable !== "object" || durable === null) return undefined;
  const c = durable as Partial<Checkpoint>;
  return Array.isArray(c.values) && typeof c.position === "number" && typeof c.version === "number" ? (c as Checkpoint) : undefined;
}

/** A factory of lease-and-term managers with `options`. */
export function leaseManager(options: Options = {}): FailoverManagerFactory {
  const fence = options.fence ?? true;
  return (host: FailoverHost, durable: unknown): FailoverManager => {
    const { tuning } = host;
    let term: Term | undefined;
    /** Commits go one at a time: each is computed from the view the one before left. */
    let chain: Promise<unknown> = Promise.resolve();

    const live = (t: Term): boolean => t.held && term === t && host.nowMs() < t.until;

    const end = (t: Term): void => {
      if (!t.held) return;
      t.held = false;
      if (t.serving) host.stepDown(t.epoch);
      t.serving = false;
    };

    /**
     * The store's state. A replaying backend's is the node's checkpoint (one `read` the first
     * time, kept across restarts with `persist`) with the log's tail since replayed onto it.
     */
    let checkpoint = restored(durable);
    const fetchState = async (): Promise<Checkpoint | undefined> => {
      const replay = host.contract.recoveryRequiresReplay;
      const base = checkpoint;
      let next: Checkpoint;
      if (!replay || base === undefined) {
        const a = await host.call({ t: "read" });
        if (a === "timeout" || a.t !== "state") return undefined;
        next = { values: a.values, position: a.position, version: a.version };
      } else {
        const a = await host.call({ t: "replay", from: base.position });
        if (a === "timeout" || a.t !== "journal") return undefined;
        const values = [...base.values];
        for (const r of a.records) values[r.key] = r.value;
        next = { values, position: a.position, version: a.version };
      }
      // Keep the newest (two fetches may overlap: a recovery's and a doubtful commit's).
      if (replay && (checkpoint === undefined || next.position >= checkpoint.position)) host.persist((checkpoint = next));
      return next;
    };

    const refresh = async (t: Term): Promise<boolean> => {
      const s = await fetchState();
      if (s === undefined || !live(t)) return false;
      t.values = [...s.values];
      t.version = s.version;
      t.doubt = false;
      return true;
    };

    const campaign = async (): Promise<{ lease: LeaseRecord; sentAt: number }> => {
      for (;;) {
        const seen = await host.call({ t: "lease.read" });
        if (seen !== "timeout" && seen.t === "lease" && (seen.lease.holder === 0 || host.nowMs() >= seen.lease.expiresAtMs)) {
          const sentAt = host.nowMs();
          const got = await host.call({ t: "lease.acquire", expectVersion: seen.lease.version, ttlMs: tuning.leaseMs });
          if (got !== "timeout" && got.t === "lease" && got.ok && got.lease.holder === host.id) return { lease: got.lease, sentAt };
        }
        await host.sleep(tuning.pollEveryMs);
      }
    };

    const keepRenewing = async (t: Term): Promise<void> => {
      while (t.held) {
        await host.sleep(Math.max(1, Math.min(tuning.renewEveryMs, t.until - host.nowMs())));
        if (!t.held) return;
        if (host.nowMs() >= t.until) return end(t);
        const sentAt = host.nowMs();
        const a = await host.call({ t: "lease.renew", epoch: t.epoch, ttlMs: tuning.leaseMs });
        if (!t.held || a === "timeout" || a.t !== "lease") continue;
        if (!a.ok) return end(t);
        t.until = sentAt + tuning.leaseMs;
      }
    };

    const lead = async (lease: LeaseRecord, sentAt: number): Promise<void> => {
      const t: Term = { epoch: lease.epoch, until: sentAt + lease.ttlMs, held: true, serving: false, values: [], version: 0, doubt: true };
      term = t;
      const renewing = keepRenewing(t);
      while (live(t) && !(await refresh(t))) await host.sleep(RETRY_MS);
      // A recovery that outlived the lease (a pause, a slow store) must not start serving.
      if (live(t)) {
        t.serving = true;
        host.serving(t.epoch, [...t.values]);
      } else end(t);
      await renewing;
    };

    const commit = async (t: Term, key: number, id: number): Promise<WriteAnswer> => {
      if (!t.serving || !t.held) return "not-primary";
      if (t.doubt && !(await refresh(t))) return "unavailable";
      const before = t.values[key] ?? [];
      if (before.includes(id)) return "ok"; // a retry of a write already committed
      const value = [...before, id];
      const a = await host.call({ t: "commit", key, value, writeId: id, epoch: t.epoch, fence, version: t.version });
      if (a !== "timeout" && a.t === "committed") {
        t.values[key] = value;
        t.version = a.version;
        return "ok";
      }
      t.doubt = true;
      if (a === "timeout" || a.t !== "fenced") return "unavailable";
      // Refused by fencing: a successor took the lease, or only the manifest moved under a lost answer.
      const lease = await host.call({ t: "lease.read" });
      if (lease !== "timeout" && lease.t === "lease" && (lease.lease.epoch !== t.epoch || lease.lease.holder !== host.id)) end(t);
      return "fenced";
    };

    void (async () => {
      for (;;) {
        const { lease, sentAt } = await campaign();
        await lead(lease, sentAt);
      }
    })();

    return {
      write(key, id) {
        const t = term;
        if (t === undefined || !t.serving || !live(t)) return Promise.resolve("not-primary");
        const answer = chain.then(() => commit(t, key, id));
        chain = answer;
        return answer;
      },
    };
  };
}

export default leaseManager();
