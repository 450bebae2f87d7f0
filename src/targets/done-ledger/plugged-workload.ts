/**
 * The plugged done-ledger's workloads. `default`: weighted upserts, held upserts, replays of
 * earlier batches, reads and deliveries of held batches at random positions. `out-of-order`: the
 * shared reorder rounds (see shared/reorder-rounds.ts) over the built-in swizzle-clog's hot keys
 * and reads.
 */
import type { Weights } from "../../index.js";
import { DELIVERY_TYPES, DELIVERY_WEIGHTS, drawDelivery, type DeliveryOp, type DeliveryType } from "../shared/delivery-ops.js";
import { REORDER_WEIGHTS, ReorderRounds } from "../shared/reorder-rounds.js";
import { WeightedWorkload } from "../shared/weighted-workload.js";
import type { KeyedRecord } from "./oracle.js";
import type { PluggedLedgerDataOp, PluggedLedgerOp } from "./plugged-ops.js";
import type { RecordSource } from "./records.js";
import { BATCH_MAX, DATA_WEIGHTS, drawLedgerRead, ledgerSwizzle } from "./workload.js";

type OwnType = "upsert" | "hold" | "replay" | "get" | "getRecord" | "snapshot";

export const PLUGGED_WEIGHTS: Weights<OwnType | DeliveryType> = { ...DATA_WEIGHTS, hold: 8, replay: 6, ...DELIVERY_WEIGHTS };

const HISTORY = 16;

export class PluggedLedgerWorkload extends WeightedWorkload<PluggedLedgerDataOp, OwnType, DeliveryType, DeliveryOp> {
  /** Recent batches, for replays. */
  readonly #history: (readonly KeyedRecord[])[] = [];

  constructor(
    readonly records: RecordSource,
    weights: Weights<OwnType | DeliveryType>,
  ) {
    super(records.rng, weights, DELIVERY_TYPES, drawDelivery);
  }

  protected draw(t: OwnType): PluggedLedgerDataOp {
    const rng = this.rng;
    if (t === "replay" && this.#history.length > 0) return { t: "upsert", recs: rng.pick(this.#history), replay: true };
    if (t !== "upsert" && t !== "hold" && t !== "replay") return drawLedgerRead(t, this.records);
    // A new batch (a replay too, while there is nothing to replay yet).
    const recs = this.records.batch(rng.range(1, BATCH_MAX));
    this.#history.push(recs);
    if (this.#history.length > HISTORY) this.#history.shift();
    return t === "hold" ? { t: "upsert", recs, hold: true } : { t: "upsert", recs };
  }
}

/** The workload a run asked for, with its weights (overrides and swarm applied by the kernel). */
export function pluggedLedgerWorkload(name: string, records: RecordSource, weights: <K extends string>(defaults: Weights<K>) => Weights<K>): { next(): PluggedLedgerOp } {
  if (name !== "out-of-order") return new PluggedLedgerWorkload(records, weights(PLUGGED_WEIGHTS));
  return new ReorderRounds<PluggedLedgerDataOp>(records.rng, weights(REORDER_WEIGHTS), ledgerSwizzle(records));
}
