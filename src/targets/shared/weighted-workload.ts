/**
 * A workload that draws each op kind from one weighted table: the target's own kinds are drawn by
 * the target, the control kinds (store-core releases and fault counters for a built-in store,
 * deliveries of in-flight batches for a plugged one) by the control table's drawer.
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";
import { STORE_CONTROL_TYPES, drawStoreControl, type StoreControlOp, type StoreControlType } from "./store-ops.js";

export abstract class WeightedWorkload<Op, K extends string, C extends string, ControlOp> {
  readonly #choice: WeightedChoice<K | C>;
  /** Per enabled kind (by its position in the table): a control kind or the target's own. */
  readonly #isControl: readonly boolean[];

  constructor(
    readonly rng: Rng,
    weights: Weights<K | C>,
    readonly controls: readonly C[],
    readonly drawControl: (t: C, rng: Rng) => ControlOp,
  ) {
    this.#choice = new WeightedChoice(weights);
    this.#isControl = this.#choice.keys().map((t) => (controls as readonly string[]).includes(t));
  }

  next(): Op | ControlOp {
    const i = this.#choice.pickIndex(this.rng);
    const t = this.#choice.keys()[i]!;
    return this.#isControl[i] === true ? this.drawControl(t as C, this.rng) : this.draw(t as K);
  }

  /** Draw an op of one of the target's own kinds. */
  protected abstract draw(t: K): Op;
}

/** A built-in store's workload: the target's kinds plus the store-control ops. */
export abstract class WeightedStoreWorkload<Op, K extends string> extends WeightedWorkload<Op, K, StoreControlType, StoreControlOp> {
  constructor(rng: Rng, weights: Weights<K | StoreControlType>) {
    super(rng, weights, STORE_CONTROL_TYPES, drawStoreControl);
  }
}
