/**
 * Messages in flight, per directed path and in total: sent (or duplicated) and not yet handed to
 * the destination's process or dropped. A message held by a clog or by a paused destination is
 * still in flight, so a paused receiver fills its paths up to their capacity (backpressure), and
 * `settled()` waits for it. O(1) per message.
 */
import type { NodeId } from "./types.js";

export class InFlight {
  readonly #n: number;
  readonly #byPath: Int32Array;
  #total = 0;

  constructor(nodes: number) {
    this.#n = nodes;
    this.#byPath = new Int32Array(nodes * nodes);
  }

  /** The index of the directed path `from -> to`. */
  path(from: NodeId, to: NodeId): number {
    return from * this.#n + to;
  }

  add(path: number): void {
    this.#byPath[path]!++;
    this.#total++;
  }

  /** The message on `path` was delivered or dropped. */
  settle(path: number): void {
    this.#byPath[path]!--;
    this.#total--;
  }

  on(path: number): number {
    return this.#byPath[path]!;
  }

  get total(): number {
    return this.#total;
  }
}
