/**
 * The `out-of-order` workload of a plugged store target: what swizzle-clog does with a built-in
 * store's pending queue, done on the wire, since a real backend has no queue to clog.
 *
 * A round: hold 2-6 batches over a few hot keys in flight (so they overlap; now and then an exact
 * replay of an earlier batch of the run), with reads in between; then deliver them with a
 * PRNG-chosen mix of deliveries at random positions and reads, and end the round with
 * deliverAll in a random order, which drains the flight and triggers the full comparison.
 */
import type { Rng, Weights } from "../../index.js";
import type { DeliveryOp } from "./delivery-ops.js";
import { RoundWorkload } from "./round-workload.js";
import type { SwizzleTarget } from "./swizzle-clog.js";

/** The delivery-phase action mix (swarm testing reweights it like any op table). */
export type ReorderAction = "deliver" | "deliverOldest" | "get" | "snapshot";

export const REORDER_WEIGHTS: Weights<ReorderAction> = { deliver: 5, deliverOldest: 2, get: 2, snapshot: 1 };

/** A plugged target's op: its batches are upserts, which may be held in flight or replays. */
export interface FlaggedOp {
  readonly t: string;
  readonly hold?: boolean;
  readonly replay?: boolean;
}

const REPLAY_P = 0.15;
const HISTORY = 16;

export class ReorderRounds<Op extends FlaggedOp> extends RoundWorkload<Op | DeliveryOp, ReorderAction> {
  readonly #history: Op[] = [];

  constructor(
    rng: Rng,
    weights: Weights<ReorderAction>,
    /** The target's batches and reads, as for swizzle-clog. */
    readonly target: SwizzleTarget<Op>,
  ) {
    super(rng, weights);
  }

  protected plan(q: (Op | DeliveryOp)[]): void {
    const { rng, target } = this;
    const hot = target.hotKeys(rng);
    const batches = rng.range(2, 6);
    for (let i = 0; i < batches; i++) {
      const batch = this.#batch(hot);
      q.push(batch.t === "upsert" ? { ...batch, hold: true } : batch);
      if (rng.chance(0.3)) q.push(target.read(hot));
    }
    for (let i = 0; i < batches - 1; i++) q.push(this.#action(hot));
    q.push({ t: "deliverAll", order: rng.chance(0.5) ? "oldestFirst" : "newestFirst" });
  }

  /** A new batch over the hot keys, or now and then a replay of an earlier one. */
  #batch(hot: readonly number[]): Op {
    const { rng, target } = this;
    if (this.#history.length > 0 && rng.chance(REPLAY_P)) return { ...rng.pick(this.#history), replay: true };
    const op = target.batch(hot);
    this.#history.push(op);
    if (this.#history.length > HISTORY) this.#history.shift();
    return op;
  }

  #action(hot: readonly number[]): Op | DeliveryOp {
    const rng = this.rng;
    switch (this.pickAction()) {
      case "deliver":
        return { t: "deliver", pick: rng.int(64) };
      case "deliverOldest":
        return { t: "deliver", pick: 0 };
      case "get":
        return this.target.read(hot);
      case "snapshot":
        return this.target.snapshot();
    }
  }
}
