/**
 * One run of the plugged findings-sink: drives a user's store through its contract (the plugged
 * store driver holds, delivers and duplicates batches on the wire), judges each batch with the
 * oracle when the store answers it, and checks what the store did through its own reads: after
 * every batch, the batch's rows, their parents and durableCounts; whenever nothing is in flight,
 * every table through its snapshot. Reads are checked against the committed tables as in the
 * built-in target.
 */
import type { RunContext } from "../../index.js";
import { PluggedSim } from "../shared/plugged-sim.js";
import { CALLS_INVARIANT, PluggedStoreDriver } from "../shared/plugged-driver.js";
import { StoreMisfit, storeCall } from "../shared/store-call.js";
import { FINDINGS_METHODS, type FindingsStore, type FindingsStoreFactory } from "./contract.js";
import { isSinkError } from "./errors.js";
import { SinkChecker } from "./invariants.js";
import { rowKey, type DurableCounts, type FindingsBatch } from "./model.js";
import { GETTERS, SNAPSHOTS, SinkObserver, type ReadTarget, type SinkRow } from "./observer.js";
import { toBatch, type Table } from "./ops.js";
import { FindingsOracle } from "./oracle.js";
import type { PluggedSinkDataOp, PluggedSinkOp } from "./plugged-ops.js";
import { pluggedSinkWorkload } from "./plugged-workload.js";
import { ProbedTables } from "./probed-tables.js";
import { BatchSource } from "./workload.js";

/** The id field of each table's rows. */
const IDS = { findings: "findingId", occurrences: "occurrenceId", observations: "observationId" } as const;

export class SinkStoreSim extends PluggedSim<PluggedSinkDataOp, FindingsBatch, FindingsStore> {
  readonly oracle = new FindingsOracle();
  readonly tables = new ProbedTables();
  readonly checker: SinkChecker;
  protected readonly log: SinkChecker;
  protected readonly driver: PluggedStoreDriver<FindingsBatch>;
  protected readonly workload: { next(): PluggedSinkOp };
  readonly #observe: SinkObserver;
  #writes = 0;

  constructor(
    readonly ctx: RunContext,
    factory: FindingsStoreFactory,
  ) {
    super(factory, FINDINGS_METHODS);
    this.checker = this.log = new SinkChecker(ctx, this.tables, this.oracle);
    this.#observe = new SinkObserver(ctx, this.oracle, this.checker);
    this.driver = new PluggedStoreDriver(ctx, this, (id, msg) => this.checker.fail(id, msg));
    this.workload = pluggedSinkWorkload(ctx.workload, new BatchSource(ctx.ops, () => ctx.nowMs()), (d) => ctx.weights(d));
  }

  protected applyData(op: PluggedSinkDataOp): Promise<void> {
    const { driver } = this;
    const observe = this.#observe;
    switch (op.t) {
      case "upsert": {
        observe.upsertOp(op.batch, op.replay === true);
        return driver.submit(toBatch(op.batch), op.hold === true);
      }
      case "getFinding":
      case "getOccurrence":
      case "getObservation": {
        const target = observe.readOp(op);
        return driver.serial(async () => observe.read(target, (await this.#get(target)) ?? undefined));
      }
      case "snapshot":
        observe.snapshotOp(op.table);
        return driver.serial(async () => observe.snapshot(op.table, await this.#snapshot(op.table)));
      case "counts":
        observe.countsOp();
        return driver.serial(async () => {
          this.tables.setCounts(await this.#counts());
          this.checker.counts();
        });
    }
  }

  // PluggedStoreHooks: what the plugged driver leaves to the sink.

  async write(batch: FindingsBatch): Promise<void> {
    const store = await this.store();
    const id = ++this.#writes;
    let error: Error | null = null;
    try {
      await store.upsertBatch(batch);
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
    }
    const verdict = this.#observe.judge(id, batch);
    this.oracle.verdicts.delete(id);
    if (error !== null && !isSinkError(error)) {
      const expected = verdict.ok ? "the batch is valid" : `it breaks ${verdict.kind} at ${verdict.key}`;
      return this.checker.fail(CALLS_INVARIANT, `upsertBatch rejected with ${error.name}: ${error.message}, not an error with the contract's kind and key (${expected})`);
    }
    await this.#probe(batch);
    this.checker.finished({ state: error === null ? "applied" : "failed", error }, batch, verdict);
  }

  async converge(where: string): Promise<boolean> {
    const snapshots = { findings: await this.#snapshot("findings"), occurrences: await this.#snapshot("occurrences"), observations: await this.#snapshot("observations") };
    this.tables.fill(snapshots, await this.#counts());
    return this.checker.converged(where);
  }

  /** Read back what the checker looks at after a batch: its rows, their parents, the counts. */
  async #probe(batch: FindingsBatch): Promise<void> {
    const tenant = batch.tenant;
    this.tables.reset();
    const ids: Record<Table, Set<string>> = {
      findings: new Set([...batch.findings.map((f) => f.findingId), ...batch.occurrences.map((o) => o.findingId)]),
      occurrences: new Set([...batch.occurrences.map((o) => o.occurrenceId), ...batch.observations.map((b) => b.occurrenceId)]),
      observations: new Set(batch.observations.map((b) => b.observationId)),
    };
    for (const table of ["findings", "occurrences", "observations"] as const) {
      for (const id of ids[table]) this.tables.setRow(table, tenant, id, await this.#get({ table, tenant, id }));
    }
    this.tables.setCounts(await this.#counts());
  }

  async #get(target: ReadTarget): Promise<SinkRow | null | undefined> {
    const store = await this.store();
    const method = GETTERS[target.table];
    return storeCall<SinkRow | null | undefined>(method, () => store[method](target.tenant, target.id));
  }

  /** A table's snapshot keyed by rowKey(tenant, id), as the checker compares it. */
  async #snapshot(table: Table): Promise<[string, SinkRow][]> {
    const store = await this.store();
    const method = SNAPSHOTS[table];
    const rows = await storeCall<unknown>(method, () => store[method]());
    if (!Array.isArray(rows)) throw new StoreMisfit(`the store's ${method} returned ${typeof rows}, not an array of rows`);
    return rows.map((row: SinkRow & { tenant: string }) => [rowKey(row.tenant, (row as unknown as Record<string, string>)[IDS[table]]!), row]);
  }

  async #counts(): Promise<DurableCounts> {
    const store = await this.store();
    return storeCall("durableCounts", () => store.durableCounts());
  }
}
