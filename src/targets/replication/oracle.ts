/**
 * The oracle: what the cluster must end up holding, from what clients proposed and what the
 * drivers answered, independent of any node's state. It remembers every frame proposed, its last
 * decision, and per namespace the frame accepted at each seq; its replay folds the accepted
 * frames in seq order into the KV state every node must hold once the cluster is quiet.
 */
import { frameId, namespaceOf } from "./model.js";
import { describeFrame, type Decision, type Frame } from "./replication.js";

/** What the oracle knows about one proposed frame. */
export interface FrameFacts {
  readonly frame: Frame;
  readonly id: string;
  readonly j: number;
  /** The last decision returned for it: `pending` before any; `timeout` stays uncertain. */
  decision: "pending" | "accept" | "reject" | "timeout";
  /** How many node applications of it the checker saw. */
  applied: number;
}

/** A namespace's replay: its KV state, the seq it reaches, and the first seq with no accepted frame. */
export interface Replay {
  readonly kv: ReadonlyMap<string, string>;
  readonly last: number;
  readonly hole: number | undefined;
}

export class ReplicationOracle {
  readonly #frames = new Map<string, FrameFacts>();
  /** Per namespace: seq -> the frame accepted there (the first one, if ever two were). */
  readonly #accepted: Map<number, FrameFacts>[];
  /** Per namespace, the highest seq with an accepted frame. */
  readonly #last: Float64Array;
  /** Slots at which two different frames were accepted (described). */
  readonly conflicts: string[] = [];

  constructor(namespaces: number) {
    this.#accepted = Array.from({ length: namespaces }, () => new Map<number, FrameFacts>());
    this.#last = new Float64Array(namespaces);
  }

  /** A client's frame entered consensus (its first attempt). */
  proposed(frame: Frame): FrameFacts {
    const id = frameId(frame);
    let facts = this.#frames.get(id);
    if (facts === undefined) {
      facts = { frame, id, j: namespaceOf(frame), decision: "pending", applied: 0 };
      this.#frames.set(id, facts);
    }
    return facts;
  }

  facts(id: string): FrameFacts | undefined {
    return this.#frames.get(id);
  }

  /** A driver answered a proposal of `frame`. */
  decided(frame: Frame, decision: Decision): FrameFacts | undefined {
    const facts = this.#frames.get(frameId(frame));
    if (facts === undefined || decision === "undecided") return facts;
    facts.decision = decision;
    if (decision === "accept" && facts.j >= 0) {
      const slots = this.#accepted[facts.j]!;
      const there = slots.get(frame.seq);
      if (there === undefined) {
        slots.set(frame.seq, facts);
        if (frame.seq > this.#last[facts.j]!) this.#last[facts.j] = frame.seq;
      }
      else if (there !== facts) this.conflicts.push(`${describeFrame(there.frame)} and ${describeFrame(frame)} were both accepted`);
    }
    return facts;
  }

  /** The highest seq with an accepted frame in namespace `j` (0: none). */
  lastAccepted(j: number): number {
    return this.#last[j]!;
  }

  /** Frames whose last decision is not final (never answered, or only timed out). */
  *undecided(): Iterable<FrameFacts> {
    for (const facts of this.#frames.values()) if (facts.decision === "pending" || facts.decision === "timeout") yield facts;
  }

  /** Fold namespace `j`'s accepted frames in seq order, stopping at the first missing seq. */
  replay(j: number): Replay {
    const slots = this.#accepted[j]!;
    const last = this.lastAccepted(j);
    const kv = new Map<string, string>();
    for (let seq = 1; seq <= last; seq++) {
      const facts = slots.get(seq);
      if (facts === undefined) return { kv, last: seq - 1, hole: seq };
      const f = facts.frame;
      if (f.op === "put") kv.set(f.key, f.value ?? "");
      else kv.delete(f.key);
    }
    return { kv, last, hole: undefined };
  }
}
