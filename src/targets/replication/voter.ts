/**
 * The quorum driver's side that every node runs for its peers: store-or-refuse votes, commits,
 * and catch-up (asking a peer, in turn, for the committed frames after the ones delivered here,
 * and answering such requests). The proposer's side is quorum.ts.
 */
import type { Timer } from "../../index.js";
import type { AcceptPath } from "./accept-path.js";
import { sameFrame, type Frame, type ReplicatorHost, type Transport } from "./replication.js";

/** A peer's answer to a proposal. */
export interface Vote {
  readonly org: string;
  readonly ns: string;
  readonly seq: number;
  readonly ok: boolean;
}

/** A catch-up request: where the asker delivered each namespace it knows up to. */
interface Heads {
  readonly heads: readonly (readonly [org: string, ns: string, cursor: number])[];
}

/** Most frames one catch-up answer carries per namespace (the asker asks again for the rest). */
const CATCH_UP_BATCH = 32;

export class Voter {
  readonly #peers: readonly string[];
  #round = 0;
  #tick: Timer | undefined;
  #closed = false;

  constructor(
    readonly host: ReplicatorHost,
    readonly transport: Transport,
    readonly path: AcceptPath,
    readonly catchUpEveryMs: number,
    /** A peer's vote reached this node (for the proposer side). */
    readonly onVote: (vote: Vote, from: string) => void,
  ) {
    this.#peers = transport.validators().slice(1);
    transport.onReceive("propose", (payload, from) => this.#proposed(payload as Frame, from));
    transport.onReceive("vote", (payload, from) => this.onVote(payload as Vote, from));
    transport.onReceive("commit", (payload) => this.#committed(payload as Frame));
    transport.onReceive("heads", (payload, from) => this.#answer(payload as Heads, from));
    transport.onReceive("frames", (payload) => this.#caughtUp(payload as readonly Frame[]));
    if (this.#peers.length > 0) this.#arm();
  }

  /**
   * This node's vote for `frame`: store it if its slot is free (or holds it already) and vote yes,
   * else refuse. The vote is durable before it is cast.
   */
  storeOrRefuse(frame: Frame): boolean {
    const store = this.host.store;
    const held = store.frame(frame.org, frame.ns, frame.seq);
    if (held === undefined) {
      store.putFrame(frame);
      this.host.event("quorum.store", frame);
      return true;
    }
    if (sameFrame(held, frame)) return true;
    this.host.event("quorum.refuse", frame);
    return false;
  }

  close(): void {
    this.#closed = true;
    this.#tick?.cancel();
  }

  #proposed(frame: Frame, from: string): void {
    const ok = this.storeOrRefuse(frame);
    const vote: Vote = { org: frame.org, ns: frame.ns, seq: frame.seq, ok };
    this.transport.send(from, "vote", vote);
  }

  #committed(frame: Frame): void {
    this.host.event("quorum.commit", frame);
    this.path.commit(frame);
  }

  /** Every `catchUpEveryMs`, ask the next peer in turn for what this node has not delivered. */
  #arm(): void {
    this.#tick = this.host.schedule(
      this.catchUpEveryMs,
      () => {
        if (this.#closed) return;
        const peer = this.#peers[this.#round++ % this.#peers.length]!;
        const heads: Heads = { heads: [...this.path.delivery.cursors()] };
        this.transport.send(peer, "heads", heads);
        this.#arm();
      },
      "quorum.catch-up-tick",
    );
  }

  /** The committed frames this node delivered after each of the asker's heads. */
  #answer(request: Heads, from: string): void {
    const frames: Frame[] = [];
    for (const [org, ns, mine] of this.path.delivery.cursors()) {
      const after = headOf(request.heads, org, ns);
      const last = Math.min(mine, after + CATCH_UP_BATCH);
      for (let seq = after + 1; seq <= last; seq++) {
        const frame = this.host.store.frame(org, ns, seq);
        if (frame !== undefined) frames.push(frame);
      }
    }
    if (frames.length > 0) this.transport.send(from, "frames", frames);
  }

  #caughtUp(frames: readonly Frame[]): void {
    for (const frame of frames) {
      this.host.event("quorum.catch-up", frame);
      this.path.commit(frame);
    }
  }
}

/**
 * The asker's cursor for a namespace (its last, 0 when it has none). A scan: a request carries one head per
 * namespace, a handful, where a map keyed by joined strings cost more on every request.
 */
function headOf(heads: Heads["heads"], org: string, ns: string): number {
  let found = 0;
  for (const [o, n, cursor] of heads) if (o === org && n === ns) found = cursor;
  return found;
}
