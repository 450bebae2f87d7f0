/**
 * Durable-backend contracts (the seed `cluster/durable_backend`): what a backend promises about
 * failover, and the rules a promise must keep to be certifiable at all. `valid` returns every rule
 * a contract breaks, each with the field and the reason, so a user's contract file fails once
 * with all of its problems. Groundwork for the `failover` target: not registered yet.
 */

export const BACKEND_CLASSES = ["sql-quorum", "kv-consensus", "log-replicated", "object-manifest"] as const;
export type BackendClass = (typeof BACKEND_CLASSES)[number];

export const PRESSURE_PROFILES = ["nominal", "dependency-degraded", "dependency-partitioned"] as const;
export type PressureProfile = (typeof PRESSURE_PROFILES)[number];

/** Where a certification writes its three artifacts (file names, relative to the output folder). */
export interface CertificationArtifact {
  readonly tuningGuide: string;
  readonly certificationReport: string;
  readonly evidenceManifest: string;
}

export interface BackendContract {
  readonly name: string;
  readonly class: BackendClass;
  /** The dependency that holds the lease and the data (e.g. "postgres", "etcd", "s3"). */
  readonly durableStore: string;
  /** A new primary's writes carry a higher epoch, and the store refuses a lower one. */
  readonly takeoverRequiresFencing: boolean;
  /** Recovery replays the log before the new primary serves. */
  readonly recoveryRequiresReplay: boolean;
  /** Most time without a primary that accepts writes, from the old one's failure. */
  readonly continuitySloMs: number;
  /** Most acknowledged writes a failover may lose. */
  readonly maxDataLossEvents: number;
  readonly supportedPressures: readonly PressureProfile[];
  readonly artifact: CertificationArtifact;
}

const CLASS_LABELS: Record<BackendClass, string> = {
  "sql-quorum": "SQL quorum",
  "kv-consensus": "KV consensus",
  "log-replicated": "log-replicated",
  "object-manifest": "object manifest",
};

const PRESSURE_LABELS: Record<PressureProfile, string> = {
  nominal: "nominal",
  "dependency-degraded": "dependency degraded",
  "dependency-partitioned": "dependency partitioned",
};

export function backendClassLabel(c: BackendClass): string {
  return CLASS_LABELS[c];
}

export function pressureLabel(p: PressureProfile): string {
  return PRESSURE_LABELS[p];
}

/** One rule a contract breaks: the field, and why. */
export interface ContractProblem {
  readonly field: string;
  readonly reason: string;
}

/** The longest continuity SLO a certification can measure in one simulated run. */
export const CONTINUITY_SLO_MAX_MS = 600_000;

/** Every rule `backend` breaks (none: it is certifiable). */
export function valid(backend: BackendContract): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const fail = (field: string, reason: string): void => void problems.push({ field, reason });
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(backend.name)) fail("name", "must be 1-64 lowercase letters, digits or dashes, starting with a letter or digit");
  if (backend.durableStore.trim() === "") fail("durableStore", "must name the dependency that holds the lease and the data");
  if (!Number.isSafeInteger(backend.continuitySloMs) || backend.continuitySloMs < 1 || backend.continuitySloMs > CONTINUITY_SLO_MAX_MS) {
    fail("continuitySloMs", `must be an integer from 1 to ${CONTINUITY_SLO_MAX_MS} ms`);
  }
  if (!Number.isSafeInteger(backend.maxDataLossEvents) || backend.maxDataLossEvents < 0) fail("maxDataLossEvents", "must be an integer of at least 0");
  pressureProblems(backend.supportedPressures).forEach((reason) => fail("supportedPressures", reason));
  semanticProblems(backend).forEach(([field, reason]) => fail(field, reason));
  artifactProblems(backend.artifact).forEach(([field, reason]) => fail(field === "" ? "artifact" : `artifact.${field}`, reason));
  return problems;
}

function pressureProblems(pressures: readonly PressureProfile[]): string[] {
  const out: string[] = [];
  if (!pressures.includes("nominal")) out.push("must include nominal: a backend is certified under no pressure first");
  if (new Set(pressures).size !== pressures.length) out.push("lists a pressure profile twice");
  return out;
}

/** The promises that contradict each other, whatever the numbers. */
function semanticProblems(b: BackendContract): [string, string][] {
  const out: [string, string][] = [];
  // Kleppmann's fencing-token argument, and Jepsen's etcd and MongoDB analyses: without fencing,
  // a primary that does not know it was replaced keeps writing, and some acknowledged writes are
  // lost when the new primary's history wins. Zero loss needs fencing.
  if (b.maxDataLossEvents === 0 && !b.takeoverRequiresFencing) out.push(["takeoverRequiresFencing", "must be true when maxDataLossEvents is 0: without fencing a stale primary's acknowledged writes are lost"]);
  // A lease held in a consensus store is a lock; a lock without a fencing token is unsafe (Jepsen, etcd 3.4.3).
  if (b.class === "kv-consensus" && !b.takeoverRequiresFencing) out.push(["takeoverRequiresFencing", "must be true for kv-consensus: a lease is only safe with a fencing token"]);
  // A log-replicated standby holds the log, not the state: it must replay to serve.
  if (b.class === "log-replicated" && !b.recoveryRequiresReplay) out.push(["recoveryRequiresReplay", "must be true for log-replicated: a standby rebuilds its state from the log"]);
  return out;
}

function artifactProblems(a: CertificationArtifact): [string, string][] {
  const out: [string, string][] = [];
  const entries: [keyof CertificationArtifact, string][] = [
    ["tuningGuide", a.tuningGuide],
    ["certificationReport", a.certificationReport],
    ["evidenceManifest", a.evidenceManifest],
  ];
  for (const [field, file] of entries) {
    if (!/^[A-Za-z0-9._-]+$/.test(file) || file.startsWith(".")) out.push([field, "must be a plain file name (letters, digits, dots, dashes, underscores; no folder)"]);
  }
  if (new Set(entries.map(([, f]) => f)).size !== entries.length) out.push(["", "the three artifacts must have different file names"]);
  return out;
}
