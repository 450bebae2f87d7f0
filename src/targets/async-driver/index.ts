/**
 * The async-driver target: the reference driver under each supported driver contract (drawn per
 * seed), under invariants D1-D8 and DX. The contracts, budgets, signatures, benchmarks and
 * `makeDriverTarget` (around a driver of one's own) are exported too.
 */
export { default } from "./builtin.js";

export { makeDriverTarget, type DriverTargetOptions } from "./target.js";
export { referenceDriver, ReferenceDriver } from "./driver/reference-driver.js";
export { DRIVER_CONTRACT, type AsyncDriver, type DriverFactory } from "./driver/driver.js";
export type { DriverHost } from "./host.js";
export type { Telemetry } from "./telemetry.js";
export type * from "./model.js";
export * from "./contract.js";
export { INVARIANTS } from "./invariants.js";
export { BUGS } from "./bugs.js";
export type { DriverRunReport } from "./sim.js";
export * from "./labels.js";
export * from "./valid.js";
export * from "./drivers.js";
export * from "./budget.js";
export * from "./signature.js";
export { parseDriverContract } from "./contract-file.js";
export { aggregate, benchmarkRun, runBenchmarks, runEnterpriseBenchmarks, BENCH_OPS, type BenchOptions } from "./bench.js";
export { declaredContract } from "./driver/driver.js";
