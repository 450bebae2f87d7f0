/**
 * The three artifacts of a failover certification, as pure functions of its data: the evidence
 * manifest (JSON, signed) and its verification by re-running, the certification report and the
 * tuning guide (Markdown). The CLI writes them to the contract's artifact file names.
 */
export {
  buildEvidence,
  budgetSignature,
  EVIDENCE_FORMAT,
  evidenceSignature,
  optionsSignature,
  parseEvidence,
  type Evidence,
  type EvidenceCell,
  type EvidenceResult,
  type EvidenceRun,
} from "./evidence.js";
export { MAX_MISMATCHES, verifyEvidence, type Mismatch, type Rerun } from "./verify.js";
export { failingRuns, MAX_FAILING_SEEDS_SHOWN, renderReport, replayCommand, type FailingRun, type ReportHow } from "./report.js";
export { leaseGroups, recommendedLease, renderTuningGuide, type LeaseGroup } from "./tuning.js";
