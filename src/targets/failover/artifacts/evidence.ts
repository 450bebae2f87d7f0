/**
 * The evidence manifest of one backend's certification: every run's seed, trace hash, drawn tuning,
 * observation and broken invariants, the budgets and verdicts, each signed, so that a reviewer can
 * re-run the seeds (`verifyEvidence`) or check the signatures by hand.
 *
 * Format `simctl-certify/1` (JSON; the CLI writes it to the contract's `artifact.evidenceManifest`):
 *
 * ```
 * { format: "simctl-certify/1",
 *   backend: BackendContract,          backendSignature,
 *   options: CertifyOptions,           optionsSignature,
 *   cells: [{ pressure, budget: SloBudget, budgetSignature,
 *             runs: [{ seed, traceHash, observation, observationSignature, tuning, violations }],
 *             results: [{ backend, pressure, passed, reason, signature }] }],
 *   certified, problems: [{ field, reason }],
 *   artifact: the contract's artifact, artifactSignature,
 *   signature }
 * ```
 *
 * Every signature is `sha256:<hex>` of `<kind>` + "\n" + the canonical JSON of the signed value
 * (object keys sorted by code unit, no whitespace; signature.ts):
 *
 * | field                               | signs                                  | kind                              |
 * | ----------------------------------- | -------------------------------------- | --------------------------------- |
 * | backendSignature                    | `backend`                              | `simctl.failover.backend/1`       |
 * | optionsSignature                    | `options`                              | `simctl.failover.options/1`       |
 * | cells[].budgetSignature             | the cell's `budget`                    | `simctl.failover.budget/1`        |
 * | cells[].runs[].observationSignature | the run's `observation`                | `simctl.failover.observation/1`   |
 * | cells[].results[].signature         | the result without `signature`         | `simctl.failover.budget-result/1` |
 * | artifactSignature                   | `artifact`                             | `simctl.failover.artifact/1`      |
 * | signature                           | the manifest without `signature`       | `simctl.failover.evidence/1`      |
 *
 * By hand, for ASCII text (jq -cS sorts keys the same way and prints the same JSON; `$(...)`
 * drops jq's final newline, which is not signed):
 *
 *     printf 'simctl.failover.observation/1\n%s' "$(jq -cS '.cells[0].runs[0].observation' FILE)" | sha256sum
 *     printf 'simctl.failover.evidence/1\n%s' "$(jq -cS 'del(.signature)' FILE)" | sha256sum
 *
 * The sub-signatures exist so that a mismatch points at the value that was edited; the top-level
 * one covers what they do not (seeds, trace hashes, tuning, violations, the verdict, problems).
 */
import { z } from "zod";
import { InputError, parseWith } from "../../../index.js";
import type { BudgetResult, Observation, SloBudget } from "../budget.js";
import type { BackendContract, CertificationArtifact, ContractProblem, PressureProfile } from "../contract.js";
import { BACKEND_CLASSES, PRESSURE_PROFILES } from "../contract.js";
import type { BackendCertification, CertifyOptions, RunTuning, RunViolation } from "../certification-types.js";
import { artifactSignature, backendSignature, budgetResultSignature, observationSignature, signature } from "../signature.js";

/** The manifest's format tag; a reader refuses any other. */
export const EVIDENCE_FORMAT = "simctl-certify/1";

/** One run as recorded: what a re-run of its seed must reproduce. */
export interface EvidenceRun {
  readonly seed: number;
  readonly traceHash: string;
  readonly observation: Observation;
  readonly observationSignature: string;
  readonly tuning: RunTuning;
  readonly violations: readonly RunViolation[];
}

/** A verdict as recorded, signed. */
export interface EvidenceResult extends BudgetResult {
  readonly signature: string;
}

/** One pressure of the certification: the budget, the runs and the verdicts. */
export interface EvidenceCell {
  readonly pressure: PressureProfile;
  readonly budget: SloBudget;
  readonly budgetSignature: string;
  readonly runs: readonly EvidenceRun[];
  readonly results: readonly EvidenceResult[];
}

/** The evidence manifest of one backend (format `simctl-certify/1`, described in this file's header). */
export interface Evidence {
  readonly format: typeof EVIDENCE_FORMAT;
  readonly backend: BackendContract;
  readonly backendSignature: string;
  readonly options: CertifyOptions;
  readonly optionsSignature: string;
  readonly cells: readonly EvidenceCell[];
  readonly certified: boolean;
  readonly problems: readonly ContractProblem[];
  readonly artifact: CertificationArtifact;
  readonly artifactSignature: string;
  readonly signature: string;
}

/** The signature of a budget (kind `simctl.failover.budget/1`). */
export const budgetSignature = (b: SloBudget): string => signature("simctl.failover.budget/1", b);
/** The signature of the options every run was made with (kind `simctl.failover.options/1`). */
export const optionsSignature = (o: CertifyOptions): string => signature("simctl.failover.options/1", o);
/** The top-level signature: over the manifest without its `signature` field (kind `simctl.failover.evidence/1`). */
export function evidenceSignature(evidence: Omit<Evidence, "signature">): string {
  // Rebuilt without the field rather than trusting the caller: a stray `signature` would be signed.
  const { signature: _ignored, ...unsigned } = evidence as Evidence;
  return signature("simctl.failover.evidence/1", unsigned);
}

/** The evidence manifest of `cert`: plain JSON data, every signature computed. */
export function buildEvidence(cert: BackendCertification): Evidence {
  // Fields are copied one by one so that the manifest holds exactly the documented format, whatever
  // else the records carry, and round-trips through the strict schema below.
  const backend = copyContract(cert.contract);
  const options: CertifyOptions = { seeds: cert.options.seeds, seedBase: cert.options.seedBase, ops: cert.options.ops, bug: cert.options.bug };
  const cells = cert.cells.map((cell): EvidenceCell => {
    const budget: SloBudget = { pressure: cell.budget.pressure, maxTakeoverMs: cell.budget.maxTakeoverMs, maxRecoveryMs: cell.budget.maxRecoveryMs, maxDataLossEvents: cell.budget.maxDataLossEvents };
    return {
      pressure: cell.pressure,
      budget,
      budgetSignature: budgetSignature(budget),
      runs: cell.runs.map((run): EvidenceRun => {
        const o = run.observation;
        const observation: Observation = { backend: o.backend, pressure: o.pressure, takeoverMs: o.takeoverMs, recoveryMs: o.recoveryMs, fenceRejections: o.fenceRejections, dataLossEvents: o.dataLossEvents, continuityMet: o.continuityMet };
        const t = run.tuning;
        return {
          seed: run.seed,
          traceHash: run.traceHash,
          observation,
          observationSignature: observationSignature(observation),
          tuning: { leaseMs: t.leaseMs, renewEveryMs: t.renewEveryMs, pollEveryMs: t.pollEveryMs, failure: t.failure },
          violations: run.violations.map((v) => ({ invariant: v.invariant, message: v.message })),
        };
      }),
      results: cell.results.map((r): EvidenceResult => {
        const result: BudgetResult = { backend: r.backend, pressure: r.pressure, passed: r.passed, reason: r.reason };
        return { ...result, signature: budgetResultSignature(result) };
      }),
    };
  });
  const unsigned: Omit<Evidence, "signature"> = {
    format: EVIDENCE_FORMAT,
    backend,
    backendSignature: backendSignature(backend),
    options,
    optionsSignature: optionsSignature(options),
    cells,
    certified: cert.certified,
    problems: cert.problems.map((p) => ({ field: p.field, reason: p.reason })),
    artifact: { ...backend.artifact },
    artifactSignature: artifactSignature(backend.artifact),
  };
  return { ...unsigned, signature: evidenceSignature(unsigned) };
}

function copyContract(c: BackendContract): BackendContract {
  return {
    name: c.name,
    class: c.class,
    durableStore: c.durableStore,
    takeoverRequiresFencing: c.takeoverRequiresFencing,
    recoveryRequiresReplay: c.recoveryRequiresReplay,
    continuitySloMs: c.continuitySloMs,
    maxDataLossEvents: c.maxDataLossEvents,
    supportedPressures: [...c.supportedPressures],
    artifact: { tuningGuide: c.artifact.tuningGuide, certificationReport: c.artifact.certificationReport, evidenceManifest: c.artifact.evidenceManifest },
  };
}

const Pressure = z.enum(PRESSURE_PROFILES);
const Sig = z.string();
const Artifact = z.strictObject({ tuningGuide: z.string(), certificationReport: z.string(), evidenceManifest: z.string() });

// Numbers are only checked for what the verifier needs (finite, integers where they count or
// seed); whether they are the measured ones is verifyEvidence's question, not the parser's.
const EvidenceSchema = z.strictObject({
  format: z.literal(EVIDENCE_FORMAT),
  backend: z.strictObject({
    name: z.string(),
    class: z.enum(BACKEND_CLASSES),
    durableStore: z.string(),
    takeoverRequiresFencing: z.boolean(),
    recoveryRequiresReplay: z.boolean(),
    continuitySloMs: z.number(),
    maxDataLossEvents: z.number(),
    supportedPressures: z.array(Pressure),
    artifact: Artifact,
  }),
  backendSignature: Sig,
  options: z.strictObject({ seeds: z.number().int(), seedBase: z.number().int(), ops: z.number().int(), bug: z.string().nullable() }),
  optionsSignature: Sig,
  cells: z.array(
    z.strictObject({
      pressure: Pressure,
      budget: z.strictObject({ pressure: Pressure, maxTakeoverMs: z.number(), maxRecoveryMs: z.number(), maxDataLossEvents: z.number() }),
      budgetSignature: Sig,
      runs: z.array(
        z.strictObject({
          seed: z.number().int(),
          traceHash: z.string(),
          observation: z.strictObject({
            backend: z.string(),
            pressure: Pressure,
            takeoverMs: z.number(),
            recoveryMs: z.number(),
            fenceRejections: z.number().int(),
            dataLossEvents: z.number().int(),
            continuityMet: z.boolean(),
          }),
          observationSignature: Sig,
          tuning: z.strictObject({ leaseMs: z.number(), renewEveryMs: z.number(), pollEveryMs: z.number(), failure: z.enum(["crash", "pause", "partition"]) }),
          violations: z.array(z.strictObject({ invariant: z.string(), message: z.string() })),
        }),
      ),
      results: z.array(z.strictObject({ backend: z.string(), pressure: Pressure, passed: z.boolean(), reason: z.string(), signature: Sig })),
    }),
  ),
  certified: z.boolean(),
  problems: z.array(z.strictObject({ field: z.string(), reason: z.string() })),
  artifact: Artifact,
  artifactSignature: Sig,
  signature: Sig,
});

/**
 * The manifest `json` holds (parsed JSON, from `source`, named in the error). Throws an
 * InputError (exit 2) naming the first malformed field, e.g. `at cells.0.runs.1.seed: ...`.
 * Only the shape is checked: signatures and figures are `verifyEvidence`'s.
 */
export function parseEvidence(json: unknown, source: string): Evidence {
  return parseWith(EvidenceSchema, json, `${source} is not a ${EVIDENCE_FORMAT} evidence manifest`, (m) => new InputError(m));
}
