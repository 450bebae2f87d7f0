/**
 * The simulation glue every store-core target shares: store-control ops go to the store driver,
 * the target's own ops to `applyData`; each step ends with the driver's drain check and the
 * checker's findings; the run ends with the driver's full drain.
 */
import type { Instance, Violation } from "../../index.js";
import type { PendingWrite } from "./pending-model.js";
import type { StoreHandle } from "./store-core.js";
import type { StoreDriver, StoreTargetHooks } from "./store-driver.js";
import { isStoreControl, type StoreControlOp } from "./store-ops.js";
import type { ViolationLog } from "./violation-log.js";

export abstract class StoreSim<Op extends { readonly t: string }, P> implements Instance<Op | StoreControlOp>, StoreTargetHooks<P> {
  protected abstract readonly driver: StoreDriver<P>;
  protected abstract readonly log: ViolationLog;
  protected abstract readonly workload: { next(): Op | StoreControlOp };

  nextOp(): Op | StoreControlOp {
    return this.workload.next();
  }

  apply(op: Op | StoreControlOp): void {
    if (isStoreControl(op)) return this.driver.control(op);
    this.applyData(op as Op);
  }

  check(): readonly Violation[] {
    this.driver.afterStep();
    return this.log.take();
  }

  finish(): readonly Violation[] {
    this.driver.finish();
    return this.log.take();
  }

  /** Apply one of the target's own ops (not a store-control op). */
  protected abstract applyData(op: Op): void;

  abstract commit(write: PendingWrite<P>): void;
  abstract checkCompleted(handle: StoreHandle, write: PendingWrite<P>): void;
  abstract checkCommitFailed(handle: StoreHandle, write: PendingWrite<P>): void;
  abstract checkRejected(payload: P): void;
  abstract converged(where: string): boolean;
}
