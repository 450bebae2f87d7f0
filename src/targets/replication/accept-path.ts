/**
 * What happens to a frame once it is known committed, on any node, from any driver: it goes on
 * the node's disk as the slot's committed frame, then to the subscribers in its turn (through
 * {@link InOrderDelivery}); a proposer waits for its own subscribers before it answers `accept`.
 * `LocalReplicator` and the quorum driver share this path, so callers cannot tell them apart.
 */
import { InOrderDelivery, type DeliveryBugs } from "./delivery.js";
import { slotKey, type Frame, type Handler, type ReplicatorHost } from "./replication.js";

export class AcceptPath {
  readonly delivery: InOrderDelivery;
  /** Proposers waiting for their frame to be applied here, by slot. */
  readonly #waiters = new Map<string, (() => void)[]>();

  constructor(
    readonly host: ReplicatorHost,
    bugs: DeliveryBugs = {},
    /** After this node's subscribers applied a frame. */
    readonly onApplied?: (frame: Frame) => void,
  ) {
    this.delivery = new InOrderDelivery({
      store: host.store,
      schedule: (ms, fire) => host.schedule(ms, fire, "delivery.retry"),
      delivered: (frame) => this.#delivered(frame),
      event: (label, frame) => host.event(label, frame),
      bugs,
    });
  }

  subscribe(handler: Handler): void {
    this.delivery.subscribe(handler);
  }

  /** `frame` is committed at its slot: keep it on disk and deliver it in its turn. */
  commit(frame: Frame): void {
    this.host.store.putFrame(frame);
    this.delivery.offer(frame);
  }

  /** True once this node's subscribers applied the slot of `frame`. */
  isApplied(frame: Frame): boolean {
    return this.delivery.cursor(frame.org, frame.ns) >= frame.seq;
  }

  /** Resolves once this node's subscribers applied the slot of `frame`. */
  applied(frame: Frame): Promise<void> {
    if (this.isApplied(frame)) return Promise.resolve();
    return new Promise((resolve) => {
      const key = slotKey(frame);
      const list = this.#waiters.get(key);
      if (list === undefined) this.#waiters.set(key, [resolve]);
      else list.push(resolve);
    });
  }

  close(): void {
    this.delivery.close();
  }

  #delivered(frame: Frame): void {
    this.onApplied?.(frame);
    const key = slotKey(frame);
    const list = this.#waiters.get(key);
    if (list === undefined) return;
    this.#waiters.delete(key);
    for (const resolve of list) resolve();
  }
}
