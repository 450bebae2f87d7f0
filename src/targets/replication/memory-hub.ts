/**
 * `MemoryHub` and `MemoryTransport`: the Go package's in-process transport, delivering through the
 * simulated network instead of a fan-out loop. The hub names the cluster's nodes (node i is
 * `validators[i]`); `connect(id, link)` gives a node its transport over its host's `send` and
 * `broadcast`, so every message is a kernel event that may be delayed, lost, duplicated,
 * reordered or cut by a partition, and a crashed node's traffic stops with it.
 */
import type { Transport } from "./replication.js";

/** What travels on the simulated wire: a transport message kind and its payload. */
export interface WireMessage {
  readonly kind: string;
  readonly payload: unknown;
}

/** A node's way onto the network (its `NodeHost`). */
export interface Link {
  send(to: number, msg: WireMessage): void;
  broadcast(msg: WireMessage): void;
}

export class MemoryHub {
  readonly #index = new Map<string, number>();

  constructor(readonly ids: readonly string[]) {
    ids.forEach((id, i) => this.#index.set(id, i));
    if (this.#index.size !== ids.length) throw new Error(`validator ids must be distinct: ${ids.join(", ")}`);
  }

  /** Attach node `id` through its link; the transport reaches every other node of the hub. */
  connect(id: string, link: Link): MemoryTransport {
    const index = this.#index.get(id);
    if (index === undefined) throw new Error(`'${id}' is not one of the hub's validators (${this.ids.join(", ")})`);
    return new MemoryTransport(this, index, link);
  }

  indexOf(id: string): number | undefined {
    return this.#index.get(id);
  }
}

export class MemoryTransport implements Transport {
  readonly #handlers = new Map<string, (payload: unknown, from: string) => void>();
  readonly #validators: readonly string[];

  constructor(
    readonly hub: MemoryHub,
    readonly index: number,
    readonly link: Link,
  ) {
    const ids = hub.ids;
    this.#validators = [ids[index]!, ...ids.filter((_, i) => i !== index)];
  }

  /** Go: "Broadcast delivers payload to every peer except this one." */
  broadcast(kind: string, payload: unknown): void {
    this.link.broadcast({ kind, payload });
  }

  send(to: string, kind: string, payload: unknown): void {
    const i = this.hub.indexOf(to);
    if (i === undefined || i === this.index) return;
    this.link.send(i, { kind, payload });
  }

  onReceive(kind: string, handler: (payload: unknown, from: string) => void): void {
    this.#handlers.set(kind, handler);
  }

  validators(): readonly string[] {
    return this.#validators;
  }

  localId(): string {
    return this.#validators[0]!;
  }

  /** A message from node `from` arrived: hand it to the handler of its kind (none: dropped). */
  receive(from: number, msg: WireMessage): void {
    this.#handlers.get(msg.kind)?.(msg.payload, this.hub.ids[from] ?? String(from));
  }
}
