/**
 * Verifying an evidence manifest: is it what the certification wrote, and does re-running its
 * seeds reproduce it? In this order: (a) the manifest agrees with itself (every signature with
 * the value it signs, the seeds with the options, the artifact with the contract); (b) each
 * (pressure, seed) re-run gives the recorded trace hash, observation, violations and tuning;
 * (c) judging the re-run runs gives the recorded verdicts, and `certified` follows from them.
 *
 * Every mismatch is collected, not just the first: a reviewer wants the whole list of what does
 * not hold. Each is one line naming the place and both values. A signature cannot say which of
 * the values it signs was edited, so its mismatch lists the signed value's figures as stored.
 */
import type { BudgetResult, Observation, SloBudget } from "../budget.js";
import { valid, type BackendContract, type PressureProfile } from "../contract.js";
import type { CertifyOptions, CertifyRunRecord, RunTuning, RunViolation } from "../certification-types.js";
import { artifactSignature, backendSignature, budgetResultSignature, observationSignature } from "../signature.js";
import { budgetSignature, evidenceSignature, optionsSignature, type Evidence, type EvidenceCell, type EvidenceRun } from "./evidence.js";

/** What re-creates the evidence: the CLI supplies the real simulation and judging. */
export interface Rerun {
  /** One seed of `contract` under `pressure`, made with `options`. */
  run(contract: BackendContract, pressure: PressureProfile, seed: number, options: CertifyOptions): Promise<CertifyRunRecord>;
  /** A cell's verdicts over its runs, as the certification judged them. */
  judge(contract: BackendContract, pressure: PressureProfile, budget: SloBudget, runs: readonly CertifyRunRecord[]): BudgetResult[];
}

/** One thing in the manifest that does not hold: where (a path in the JSON) and a one-line message. */
export interface Mismatch {
  /** A path into the manifest, e.g. `cells[1].runs[3].observation` (`evidence` for the cap line). */
  readonly where: string;
  readonly message: string;
}

/** At most this many mismatches are listed; the rest are counted in one last line. */
export const MAX_MISMATCHES = 50;

const OBSERVATION_FIELDS = ["backend", "pressure", "takeoverMs", "recoveryMs", "fenceRejections", "dataLossEvents", "continuityMet"] as const;
const TUNING_FIELDS = ["leaseMs", "renewEveryMs", "pollEveryMs", "failure"] as const;

/** Every way `evidence` does not hold (none: it verifies), in the order (a), (b), (c) above. */
export async function verifyEvidence(evidence: Evidence, rerun: Rerun): Promise<Mismatch[]> {
  const found: Mismatch[] = [];
  const add = (where: string, message: string): void => void found.push({ where, message: oneLine(message) });
  checkSelf(evidence, add);
  const reruns = await rerunAll(evidence, rerun, add);
  checkVerdicts(evidence, rerun, reruns, add);
  if (found.length <= MAX_MISMATCHES) return found;
  return [...found.slice(0, MAX_MISMATCHES), { where: "evidence", message: `... and ${found.length - MAX_MISMATCHES} more` }];
}

type Add = (where: string, message: string) => void;

/** (a): the signatures, the seeds against the options, the artifact against the contract. */
function checkSelf(e: Evidence, add: Add): void {
  const edited = (what: string, value: object): string => `${what} (the evidence was edited); it holds ${figures(value)}`;
  if (backendSignature(e.backend) !== e.backendSignature) add("backend", `backend ${show(e.backend.name)}: backendSignature does not match ${edited("its contract", e.backend)}`);
  if (optionsSignature(e.options) !== e.optionsSignature) add("options", `options: optionsSignature does not match ${edited("its options", e.options)}`);
  if (artifactSignature(e.artifact) !== e.artifactSignature) {
    const names = Object.entries(e.artifact).map(([k, v]) => `${k} ${show(v)}`).join(", ");
    add("artifact", `artifact: artifactSignature does not match its artifact (the evidence was edited); it holds ${names}`);
  }
  for (const field of ["tuningGuide", "certificationReport", "evidenceManifest"] as const) {
    if (e.artifact[field] !== e.backend.artifact[field]) add("artifact", `artifact.${field} is ${show(e.artifact[field])}, the backend contract's is ${show(e.backend.artifact[field])}`);
  }
  e.cells.forEach((cell, i) => {
    const at = `cells[${i}]`;
    if (budgetSignature(cell.budget) !== cell.budgetSignature) add(`${at}.budget`, `${cell.pressure}: budgetSignature does not match ${edited("its budget", cell.budget)}`);
    cell.runs.forEach((run, j) => {
      if (observationSignature(run.observation) !== run.observationSignature) {
        add(`${at}.runs[${j}].observation`, `${cell.pressure} seed ${run.seed}: observationSignature does not match ${edited("its observation", run.observation)}`);
      }
    });
    cell.results.forEach((r, k) => {
      const { signature: stored, ...result } = r;
      if (budgetResultSignature(result) !== stored) add(`${at}.results[${k}]`, `${cell.pressure} result ${k}: signature does not match its result (the evidence was edited); it holds passed ${r.passed}, reason ${show(r.reason)}`);
    });
    checkSeeds(cell, at, e.options, add);
  });
  if (evidenceSignature(e) !== e.signature) add("signature", "signature does not match the manifest (the evidence was edited after it was signed)");
}

/** The runs of a cell are seeds seedBase .. seedBase + seeds - 1, in order. */
function checkSeeds(cell: EvidenceCell, at: string, o: CertifyOptions, add: Add): void {
  if (cell.runs.length !== o.seeds) add(at, `${cell.pressure}: ${cell.runs.length} runs in the evidence, options.seeds is ${o.seeds}`);
  const off = cell.runs.flatMap((run, j) => (run.seed === o.seedBase + j ? [] : [j]));
  if (off.length === 1) {
    const j = off[0]!;
    add(`${at}.runs[${j}]`, `${cell.pressure} run ${j}: seed is ${cell.runs[j]!.seed} in the evidence, options.seedBase ${o.seedBase} puts seed ${o.seedBase + j} there`);
  } else if (off.length > 1) {
    // One line for a shifted or reordered range, not one per run.
    add(at, `${cell.pressure}: the seeds are ${seedList(cell.runs)} in the evidence, options.seedBase ${o.seedBase} and options.seeds ${o.seeds} give ${o.seedBase}..${o.seedBase + o.seeds - 1}`);
  }
}

/** (b): each cell's re-run records, or null for a cell where some re-run failed (reported). */
async function rerunAll(e: Evidence, rerun: Rerun, add: Add): Promise<(CertifyRunRecord[] | null)[]> {
  const out: (CertifyRunRecord[] | null)[] = [];
  for (const [i, cell] of e.cells.entries()) {
    const records: CertifyRunRecord[] = [];
    let complete = true;
    for (const [j, run] of cell.runs.entries()) {
      const at = `cells[${i}].runs[${j}]`;
      const said = `${cell.pressure} seed ${run.seed}`;
      let record: CertifyRunRecord;
      try {
        // Sequential: the re-runs are deterministic anyway, and the mismatches come out in file order.
        record = await rerun.run(e.backend, cell.pressure, run.seed, e.options);
      } catch (err) {
        add(at, `${said}: the re-run failed: ${err instanceof Error ? err.message : String(err)}`);
        complete = false;
        continue;
      }
      compareRun(run, record, at, said, add);
      records.push(record);
    }
    out.push(complete ? records : null);
  }
  return out;
}

function compareRun(run: EvidenceRun, record: CertifyRunRecord, at: string, said: string, add: Add): void {
  if (record.seed !== run.seed) add(at, `${said}: the re-run reported seed ${record.seed}`);
  if (record.traceHash !== run.traceHash) add(`${at}.traceHash`, `${said}: traceHash is ${run.traceHash} in the evidence, the re-run gave ${record.traceHash}`);
  for (const f of OBSERVATION_FIELDS) {
    const stored: Observation[typeof f] = run.observation[f];
    if (stored !== record.observation[f]) add(`${at}.observation.${f}`, `${said}: observation.${f} is ${show(stored)} in the evidence, the re-run measured ${show(record.observation[f])}`);
  }
  const stored = violationList(run.violations);
  const again = violationList(record.violations);
  if (stored !== again) add(`${at}.violations`, `${said}: violations are ${stored} in the evidence, the re-run broke ${again}`);
  for (const f of TUNING_FIELDS) {
    const value: RunTuning[typeof f] = run.tuning[f];
    if (value !== record.tuning[f]) add(`${at}.tuning.${f}`, `${said}: tuning.${f} is ${show(value)} in the evidence, the re-run drew ${show(record.tuning[f])}`);
  }
}

/** (c): the verdicts over the re-run runs, the contract's problems, and `certified`. */
function checkVerdicts(e: Evidence, rerun: Rerun, reruns: readonly (CertifyRunRecord[] | null)[], add: Add): void {
  const problems = valid(e.backend);
  const listed = (ps: readonly { field: string; reason: string }[]): string => (ps.length === 0 ? "none" : ps.map((p) => `${p.field}: ${p.reason}`).join("; "));
  if (listed(problems) !== listed(e.problems)) add("problems", `problems are ${listed(e.problems)} in the evidence, the contract breaks ${listed(problems)}`);
  let allPassed = true;
  e.cells.forEach((cell, i) => {
    const records = reruns[i];
    if (records === null || records === undefined) {
      // Judge the recorded verdicts instead: the re-run failures are already reported.
      allPassed &&= cell.results.every((r) => r.passed);
      return;
    }
    const judged = rerun.judge(e.backend, cell.pressure, cell.budget, records);
    allPassed &&= judged.every((r) => r.passed);
    const count = Math.max(judged.length, cell.results.length);
    for (let k = 0; k < count; k++) {
      const at = `cells[${i}].results[${k}]`;
      const stored = cell.results[k];
      const again = judged[k];
      if (stored === undefined) add(at, `${cell.pressure} result ${k}: missing from the evidence, the re-run judged passed ${again!.passed}: ${show(again!.reason)}`);
      else if (again === undefined) add(at, `${cell.pressure} result ${k}: passed ${stored.passed} (${show(stored.reason)}) in the evidence, the re-run has no such result`);
      else {
        if (stored.passed !== again.passed) add(at, `${cell.pressure} result ${k}: passed is ${stored.passed} in the evidence, the re-run judged ${again.passed}`);
        if (stored.reason !== again.reason) add(at, `${cell.pressure} result ${k}: reason is ${show(stored.reason)} in the evidence, the re-run judged ${show(again.reason)}`);
      }
    }
  });
  const certified = problems.length === 0 && allPassed;
  if (e.certified !== certified) {
    add("certified", `certified is ${e.certified} in the evidence, but ${certified ? "the contract is valid and every result passed" : "the contract breaks a rule or some result failed"}`);
  }
}

/** The scalar figures of a signed value (nested objects by dotted path), for a mismatch message. */
function figures(value: object, prefix = ""): string {
  return Object.entries(value)
    .flatMap(([k, v]): string[] => {
      if (typeof v === "number" || typeof v === "boolean") return [`${prefix}${k} ${v}`];
      if (v !== null && typeof v === "object" && !Array.isArray(v)) return [figures(v as object, `${prefix}${k}.`)];
      return [];
    })
    .filter((s) => s !== "")
    .join(", ");
}

function violationList(vs: readonly RunViolation[]): string {
  return vs.length === 0 ? "none" : vs.map((v) => `${v.invariant} (${JSON.stringify(v.message)})`).join(", ");
}

function seedList(runs: readonly EvidenceRun[]): string {
  const seeds = runs.map((r) => r.seed);
  const consecutive = seeds.every((s, j) => j === 0 || s === seeds[j - 1]! + 1);
  if (consecutive && seeds.length > 1) return `${seeds[0]}..${seeds[seeds.length - 1]}`;
  return seeds.length <= 10 ? seeds.join(", ") : `${seeds.slice(0, 10).join(", ")}, ... (${seeds.length})`;
}

/** A value in a message: strings quoted (so an empty or odd one is visible), the rest as is. */
function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, " ");
}
