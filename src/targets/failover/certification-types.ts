/**
 * The data of a certification: what `simctl certify` measures per backend, pressure and seed, and
 * what its three artifacts (report, evidence manifest, tuning guide) are written from. Types
 * only; the runs are made by certify.ts, the artifacts by artifacts/.
 */
import type { BudgetResult, Observation, SloBudget } from "./budget.js";
import type { BackendContract, ContractProblem, PressureProfile } from "./contract.js";

/** How a primary failed in a run. */
export type FailureMode = "crash" | "pause" | "partition";

/** The timings a run drew (per seed, so a sweep explores them) and how its primary failed. */
export interface RunTuning {
  /** The time to live of the lease the failed primary held (what the manager asked for), ms. */
  readonly leaseMs: number;
  /** How often the primary renews its lease, ms. */
  readonly renewEveryMs: number;
  /** How often a standby reads the lease to see whether it expired, ms. */
  readonly pollEveryMs: number;
  readonly failure: FailureMode;
}

/** An invariant a run broke: its id and the first message. */
export interface RunViolation {
  readonly invariant: string;
  readonly message: string;
}

/** One seed of one backend under one pressure. */
export interface CertifyRunRecord {
  readonly seed: number;
  /** The kernel's trace hash: same seed, options and code => same hash. */
  readonly traceHash: string;
  readonly observation: Observation;
  readonly tuning: RunTuning;
  /** Invariants the run broke (empty when it held them all). */
  readonly violations: readonly RunViolation[];
}

/** What every run of a certification is made with. */
export interface CertifyOptions {
  /** Seeds per pressure: seedBase .. seedBase + seeds - 1. */
  readonly seeds: number;
  readonly seedBase: number;
  /** Client writes per run (the kernel's ops). */
  readonly ops: number;
  /** A planted bug switched on in the built-in failover manager, or null. */
  readonly bug: string | null;
}

/** One backend under one pressure: the runs, the budget they were held to and the verdicts. */
export interface CellCertification {
  readonly pressure: PressureProfile;
  readonly budget: SloBudget;
  readonly runs: readonly CertifyRunRecord[];
  /**
   * The budget's verdict (`evaluateSloBudget` over the runs' observations) first, then one result
   * per invariant broken in some run (a safety failure, whatever the budget says).
   */
  readonly results: readonly BudgetResult[];
}

/** A whole backend's certification. */
export interface BackendCertification {
  readonly contract: BackendContract;
  /** Every rule of `valid` the contract breaks; when not empty nothing was run and it is not certified. */
  readonly problems: readonly ContractProblem[];
  readonly options: CertifyOptions;
  /** One per pressure certified: the contract's supported pressures (or the one asked for). */
  readonly cells: readonly CellCertification[];
  /** True when the contract is valid and every result of every cell passed. */
  readonly certified: boolean;
}
