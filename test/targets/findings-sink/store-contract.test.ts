/**
 * The findings store contract (issue 15 point 5), through the shared store-contract suite, plus
 * what only a findings store shows: a rejection without the contract's kind and key is named.
 */
import { describe, expect, it } from "vitest";
import { runSeed } from "../../../src/index.js";
import { FINDINGS_METHODS } from "../../../src/targets/findings-sink/contract.js";
import builtIn from "../../../src/targets/findings-sink/index.js";
import { inMemoryFindingsStore } from "../../../src/targets/findings-sink/reference-store.js";
import type { SinkBugs } from "../../../src/targets/findings-sink/sink.js";
import broken from "../../../examples/findings-store-memory-broken.js";
import example from "../../../examples/findings-store-memory.js";
import { storeContractSuite } from "../done-ledger/store-contract-suite.js";

const planted: [keyof SinkBugs, string, string][] = [
  ["orphanOccurrences", "missing-finding", "F1"],
  ["overwriteConflictingFinding", "finding-conflict", "F2"],
  ["mutateBeforeValidate", "rejected-batch-leaves-nothing", "F3"],
  ["durableParentsOnly", "parents-in-batch-or-durable", "F4"],
  ["replayDuplicates", "replay-adds-no-row", "F5"],
  ["staleProvenanceWins", "observation-fresher-wins", "F6"],
];

describe("the findings store contract", () => {
  storeContractSuite({
    builtIn,
    example,
    broken,
    invariants: ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "calls"],
    kinds: ["batch.MissingFinding", "write.commit-failed"],
    misfit: [null, /the default export is null, not a findings store factory/],
    brokenClause: { id: "rejected-batch-leaves-nothing", message: /^a batch whose last observation is orphaned was rejected but left finding f2, occurrence o2 behind$/, invariant: "F3" },
    planted: planted.map(([bug, clause, invariant]) => [bug, inMemoryFindingsStore({ [bug]: true }), clause, invariant] as const),
    methods: FINDINGS_METHODS,
    determinism: { seed: 9, options: { ops: 300, faultLevel: "radioactive" } },
  });

  it("a rejection without the contract's kind and key breaks `calls`, naming the error", async () => {
    const untyped = () => Object.assign(example(), { upsertBatch: async () => Promise.reject(new Error("deadlock detected")) });
    const run = await runSeed(builtIn.impl!.plug(untyped), 0, { ops: 50, faultLevel: "stormy" });
    expect(run.violations[0]?.invariant).toBe("calls");
    expect(run.violations[0]?.message).toMatch(/^upsertBatch rejected with Error: deadlock detected, not an error with the contract's kind and key/);
  });
});
