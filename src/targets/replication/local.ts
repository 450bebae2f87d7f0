/**
 * `LocalReplicator`: the single-node passthrough. Every proposal is accepted at once and goes
 * through the same accept path as a quorum accept (disk, then the subscribers in seq order), so a
 * shard manager cannot tell the difference. It answers once its subscribers applied the frame.
 */
import { AcceptPath } from "./accept-path.js";
import type { Decision, Frame, Handler, Replicator, ReplicatorFactory, ReplicatorHost, ReplicatorStats } from "./replication.js";

export class LocalReplicator implements Replicator {
  readonly #path: AcceptPath;
  #accepted = 0;
  #timeouts = 0;
  #closed = false;

  constructor(readonly host: ReplicatorHost) {
    this.#path = new AcceptPath(host);
  }

  async propose(frame: Frame): Promise<Decision> {
    // Closed: nothing will apply the frame (Go's engine would return its context's error).
    if (this.#closed) {
      this.#timeouts++;
      return "timeout";
    }
    this.host.event("local.accept", frame);
    // A copy: the caller may keep using its object.
    const committed = { ...frame };
    const applied = this.#path.applied(committed);
    this.#path.commit(committed);
    await applied;
    this.#accepted++;
    return "accept";
  }

  subscribe(handler: Handler): void {
    this.#path.subscribe(handler);
  }

  close(): void {
    this.#closed = true;
    this.#path.close();
  }

  /** Go's `Stats() (accepted, rejected)`; a local replicator never rejects, and times out only once closed. */
  stats(): ReplicatorStats {
    return { accepted: this.#accepted, rejected: 0, timeouts: this.#timeouts };
  }
}

/** The factory of the `local` workload: the configuration (validators, transport) is unused. */
export const localReplicator: ReplicatorFactory = (host) => new LocalReplicator(host);
