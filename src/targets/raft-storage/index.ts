/**
 * The raft-storage target: MemStore (the reference RaftStorage on the simulated disk) under the
 * conformance workload, its model and invariants S1-S6, with MemStore's planted bugs. The contract,
 * MemStore, `makeRaftStorageTarget` and the named clause checks are exported for a user's store.
 */
import { bugSpecs, memStoreBugs } from "./bugs.js";
import { memStore } from "./memstore/mem-store.js";
import { makeRaftStorageTarget } from "./target.js";

export default makeRaftStorageTarget(memStore(), { bugs: bugSpecs(), withBug: (bug) => memStore(memStoreBugs(bug)) });

export * from "./contract.js";
export { applyKv, decodeSnapshot, encodeSnapshot } from "./kv.js";
export { makeRaftStorageTarget, type RaftStorageTargetOptions } from "./target.js";
export { MemStore, memStore, type MemStoreBugs } from "./memstore/mem-store.js";
export { BUGS } from "./bugs.js";
export { CLAUSES, contractClauses, runClauses, runClause, ClauseFailure, type Clause, type ClauseGroup, type ClauseHarness, type ClauseResult } from "./clauses/index.js";
export { INVARIANTS } from "./invariants.js";
export { asFactory, openStore, STORAGE_METHODS } from "./open-store.js";
export type { RaftStorageOp } from "./ops.js";
