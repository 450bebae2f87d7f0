/**
 * In-order, exactly-once delivery of committed frames to a node's subscribers: the path every
 * accepted frame takes, from `LocalReplicator` and from the quorum driver alike.
 *
 * Per namespace, a lane keeps the seq delivered up to (on the node's disk, so a restarted node
 * neither repeats nor skips frames), the frames that are due (nothing missing before them) and
 * the frames waiting for a gap to fill. A handler that throws has not applied its frame: the lane
 * stops and offers the same frame to that handler again `retryMs` later.
 */
import type { Timer } from "../../index.js";
import { namespaceKey, type Frame, type Handler, type NodeStore } from "./replication.js";

/** Planted mistakes of the delivery path (see bugs.ts). */
export interface DeliveryBugs {
  /** A frame at or below the delivered seq is not recognised as a duplicate. */
  readonly noDedupe?: boolean;
  /** A committed frame is delivered at once, even with frames missing before it. */
  readonly ignoreGaps?: boolean;
}

export interface DeliveryOptions {
  readonly store: NodeStore;
  readonly schedule: (delayMs: number, fire: () => void) => Timer;
  /** After a frame reached every handler. */
  readonly delivered: (frame: Frame) => void;
  /** A duplicate was dropped, or a handler failed (for the histogram). */
  readonly event: (label: "delivery.duplicate" | "delivery.gap" | "delivery.handler-failed", frame: Frame) => void;
  readonly retryMs?: number;
  readonly bugs?: DeliveryBugs;
}

const RETRY_MS = 10;
const CURSOR = "delivered\u0000";

interface Lane {
  readonly org: string;
  readonly ns: string;
  readonly name: string;
  cursor: number;
  readonly due: Frame[];
  readonly waiting: Map<number, Frame>;
  /** The seqs in `due` or `waiting`. */
  readonly queued: Set<number>;
  /** The first handler the head frame has not reached yet. */
  handler: number;
  busy: boolean;
  retry: Timer | undefined;
}

export class InOrderDelivery {
  readonly #handlers: Handler[] = [];
  readonly #lanes = new Map<string, Lane>();
  readonly #bugs: DeliveryBugs;
  #closed = false;

  constructor(readonly options: DeliveryOptions) {
    this.#bugs = options.bugs ?? {};
    // A restarted node resumes every namespace where its disk says it stopped.
    for (const name of options.store.names()) {
      if (!name.startsWith(CURSOR)) continue;
      const [org = "", ns = ""] = name.slice(CURSOR.length).split("\u0000");
      this.#lane(org, ns);
    }
  }

  subscribe(handler: Handler): void {
    this.#handlers.push(handler);
  }

  /** The seq this node delivered `org/ns` up to (0: nothing yet). */
  cursor(org: string, ns: string): number {
    return this.#lanes.get(namespaceKey(org, ns))?.cursor ?? 0;
  }

  /** Every namespace this node has heard of, with its cursor. */
  *cursors(): Iterable<readonly [org: string, ns: string, cursor: number]> {
    for (const lane of this.#lanes.values()) yield [lane.org, lane.ns, lane.cursor];
  }

  /** A committed frame, learned from anywhere: deliver it in its turn, once. */
  offer(frame: Frame): void {
    const lane = this.#lane(frame.org, frame.ns);
    if ((!this.#bugs.noDedupe && frame.seq <= lane.cursor) || lane.queued.has(frame.seq)) return this.options.event("delivery.duplicate", frame);
    lane.queued.add(frame.seq);
    // Due: nothing is missing before it.
    if (this.#bugs.ignoreGaps || frame.seq <= lane.cursor + 1) lane.due.push(frame);
    else {
      lane.waiting.set(frame.seq, frame);
      this.options.event("delivery.gap", frame);
    }
    this.#pump(lane);
  }

  close(): void {
    this.#closed = true;
    for (const lane of this.#lanes.values()) lane.retry?.cancel();
  }

  #lane(org: string, ns: string): Lane {
    const key = namespaceKey(org, ns);
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      const name = CURSOR + key;
      lane = { org, ns, name, cursor: this.options.store.number(name) ?? 0, due: [], waiting: new Map(), queued: new Set(), handler: 0, busy: false, retry: undefined };
      this.#lanes.set(key, lane);
    }
    return lane;
  }

  #pump(lane: Lane): void {
    while (!lane.busy && lane.retry === undefined && !this.#closed) {
      let frame = lane.due[0];
      if (frame === undefined) {
        frame = lane.waiting.get(lane.cursor + 1);
        if (frame === undefined) return;
        lane.waiting.delete(frame.seq);
        lane.due.push(frame);
      }
      if (!this.#handOut(lane, frame)) return;
    }
  }

  /** Offer the head frame to the handlers it has not reached; true when all applied it. */
  #handOut(lane: Lane, frame: Frame): boolean {
    while (lane.handler < this.#handlers.length) {
      let result: void | Promise<void>;
      try {
        result = this.#handlers[lane.handler]!(frame);
      } catch {
        this.#failed(lane, frame);
        return false;
      }
      if (isThenable(result)) {
        lane.busy = true;
        result.then(
          () => {
            lane.busy = false;
            lane.handler++;
            if (this.#handOut(lane, frame)) this.#pump(lane);
          },
          () => {
            lane.busy = false;
            this.#failed(lane, frame);
          },
        );
        return false;
      }
      lane.handler++;
    }
    lane.handler = 0;
    lane.due.shift();
    lane.queued.delete(frame.seq);
    lane.cursor = Math.max(lane.cursor, frame.seq);
    this.options.store.setNumber(lane.name, lane.cursor);
    this.options.delivered(frame);
    return true;
  }

  #failed(lane: Lane, frame: Frame): void {
    this.options.event("delivery.handler-failed", frame);
    if (this.#closed) return;
    lane.retry = this.options.schedule(this.options.retryMs ?? RETRY_MS, () => {
      lane.retry = undefined;
      this.#pump(lane);
    });
  }
}

function isThenable(x: unknown): x is PromiseLike<void> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}
