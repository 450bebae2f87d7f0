/**
 * One run of the findings-sink: drives the sink through the shared store driver, keeps the oracle
 * in lockstep (each batch is judged when it is applied) and feeds the checker what each step
 * touched.
 */
import type { RunContext } from "../../index.js";
import type { PendingWrite } from "../shared/pending-model.js";
import type { StoreHandle } from "../shared/store-core.js";
import { StoreDriver } from "../shared/store-driver.js";
import { StoreSim } from "../shared/store-sim.js";
import { sinkBugs } from "./bugs.js";
import { SinkChecker } from "./invariants.js";
import type { FindingsBatch } from "./model.js";
import { GETTERS, SNAPSHOTS, SinkObserver } from "./observer.js";
import { toBatch, type SinkDataOp } from "./ops.js";
import { FindingsOracle } from "./oracle.js";
import { InMemoryFindingsSink } from "./sink.js";
import { BatchSource, sinkWorkload, type SinkWorkload } from "./workload.js";

export { EVENT_KINDS, FAULT_KINDS, describeSinkEvent } from "./kinds.js";

export class SinkSim extends StoreSim<SinkDataOp, FindingsBatch> {
  readonly sink: InMemoryFindingsSink;
  readonly oracle = new FindingsOracle();
  readonly checker: SinkChecker;
  readonly driver: StoreDriver<FindingsBatch>;
  protected readonly log: SinkChecker;
  protected readonly workload: SinkWorkload;
  readonly #observe: SinkObserver;
  /** The driver's send step, made once rather than as a closure per upsert. */
  readonly #send = (batch: FindingsBatch): StoreHandle => this.sink.upsertBatch(batch);

  constructor(readonly ctx: RunContext) {
    super();
    this.driver = new StoreDriver(ctx, this.oracle.writes, this, { submit: "F8", commit: "F8", ids: "F8" }, (id, msg) => this.checker.fail(id, msg));
    this.sink = new InMemoryFindingsSink(sinkBugs(ctx.bug), this.driver.listener);
    this.driver.controls = this.sink;
    this.checker = this.log = new SinkChecker(ctx, this.sink, this.oracle);
    this.#observe = new SinkObserver(ctx, this.oracle, this.checker);
    this.workload = sinkWorkload(ctx.workload, new BatchSource(ctx.ops, () => ctx.nowMs()), (d) => ctx.weights(d));
  }

  // StoreTargetHooks: what the shared driver leaves to the sink.

  commit(write: PendingWrite<FindingsBatch>): void {
    this.#observe.judge(write.id, write.payload);
  }

  checkCompleted(handle: StoreHandle, write: PendingWrite<FindingsBatch>): void {
    const verdict = this.oracle.verdicts.get(write.id);
    this.oracle.verdicts.delete(write.id);
    if (verdict !== undefined) this.checker.finished(handle, write.payload, verdict);
  }

  checkCommitFailed(_handle: StoreHandle, write: PendingWrite<FindingsBatch>): void {
    this.checker.unchanged(write.payload, "F8", "a write failing at commit");
  }

  checkRejected(payload: FindingsBatch): void {
    this.checker.unchanged(payload, "F8", "an injected submission failure");
  }

  converged(where: string): boolean {
    return this.checker.converged(where);
  }

  protected applyData(op: SinkDataOp): void {
    const { sink } = this;
    const observe = this.#observe;
    switch (op.t) {
      case "upsert": {
        observe.upsertOp(op.batch, op.replay === true);
        const batch = toBatch(op.batch);
        const overlaps = this.#overlaps(batch);
        return this.driver.submit(batch, op.batch.observations.length, overlaps, this.#send);
      }
      case "getFinding":
      case "getOccurrence":
      case "getObservation": {
        const target = observe.readOp(op);
        return observe.read(target, sink[GETTERS[target.table]](target.tenant, target.id));
      }
      case "snapshot":
        observe.snapshotOp(op.table);
        return observe.snapshot(op.table, sink[SNAPSHOTS[op.table]]());
      case "counts":
        observe.countsOp();
        return this.checker.counts();
    }
  }

  /** Whether any observation of the batch is also written by a pending batch (swizzle.clog). */
  #overlaps(batch: FindingsBatch): boolean {
    if (this.ctx.workload !== "swizzle-clog" || batch.observations.length === 0) return false;
    const mine = new Set(batch.observations.map((b) => b.observationId));
    for (const w of this.oracle.writes.pending.values()) {
      if (w.payload.tenant === batch.tenant && w.payload.observations.some((b) => mine.has(b.observationId))) return true;
    }
    return false;
  }
}
