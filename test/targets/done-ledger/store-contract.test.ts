/**
 * The done-ledger store contract (issue 15 point 5), through the shared store-contract suite,
 * plus what only a ledger store shows: a store that does not fit, or whose call fails, is named.
 */
import { describe, expect, it } from "vitest";
import { runSeed } from "../../../src/index.js";
import { checkClauses } from "../../../src/core/conformance.js";
import { LEDGER_METHODS } from "../../../src/targets/done-ledger/contract.js";
import builtIn from "../../../src/targets/done-ledger/index.js";
import type { LedgerBugs } from "../../../src/targets/done-ledger/ledger.js";
import { inMemoryLedgerStore } from "../../../src/targets/done-ledger/reference-store.js";
import broken from "../../../examples/ledger-store-memory-broken.js";
import example from "../../../examples/ledger-store-memory.js";
import { storeContractSuite } from "./store-contract-suite.js";

const planted: [keyof LedgerBugs, string, string][] = [
  ["lwwStatus", "lower-rank-never-overwrites", "I1"],
  ["overwriteBytes", "bytes-scanned-max", "I2"],
  ["findingsCountMax", "findings-count-follows-status", "I3"],
  ["stickyErrorCode", "scan-clears-error", "I4"],
  ["provenanceLww", "provenance-from-fresher", "I5"],
  ["skipLowerRank", "bytes-scanned-max", "I6"],
  ["unsortedSnapshot", "snapshot-sorted-once", "I10"],
];

describe("the done-ledger store contract", () => {
  storeContractSuite({
    builtIn,
    example,
    broken,
    invariants: ["I1", "I2", "I3", "I4", "I5", "I6", "I10", "I11", "calls"],
    kinds: ["write.held", "op.release-next"],
    misfit: [{ batchUpsert() {} }, /the default export is object, not a done-ledger store factory/],
    brokenClause: { id: "lower-rank-never-overwrites", message: /status is failed_retryable, expected scanned_clean/, invariant: "I1", also: ["I6"] },
    planted: planted.map(([bug, clause, invariant]) => [bug, inMemoryLedgerStore({ [bug]: true }), clause, invariant] as const),
    methods: LEDGER_METHODS,
    determinism: { seed: 4, options: { ops: 300, faultLevel: "radioactive", workload: "out-of-order" } },
  });

  it("a store that does not fit the contract, or whose call fails, breaks `calls` with the method named", async () => {
    const plug = (factory: unknown) => builtIn.impl!.plug(factory);
    const missing = await runSeed(plug(() => ({ batchUpsert: async () => undefined })), 0, { ops: 20, faultLevel: "stormy" });
    expect(missing.violations[0]?.invariant).toBe("calls");
    expect(missing.violations[0]?.message).toContain("has no method batchGet, getRecord, snapshot");
    const failing = () => Object.assign(example(), { getRecord: async () => Promise.reject(new Error("connection reset")) });
    const failed = await runSeed(plug(failing), 0, { ops: 50, faultLevel: "stormy" });
    expect(failed.violations[0]?.message).toBe("the store's getRecord failed: Error: connection reset");
    expect((await checkClauses(plug(failing))).some((r) => !r.ok)).toBe(true);
  });
});
