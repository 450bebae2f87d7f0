/**
 * The simulation glue every plugged store target shares: delivery ops go to the plugged driver,
 * the target's own ops to `applyData` (each returns the promise of its place in the driver's
 * serial chain); each step ends with the checker's findings; the run ends with the driver's
 * final delivery and full comparison, and the store's `close`.
 */
import type { Instance, Violation } from "../../index.js";
import { isDelivery, type DeliveryOp } from "./delivery-ops.js";
import type { PluggedStoreDriver, PluggedStoreHooks } from "./plugged-driver.js";
import { makeStore, storeCall } from "./store-call.js";
import type { ViolationLog } from "./violation-log.js";

/** What every store contract may offer at the end of a run. */
export interface Closable {
  close?(): Promise<void> | void;
}

export abstract class PluggedSim<Op extends { readonly t: string }, P, S extends Closable> implements Instance<Op | DeliveryOp>, PluggedStoreHooks<P> {
  protected abstract readonly driver: PluggedStoreDriver<P>;
  protected abstract readonly log: ViolationLog;
  protected abstract readonly workload: { next(): Op | DeliveryOp };
  #store: Promise<S> | undefined;

  constructor(
    readonly factory: () => S | PromiseLike<S>,
    /** The contract's methods, checked on the store the factory makes. */
    readonly methods: readonly string[],
  ) {}

  /** This run's store, made by the factory on first use (inside the serial chain). */
  protected store(): Promise<S> {
    this.#store ??= makeStore(this.factory, this.methods);
    return this.#store;
  }

  nextOp(): Op | DeliveryOp {
    return this.workload.next();
  }

  apply(op: Op | DeliveryOp): Promise<void> {
    if (isDelivery(op)) return this.driver.control(op);
    return this.applyData(op as Op);
  }

  check(): readonly Violation[] {
    this.driver.keepAlive();
    return this.log.take();
  }

  async finish(): Promise<readonly Violation[]> {
    const done = this.driver.finish();
    this.driver.keepAlive();
    await done;
    await this.driver.serial(async () => {
      const store = await this.store();
      if (typeof store.close === "function") await storeCall("close", () => store.close?.());
    });
    return this.log.take();
  }

  /** Apply one of the target's own ops (not a delivery): its promise settles when it ran. */
  protected abstract applyData(op: Op): Promise<void>;

  abstract write(payload: P): Promise<void>;
  abstract converge(where: string): Promise<boolean>;
}
