/**
 * simctl's public library API: what `import { ... } from "simctl-dst"` gives. A target (built-in or a
 * user's) is written against these exports only.
 */
export { defineTarget, reachableKinds } from "./core/target.js";
export type { BugSpec, ClauseOptions, ContractClause, Deferred, ImplContract, Instance, RecordedStep, RunContext, Target, TargetSpec, ThinkRange, Violation } from "./core/target.js";
export type { Timer } from "./core/events.js";
export { SimAbortError, SimTimeoutError } from "./core/timers.js";
export type { SleepOptions } from "./core/timers.js";
export { LIVENESS } from "./core/liveness.js";
export type { StuckOp } from "./core/liveness.js";
export { Rng, SEED_MAX, isValidSeed } from "./core/rng.js";
export { WeightedChoice } from "./core/weights.js";
export type { Weights } from "./core/weights.js";
export { FAULT_LEVELS, faultProfile, isFaultLevel } from "./core/faults.js";
export type { FaultLevel, FaultProfile } from "./core/faults.js";
export type { FaultDecision, FaultSource } from "./core/decisions.js";
export { SWARM_DEFAULTS, swarmFaults, swarmWeights } from "./core/swarm.js";
export type { SwarmChoice, SwarmOptions } from "./core/swarm.js";
export { Cluster } from "./core/net/cluster.js";
export { NETWORK_QUIET, networkOptions, swarmNetworkOptions } from "./core/net/options.js";
export { NET_EVENT_KINDS, NET_FAULT_KINDS } from "./core/net/kinds.js";
export type { NetEventKind, NetFaultKind } from "./core/net/kinds.js";
export { describeNetEvent, netEventNode } from "./core/net/describe.js";
export type { NodeName } from "./core/net/describe.js";
export type { ClusterApi, ClusterConfig, Durable, NetworkOptions, NodeFactory, NodeHost, NodeId, NodeProcess, NodeStatus, PartitionMode, PartitionSymmetry } from "./core/net/types.js";
export { Disk } from "./core/disk/disk.js";
export { DiskCorruption } from "./core/disk/corruption.js";
export { DISK_QUIET, diskOptions, swarmDiskOptions } from "./core/disk/options.js";
export { DISK_EVENT_KINDS, DISK_FAULT_KINDS } from "./core/disk/kinds.js";
export type { DiskEventKind, DiskFaultKind } from "./core/disk/kinds.js";
export { describeDiskEvent, diskEventNode } from "./core/disk/describe.js";
export type { CorruptionReason, DiskApi, DiskOptions } from "./core/disk/types.js";
export { runSeed } from "./core/run.js";
export { DEFAULT_SHRINK_BUDGET, shrinkSeed, shrinkSteps } from "./core/shrink.js";
export { TargetAssertionError, assertTarget } from "./core/assert.js";
export { checkClauses } from "./core/conformance.js";
export type { ClauseResult } from "./core/conformance.js";
export type { AssertTargetOptions } from "./core/assert.js";
export type { ShrinkOptions, ShrinkResult } from "./core/shrink.js";
export type { OpObserver, RunHooks, RunResult } from "./core/run.js";
export { seedStatus, sweep, SweepAccumulator, validateRange } from "./core/sweep.js";
export type { SeedOutcome, SeedRange, SeedStatus, SweepReport } from "./core/sweep.js";
export { DEFAULT_FAULT_LEVEL, DEFAULT_LIVENESS_MS_MAX, DEFAULT_OPS, DEFAULT_THINK_MS_MAX, DEFAULT_THINK_MS_MIN, parseSeed, parseThinkRange, resolveOptions, timingDefaults } from "./core/options.js";
export type { ResolvedOptions, RunOptions } from "./core/options.js";
export { REPLAY_FORMAT, REPLAY_FORMAT_V1, ReplayFileSchema, legacyFaultKeys, parseReplay, toReplayFile, verifyReplay } from "./core/replay.js";
export type { ReplayFile, ReplayVerdict } from "./core/replay.js";
export { EXIT, InputError, withoutStack } from "./core/errors.js";
export { parseWith } from "./core/schema.js";
export type { TraceEntry, TraceSink } from "./core/trace.js";
export {
  HistoryRecorder,
  checkLinearizability,
  describeWitness,
  historyViolations,
  resultViolations,
  RegisterOps,
  ZoneChecker,
  explainZones,
  kvModel,
  registerModel,
  parseHistory,
  detectFormat,
  HISTORY_FORMATS,
  HistoryParseError,
} from "./check/linearizability/index.js";
export type { CheckOptions, History, HistoryFormat, LinearizabilityResult, Model, Operation, RegisterAccess, SearchBudget, Witness, RegisterInput, KvInput, Value, Zone, ZoneFailure, ZoneResult } from "./check/linearizability/index.js";
