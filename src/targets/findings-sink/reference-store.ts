/**
 * The built-in InMemoryFindingsSink behind the store contract: what the built-in target's clause
 * checks run on (`simctl conformance findings-sink`). Auto-completion is on and no fault is
 * injected, so every batch is judged and applied when it is submitted.
 */
import type { FindingsStore, FindingsStoreFactory } from "./contract.js";
import { InMemoryFindingsSink, type SinkBugs } from "./sink.js";

/** A snapshot's rows with their tenant (the sink keys its tables by `tenant\0id`). */
function withTenant<R>(rows: readonly [string, R][]): (R & { tenant: string })[] {
  return rows.map(([key, row]) => ({ tenant: key.slice(0, key.indexOf("\u0000")), ...row }));
}

/** The in-memory sink with `bugs` switched on, as a store factory (tests plug planted bugs in). */
export function inMemoryFindingsStore(bugs: SinkBugs): FindingsStoreFactory {
  return () => findingsStore(new InMemoryFindingsSink(bugs, () => undefined));
}

export const referenceFindingsStore: FindingsStoreFactory = inMemoryFindingsStore({});

function findingsStore(sink: InMemoryFindingsSink): FindingsStore {
  return {
    async upsertBatch(batch) {
      const handle = sink.upsertBatch(batch);
      if (handle.error !== null) throw handle.error;
    },
    async getFinding(tenant, id) {
      return sink.getFinding(tenant, id) ?? null;
    },
    async getOccurrence(tenant, id) {
      return sink.getOccurrence(tenant, id) ?? null;
    },
    async getObservation(tenant, id) {
      return sink.getObservation(tenant, id) ?? null;
    },
    async findingsSnapshot() {
      return withTenant(sink.findingsSnapshot());
    },
    async occurrencesSnapshot() {
      return withTenant(sink.occurrencesSnapshot());
    },
    async observationsSnapshot() {
      return withTenant(sink.observationsSnapshot());
    },
    async durableCounts() {
      return sink.durableCounts();
    },
  };
}
