/**
 * A broken copy of examples/findings-store-memory.ts, for the check that the findings-sink target
 * catches it: each layer is written as soon as it validates (in a database: one autocommitted
 * statement per table instead of one transaction), so a batch rejected at a later layer, say for
 * an orphaned observation, leaves its findings and occurrences behind.
 *
 *   npx simctl conformance findings-sink --impl ./examples/findings-store-memory-broken.ts --seeds 20
 */
import type { FindingsBatch, FindingsStore } from "simctl-dst/findings-sink";
import { MemoryFindingsStore } from "./findings-store-memory.js";

class LayerByLayer extends MemoryFindingsStore {
  override async upsertBatch(batch: FindingsBatch): Promise<void> {
    this.checkShape(batch);
    this.checkFindings(batch);
    this.writeFindings(batch);
    this.checkOccurrences(batch);
    this.writeOccurrences(batch);
    this.checkObservations(batch);
    this.writeObservations(batch);
  }
}

export default function makeStore(): FindingsStore {
  return new LayerByLayer();
}
