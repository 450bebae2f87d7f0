/**
 * A workload that draws each op kind from one weighted table: the target's own kinds are drawn by
 * the target, the store-control kinds (releases, fault counters) here.
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";
import { STORE_CONTROL_TYPES, drawStoreControl, type StoreControlOp, type StoreControlType } from "./store-ops.js";

export abstract class WeightedStoreWorkload<Op, K extends string> {
  readonly #choice: WeightedChoice<K | StoreControlType>;

  constructor(
    readonly rng: Rng,
    weights: Weights<K | StoreControlType>,
  ) {
    this.#choice = new WeightedChoice(weights);
  }

  next(): Op | StoreControlOp {
    const t = this.#choice.pick(this.rng);
    return (STORE_CONTROL_TYPES as readonly string[]).includes(t) ? drawStoreControl(t as StoreControlType, this.rng) : this.draw(t as K);
  }

  /** Draw an op of one of the target's own kinds. */
  protected abstract draw(t: K): Op;
}
