/**
 * The plugged findings-sink's workloads. `default`: the built-in default's batches (new rows,
 * exact replays, conflicts, orphans, malformed rows) and reads, batches held in flight and
 * deliveries of held batches at random positions. `out-of-order`: the shared reorder rounds (see
 * shared/reorder-rounds.ts) over the built-in swizzle-clog's hot observations and reads.
 */
import type { Weights } from "../../index.js";
import { DELIVERY_TYPES, DELIVERY_WEIGHTS, drawDelivery, type DeliveryOp, type DeliveryType } from "../shared/delivery-ops.js";
import { REORDER_WEIGHTS, ReorderRounds } from "../shared/reorder-rounds.js";
import { WeightedWorkload } from "../shared/weighted-workload.js";
import type { PluggedSinkDataOp, PluggedSinkOp } from "./plugged-ops.js";
import { DATA_WEIGHTS, drawSinkData, sinkSwizzle, type BatchSource, type SinkKind } from "./workload.js";

type OwnType = SinkKind | "hold";

export const PLUGGED_WEIGHTS: Weights<OwnType | DeliveryType> = { ...DATA_WEIGHTS, hold: 8, ...DELIVERY_WEIGHTS };

export class PluggedSinkWorkload extends WeightedWorkload<PluggedSinkDataOp, OwnType, DeliveryType, DeliveryOp> {
  constructor(
    readonly batches: BatchSource,
    weights: Weights<OwnType | DeliveryType>,
  ) {
    super(batches.rng, weights, DELIVERY_TYPES, drawDelivery);
  }

  protected draw(t: OwnType): PluggedSinkDataOp {
    return t === "hold" ? { t: "upsert", batch: this.batches.batch(), hold: true } : drawSinkData(t, this.batches);
  }
}

/** The workload a run asked for, with its weights (overrides and swarm applied by the kernel). */
export function pluggedSinkWorkload(name: string, batches: BatchSource, weights: <K extends string>(defaults: Weights<K>) => Weights<K>): { next(): PluggedSinkOp } {
  if (name !== "out-of-order") return new PluggedSinkWorkload(batches, weights(PLUGGED_WEIGHTS));
  return new ReorderRounds<PluggedSinkDataOp>(batches.rng, weights(REORDER_WEIGHTS), sinkSwizzle(batches));
}
