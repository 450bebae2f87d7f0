/**
 * One run of the raft-storage target: the store under test on a standalone simulated disk, driven
 * by a Raft node (driver.ts) through the ops of the workload, one storage call at a time; crashes
 * and restarts cut the store off at once, whatever it is doing.
 *
 * The disk runs with the level's options (redrawn per seed with --swarm) except latent read faults
 * and misdirected writes, switched off: they destroy synced data, which a single store cannot get
 * back (a Raft node recovers it from its peers; the `raft` target keeps them). Crash faults stay
 * on: a torn last write and a partial loss hit only unsynced data, which a correct store must cope
 * with, so any corruption that reaches Raft is the store's fault (S6).
 *
 * No `heal()`: this target's faults are its crash and restart ops, over within their own step (the
 * recovery they queue runs in the liveness phase if need be), and the disk draws its faults from the
 * kernel's fault source, which the liveness phase turns off. `finish()` then checks every answer
 * once more and cuts the power a last time: whatever was acknowledged must come back.
 */
import { Disk, type DiskOptions, type Instance, type RunContext, type Violation } from "../../index.js";
import { ViolationLog } from "../shared/violation-log.js";
import type { RaftStorageFactory } from "./contract.js";
import { StorageDriver } from "./driver.js";
import { runOp } from "./node-ops.js";
import type { RaftStorageOp } from "./ops.js";
import { Serial } from "./serial.js";
import { RaftStorageWorkload, WEIGHTS } from "./workload.js";

export const DISK_OVERRIDES: Partial<DiskOptions> = { readFault: 0, misdirect: 0 };
/** The node id the store is configured with. */
export const NODE_ID = 1;

export class RaftStorageSim implements Instance<RaftStorageOp> {
  readonly log: ViolationLog;
  readonly driver: StorageDriver;
  readonly serial: Serial;
  readonly workload: RaftStorageWorkload;

  constructor(
    readonly ctx: RunContext,
    factory: RaftStorageFactory,
  ) {
    this.log = new ViolationLog(ctx);
    this.driver = new StorageDriver(ctx, new Disk(ctx, DISK_OVERRIDES), factory, this.log, NODE_ID);
    this.serial = new Serial(ctx);
    this.workload = new RaftStorageWorkload(ctx.ops, ctx.weights(WEIGHTS));
    // The node starts: the store is built on its (pristine) disk before the first op runs.
    void this.serial.enqueue(() => this.driver.recover());
  }

  nextOp(): RaftStorageOp {
    return this.workload.next();
  }

  apply(op: RaftStorageOp): Promise<void> {
    if (op.t === "crash" || op.t === "restart") {
      this.driver.cut(op.t === "crash");
      this.serial.abandon();
      return this.serial.enqueue(() => this.driver.recover(), true);
    }
    return this.serial.enqueue(() => runOp(this.driver, op));
  }

  check(): readonly Violation[] {
    return this.log.take();
  }

  async finish(): Promise<readonly Violation[]> {
    // A call still unanswered is the kernel's to report (the op stays pending): check nothing more.
    if (this.serial.idle && !this.driver.halted) await this.driver.finalCheck();
    return this.log.take();
  }
}
