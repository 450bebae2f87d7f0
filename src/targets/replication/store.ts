/**
 * A node's simulated disk for its driver: frames by slot and a few named numbers. It belongs to
 * the node id, not to a node process, so it outlives crashes (writes are durable on return), and
 * the checker reads it to judge R5 (a majority stored the frame before `accept`).
 */
import type { Frame, NodeStore } from "./replication.js";

export class MemoryNodeStore implements NodeStore {
  /**
   * Frames by org, then namespace, then seq: a lookup builds no key (catch-up reads up to 32
   * frames per namespace per request, and a joined key string per read was a visible share of a
   * 5-node run).
   */
  readonly #frames = new Map<string, Map<string, Map<number, Frame>>>();
  readonly #numbers = new Map<string, number>();

  frame(org: string, ns: string, seq: number): Frame | undefined {
    return this.#frames.get(org)?.get(ns)?.get(seq);
  }

  putFrame(frame: Frame): void {
    let namespaces = this.#frames.get(frame.org);
    if (namespaces === undefined) this.#frames.set(frame.org, (namespaces = new Map()));
    let frames = namespaces.get(frame.ns);
    if (frames === undefined) namespaces.set(frame.ns, (frames = new Map()));
    // A copy: a driver that later mutates its object must not rewrite the disk behind its back.
    frames.set(frame.seq, { ...frame });
  }

  number(name: string): number | undefined {
    return this.#numbers.get(name);
  }

  setNumber(name: string, value: number): void {
    this.#numbers.set(name, value);
  }

  names(): readonly string[] {
    return [...this.#numbers.keys()];
  }
}
