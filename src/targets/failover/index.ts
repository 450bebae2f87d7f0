/**
 * The failover target: the standard failover manager on a durable backend's store, backend and
 * pressure drawn per seed, under invariants F0-F5 and FX. The contracts, budgets, signatures and
 * `makeFailoverTarget` (for a certification, or around a manager of one's own) are exported too.
 */
export { default } from "./builtin.js";

export { standardManager, StandardManager } from "./standard-manager.js";
export { certifyBackend, certifyRun, judgeCell, CERTIFY_OPS } from "./certify.js";

export { makeFailoverTarget, type FailoverTargetOptions } from "./target.js";
export { MANAGER_CONTRACT, type FailoverHost, type FailoverManager, type FailoverManagerFactory, type LeaseTuning } from "./manager.js";
export * from "./contract.js";
export * from "./budget.js";
export * from "./signature.js";
export { expandedBackends } from "./backends.js";
export { parseContract } from "./contract-file.js";
export type * from "./model.js";
export { KEYS, SERVERS, DEPENDENCY } from "./model.js";
export type * from "./certification-types.js";
export { INVARIANTS } from "./invariants.js";
export { BUGS } from "./bugs.js";
export * from "./artifacts/index.js";
export { EVIDENCE_FORMAT } from "./artifacts/evidence.js";
export { runPressureMatrix, takeoverFencingRecoveryCertified, backendMatrixCertified, MATRIX_SEEDS } from "./matrix.js";
