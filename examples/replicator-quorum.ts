/**
 * A user's replicator for the replication target: a small majority-quorum driver, plugged in
 * with
 *
 *   npx simctl sweep --target replication --impl ./examples/replicator-quorum.ts --seeds 200
 *
 * The module's default export is a factory `(host, config) => Replicator`; the target builds one
 * per node (again after each restart) and runs it under its workload, network faults, oracle and
 * invariants R1-R7 and RL. The contract's types come from `simctl-dst/replication`.
 *
 * How it works: a proposer stores its frame and broadcasts it; a validator stores the first frame
 * it sees at a slot (its vote, on its disk, before it answers) and refuses any other; a majority of
 * votes commits the frame (stored as committed, broadcast, applied in seq order), a majority of
 * refusals rejects it. Every node asks a peer now and then for committed frames it missed.
 */
import type { Timer } from "simctl-dst";
import type { Decision, Frame, Handler, QuorumConfig as Config, Replicator, ReplicatorFactory, ReplicatorHost as Host } from "simctl-dst/replication";

export interface Options {
  /** Votes a frame needs (default: a majority of the validators). */
  readonly votesNeeded?: (validators: number) => number;
}

const slot = (f: { org: string; ns: string; seq: number }): string => `${f.org}/${f.ns}/${f.seq}`;
const same = (a: Frame, b: Frame): boolean => slot(a) === slot(b) && a.op === b.op && a.key === b.key && a.value === b.value;

/** A factory of quorum replicators with `options`. */
export function quorumReplicator(options: Options = {}): ReplicatorFactory {
  return (host: Host, config: Config) => {
    const { transport, validators, nodeId } = config;
    const n = validators.length;
    const needed = (options.votesNeeded ?? ((v: number) => Math.floor(v / 2) + 1))(n);
    const handlers: Handler[] = [];
    const stats = { accepted: 0, rejected: 0, timeouts: 0 };
    const pending = new Map<string, { frame: Frame; yes: Set<string>; no: Set<string>; done: (d: Decision) => void; committed: boolean }>();
    /** Committed frames waiting for their turn, by namespace then seq. */
    const queued = new Map<string, Map<number, Frame>>();
    /** Namespaces whose next frame failed in a handler and will be offered again. */
    const retrying = new Set<string>();
    /** Namespaces this node has heard of (after a restart: the cursors on its disk are lost to it until it hears again). */
    const known = new Set<string>();

    const cursorName = (org: string, ns: string): string => `applied/${org}/${ns}`;
    const cursor = (org: string, ns: string): number => host.store.number(cursorName(org, ns)) ?? 0;

    /** A committed frame of mine reached my handlers: answer accept. */
    function applied(frame: Frame): void {
      const mine = pending.get(slot(frame));
      if (mine?.committed) mine.done("accept");
    }

    /**
     * Apply every queued frame whose turn has come (handlers are called synchronously). A
     * handler that throws has not applied the frame: it is offered again 10 ms later.
     */
    function drain(org: string, ns: string): void {
      const key = `${org}/${ns}`;
      const waiting = queued.get(key);
      if (retrying.has(key)) return;
      for (let next = waiting?.get(cursor(org, ns) + 1); next !== undefined; next = waiting?.get(cursor(org, ns) + 1)) {
        try {
          for (const h of handlers) void h(next);
        } catch {
          retrying.add(key);
          host.schedule(10, () => {
            retrying.delete(key);
            drain(org, ns);
          });
          return;
        }
        waiting!.delete(next.seq);
        host.store.setNumber(cursorName(org, ns), next.seq);
        applied(next);
      }
    }

    function commit(frame: Frame): void {
      known.add(`${frame.org}/${frame.ns}`);
      host.store.putFrame(frame);
      if (frame.seq <= cursor(frame.org, frame.ns)) return applied(frame);
      const key = `${frame.org}/${frame.ns}`;
      if (!queued.has(key)) queued.set(key, new Map());
      queued.get(key)!.set(frame.seq, frame);
      drain(frame.org, frame.ns);
    }

    /** My vote: store the first frame of a slot, refuse any other. */
    function vote(frame: Frame): boolean {
      const held = host.store.frame(frame.org, frame.ns, frame.seq);
      if (held === undefined) host.store.putFrame(frame);
      return held === undefined || same(held, frame);
    }

    function tally(key: string, from: string, ok: boolean): void {
      const p = pending.get(key);
      if (p === undefined || p.committed) return;
      (ok ? p.yes : p.no).add(from);
      if (p.yes.size >= needed) {
        p.committed = true;
        transport.broadcast("commit", p.frame);
        commit(p.frame);
      } else if (p.no.size > n - needed) p.done("reject");
    }

    transport.onReceive("propose", (payload, from) => {
      const f = payload as Frame;
      transport.send(from, "vote", { key: slot(f), ok: vote(f) });
    });
    transport.onReceive("vote", (payload, from) => {
      const v = payload as { key: string; ok: boolean };
      tally(v.key, from, v.ok);
    });
    transport.onReceive("commit", (payload) => commit(payload as Frame));
    transport.onReceive("behind", (payload, from) => {
      const theirs = new Map((payload as [string, number][]).map(([k, after]) => [k, after]));
      const frames: Frame[] = [];
      for (const k of known) {
        const [org = "", ns = ""] = k.split("/");
        for (let s = (theirs.get(k) ?? 0) + 1; s <= cursor(org, ns) && frames.length < 64; s++) frames.push(host.store.frame(org, ns, s)!);
      }
      if (frames.length > 0) transport.send(from, "frames", frames);
    });
    transport.onReceive("frames", (payload) => (payload as Frame[]).forEach(commit));

    // Catch-up: tell the next peer in turn where each namespace I heard of is applied up to.
    const peers = validators.filter((v) => v !== nodeId);
    let turn = 0;
    let timer: Timer | undefined;
    const tick = (): void => {
      timer = host.schedule(config.catchUpEveryMs ?? 50, () => {
        const heads = [...known].map((k) => {
          const [org = "", ns = ""] = k.split("/");
          return [k, cursor(org, ns)];
        });
        transport.send(peers[turn++ % peers.length]!, "behind", heads);
        tick();
      });
    };
    if (peers.length > 0) tick();

    const replicator: Replicator = {
      propose(frame: Frame): Promise<Decision> {
        known.add(`${frame.org}/${frame.ns}`);
        return new Promise<Decision>((resolve) => {
          const key = slot(frame);
          const timers: Timer[] = [];
          const p = {
            frame,
            yes: new Set<string>(),
            no: new Set<string>(),
            committed: false,
            done: (d: Decision) => {
              if (pending.get(key) !== p) return;
              pending.delete(key);
              timers.forEach((t) => t.cancel());
              stats[d === "accept" ? "accepted" : d === "reject" ? "rejected" : "timeouts"]++;
              resolve(d);
            },
          };
          pending.set(key, p);
          timers.push(host.schedule(config.proposeWaitMs ?? 2000, () => p.done("timeout")));
          // Committed already and waiting for a frame before it: only wait (no new round).
          const waiting = queued.get(`${frame.org}/${frame.ns}`)?.get(frame.seq);
          if (waiting !== undefined && same(waiting, frame)) {
            p.committed = true;
            return;
          }
          const resend = (): void => {
            timers.push(
              host.schedule(config.witnessAfterMs ?? 100, () => {
                for (const v of peers) if (!p.yes.has(v) && !p.no.has(v)) transport.send(v, "propose", frame);
                resend();
              }),
            );
          };
          tally(key, nodeId, vote(frame));
          if (pending.get(key) !== p || p.committed) return;
          transport.broadcast("propose", frame);
          resend();
        });
      },
      subscribe: (handler: Handler) => void handlers.push(handler),
      close: () => timer?.cancel(),
      stats: () => ({ ...stats }),
    };
    return replicator;
  };
}

export default quorumReplicator();
