/**
 * Fault levels and the fault profile a target reads.
 *
 * A level is only a way of filling in a {@link FaultProfile}: every probability defaults to zero
 * (`sunny`), and each field says what it is a probability of, with its unit. A target reads the
 * fields that make sense for it and ignores the rest. Which faults actually happen in a run is
 * decided through the run's fault source (see `decisions.ts`), so that each decision is recorded.
 */

export const FAULT_LEVELS = ["sunny", "stormy", "radioactive"] as const;
export type FaultLevel = (typeof FAULT_LEVELS)[number];

export function isFaultLevel(value: string): value is FaultLevel {
  return (FAULT_LEVELS as readonly string[]).includes(value);
}

/** Background fault probabilities. Each is per opportunity (per write, per message, per step). */
export interface FaultProfile {
  /** Probability that a write is rejected at submission, before it is accepted. */
  readonly submitFail: number;
  /** Probability that an accepted write fails when it is applied (fsync/replication failure). */
  readonly commitFail: number;
  /** Probability that an accepted write is held pending instead of completing at once. */
  readonly delay: number;
  /** Smallest background delay, in simulated ms. */
  readonly delayMsMin: number;
  /** Largest background delay, in simulated ms. */
  readonly delayMsMax: number;
  /** Probability that a network message is dropped. */
  readonly drop: number;
  /** Probability that a network message is delivered twice. */
  readonly duplicate: number;
  /** Probability that a network message is delayed past later ones (reordered). */
  readonly reorder: number;
  /** Probability, per step, that a network partition starts. */
  readonly partition: number;
  /** Probability, per step, that a node crashes (and is later restarted). */
  readonly crash: number;
}

const SUNNY: FaultProfile = {
  submitFail: 0,
  commitFail: 0,
  delay: 0,
  delayMsMin: 0,
  delayMsMax: 0,
  drop: 0,
  duplicate: 0,
  reorder: 0,
  partition: 0,
  crash: 0,
};

// Stormy is "a bad day in production": faults are common enough that every path is exercised
// within a few hundred steps, rare enough that most writes still go through.
const STORMY: FaultProfile = {
  submitFail: 0.05,
  commitFail: 0.05,
  delay: 0.15,
  delayMsMin: 1,
  delayMsMax: 40,
  drop: 0.05,
  duplicate: 0.03,
  reorder: 0.1,
  partition: 0.01,
  crash: 0.005,
};

// Radioactive is deliberately hostile: most writes meet some fault, queues stay deep.
const RADIOACTIVE: FaultProfile = {
  submitFail: 0.2,
  commitFail: 0.2,
  delay: 0.4,
  delayMsMin: 1,
  delayMsMax: 200,
  drop: 0.2,
  duplicate: 0.1,
  reorder: 0.3,
  partition: 0.05,
  crash: 0.02,
};

const PROFILES: Readonly<Record<FaultLevel, FaultProfile>> = {
  sunny: SUNNY,
  stormy: STORMY,
  radioactive: RADIOACTIVE,
};

/** The profile of a fault level. */
export function faultProfile(level: FaultLevel): FaultProfile {
  return PROFILES[level];
}
