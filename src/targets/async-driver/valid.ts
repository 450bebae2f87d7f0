/**
 * The rules an async driver contract must keep (the seed's `valid`, `contracts_consistent` and
 * `timeout_retry_telemetry_parity`), as lists of problems so a contract fails once with all of
 * them and the CLI can print why:
 *
 * - `valid`: one contract on its own terms: every field in range, and the capabilities agree with
 *   the policies (a driver that retries writes must make them idempotent, and so on);
 * - `consistencyProblems`: a set of contracts: each valid, names distinct, and the timeout and
 *   retry policies together fit a call deadline;
 * - `parityProblems`: a set of contracts: every driver that times out or retries reports it, all
 *   under one metric naming convention, each under its own prefix.
 */
import { DRIVER_CAPABILITIES, DRIVER_CLASSES, type ContractProblem, type DriverCapability, type DriverContract, type TelemetryProfile } from "./contract.js";
import { supportedDrivers } from "./drivers.js";

/** Lowercase letters and digits in dash-separated words, at most 64 characters. */
export const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A metric name: lowercase, dots between namespaces (OpenTelemetry's style; Prometheus exporters turn them into underscores). */
export const METRIC_PATTERN = /^[a-z][a-z0-9_.]*$/;
// npm's rules for a package name: lowercase, URL-safe, optionally scoped, at most 214 characters.
const PACKAGE_PATTERN = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const TIER_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The ranges of the numeric fields. Connect and request timeouts and backoffs stop at 10 minutes:
 * longer is a hang, not a timeout, and a simulated run must be able to reach it. A pooled
 * connection may idle for up to a day.
 */
export const LIMITS = {
  maxInFlight: [1, 10_000],
  maxQueueDepth: [0, 1_000_000],
  connectMs: [1, 600_000],
  requestMs: [1, 600_000],
  idleMs: [1, 86_400_000],
  maxAttempts: [1, 20],
  backoffMs: [1, 600_000],
  jitterPercent: [0, 100],
} as const satisfies Record<string, readonly [number, number]>;

const METRIC_FIELDS = ["timeoutMetric", "retryMetric", "latencyMetric", "inFlightMetric"] as const satisfies readonly (keyof TelemetryProfile)[];

/** Every rule `driver` breaks (none: it is valid), each with its field and the reason. */
export function valid(driver: DriverContract): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const fail = (field: string, reason: string): void => void problems.push({ field, reason });
  const range = (field: string, value: number, [min, max]: readonly [number, number], unit = ""): void => {
    if (!Number.isSafeInteger(value) || value < min || value > max) fail(field, `must be an integer from ${min} to ${max}${unit}, got ${value}`);
  };
  if (driver.name.length > 64 || !NAME_PATTERN.test(driver.name)) fail("name", "must be 1-64 lowercase letters and digits in dash-separated words, starting with a letter");
  if (!(DRIVER_CLASSES as readonly string[]).includes(driver.class)) fail("class", `must be one of ${DRIVER_CLASSES.join(", ")}`);
  if (driver.providerModule.length > 214 || !PACKAGE_PATTERN.test(driver.providerModule)) fail("providerModule", "must be the npm package that provides the driver (e.g. pg, @clickhouse/client)");
  range("maxInFlight", driver.maxInFlight, LIMITS.maxInFlight);
  range("maxQueueDepth", driver.maxQueueDepth, LIMITS.maxQueueDepth);
  const t = driver.timeoutPolicy;
  range("timeoutPolicy.connectMs", t.connectMs, LIMITS.connectMs, " ms");
  range("timeoutPolicy.requestMs", t.requestMs, LIMITS.requestMs, " ms");
  range("timeoutPolicy.idleMs", t.idleMs, LIMITS.idleMs, " ms");
  // No order between connectMs and requestMs: a TLS and SCRAM handshake can outlast a short OLTP
  // request, and an analytic request a handshake. But closing a pooled connection sooner than one
  // request or one connect takes means back-to-back work keeps paying for new connections.
  if (t.idleMs < t.requestMs) fail("timeoutPolicy.idleMs", `must be at least requestMs (${t.requestMs} ms): the pool would close connections between requests of normal latency`);
  if (t.idleMs < t.connectMs) fail("timeoutPolicy.idleMs", `must be at least connectMs (${t.connectMs} ms): a connection would idle out sooner than opening one may take`);
  const r = driver.retryPolicy;
  range("retryPolicy.maxAttempts", r.maxAttempts, LIMITS.maxAttempts);
  range("retryPolicy.baseBackoffMs", r.baseBackoffMs, LIMITS.backoffMs, " ms");
  range("retryPolicy.maxBackoffMs", r.maxBackoffMs, LIMITS.backoffMs, " ms");
  if (r.maxBackoffMs < r.baseBackoffMs) fail("retryPolicy.maxBackoffMs", `must be at least baseBackoffMs (${r.baseBackoffMs} ms): the cap would undercut the first backoff`);
  range("retryPolicy.jitterPercent", r.jitterPercent, LIMITS.jitterPercent, " %");
  telemetryProblems(driver.telemetry).forEach(([field, reason]) => fail(field, reason));
  capabilityListProblems(driver.capabilities).forEach((reason) => fail("capabilities", reason));
  semanticProblems(driver).forEach(([field, reason]) => fail(field, reason));
  if (!TIER_PATTERN.test(driver.supportTier)) fail("supportTier", "must be a tier id of lowercase letters, digits and dashes (e.g. tier-1, community)");
  if (driver.tuningGuide === "" || /\s/.test(driver.tuningGuide)) fail("tuningGuide", "must name the tuning guide: a file name or URL, without spaces");
  return problems;
}

function telemetryProblems(t: TelemetryProfile): [string, string][] {
  const out: [string, string][] = [];
  for (const f of METRIC_FIELDS) {
    if (!METRIC_PATTERN.test(t[f])) out.push([`telemetry.${f}`, `'${t[f]}' is not a metric name: lowercase letters, digits, '_' and '.', starting with a letter`]);
  }
  const names = METRIC_FIELDS.map((f) => t[f]);
  // Two roles under one name would add a gauge to a counter: the series means neither.
  for (const dup of duplicates(names)) out.push(["telemetry", `'${dup}' names two metrics: each must have its own name`]);
  return out;
}

function capabilityListProblems(caps: readonly DriverCapability[]): string[] {
  const known = DRIVER_CAPABILITIES as readonly string[];
  const out = caps.filter((c) => !known.includes(c)).map((c) => `'${c}' is not a capability (known: ${DRIVER_CAPABILITIES.join(", ")})`);
  for (const dup of duplicates(caps)) out.push(`lists '${dup}' twice`);
  return out;
}

/** The capabilities the policies demand: a contract may not promise one thing in numbers and another in its list. */
function semanticProblems(d: DriverContract): [string, string][] {
  const out: [string, string][] = [];
  const has = (c: DriverCapability): boolean => d.capabilities.includes(c);
  const retries = d.retryPolicy.maxAttempts > 1;
  const need = (c: DriverCapability, why: string): void => {
    if (!has(c)) out.push(["capabilities", `must include ${c}: ${why}`]);
  };
  // An async driver that blocks the event loop stalls every other request in flight: maxInFlight
  // would count requests that cannot progress.
  need("non-blocking-execute", "an async driver must not block the event loop while a request is out");
  // maxInFlight and maxQueueDepth are bounds; the capability list must say what the numbers promise.
  need("bounded-concurrency", `the contract bounds in-flight requests (${d.maxInFlight}) and the queue (${d.maxQueueDepth})`);
  // Every driver has a request timeout, so every driver can time out and must count it.
  need("timeout-telemetry", `requests time out after ${d.timeoutPolicy.requestMs} ms, and timeouts must be reported`);
  if (retries) need("retry-telemetry", `it retries (maxAttempts ${d.retryPolicy.maxAttempts}), and retries must be reported`);
  // A stream consumer that cannot resume from its committed offset re-reads or skips after a restart.
  if (d.class === "stream") need("checkpoint-resume", "a stream driver resumes from its committed offset after a restart");
  // Columnar stores and object stores are written in large batches: row-at-a-time writes make tiny
  // parts and objects that the store must merge (ClickHouse's "too many parts", S3 request costs).
  if (d.class === "columnar" || d.class === "object-store") need("batch-write", `${d.class} drivers write in batches`);
  // Every class here takes writes (INSERT, insert, produce, PUT) and a contract has no read-only
  // flag, so any retry may be a retried write. Retrying a write whose answer was lost applies it
  // twice unless it is idempotent (Jepsen's duplicated writes; Stripe's idempotency keys).
  if (retries) need("idempotent-write", `it retries (maxAttempts ${d.retryPolicy.maxAttempts}), and a retried write whose answer was lost must not apply twice`);
  if (has("mixed-latency-tolerance")) {
    // Tolerating slow attempts means abandoning them at requestMs and trying again...
    if (!retries) out.push(["retryPolicy.maxAttempts", "must be at least 2 with mixed-latency-tolerance: a slow attempt is abandoned and tried again"]);
    // ...and retries without jitter leave in lockstep and hit the recovering server together (AWS, "Exponential backoff and jitter").
    if (d.retryPolicy.jitterPercent === 0) out.push(["retryPolicy.jitterPercent", "must be above 0 with mixed-latency-tolerance: unjittered retries arrive in herds"]);
  }
  return out;
}

/** A problem of a set of contracts: which driver, which field, and why. */
export interface DriverSetProblem {
  readonly driver: string;
  readonly field: string;
  readonly reason: string;
}

/**
 * The longest one call may take, retries included. 60 s is the default idle timeout of AWS load
 * balancers and nginx's proxy_read_timeout: an answer later than that goes to a closed connection.
 */
export const CALL_DEADLINE_MS = 60_000;

/** The backoff before attempt n + 1 (n >= 1) at its longest: capped, then jittered upwards. */
export function longestBackoffMs(driver: DriverContract, n: number): number {
  const r = driver.retryPolicy;
  return Math.ceil(Math.min(r.maxBackoffMs, r.baseBackoffMs * 2 ** (n - 1)) * (1 + r.jitterPercent / 100));
}

/**
 * The longest one call can take: every attempt opens a connection and runs to the request timeout
 * (a timed-out connection may still receive the old answer, so drivers discard it), and every
 * backoff is at its longest.
 */
export function worstCaseCallMs(driver: DriverContract): number {
  const { connectMs, requestMs } = driver.timeoutPolicy;
  let total = 0;
  for (let n = 1; n <= driver.retryPolicy.maxAttempts; n++) total += connectMs + requestMs + (n > 1 ? longestBackoffMs(driver, n - 1) : 0);
  return total;
}

/** Why `drivers` are not consistent (none: they are); see the file comment. */
export function consistencyProblems(drivers: readonly DriverContract[] = supportedDrivers()): DriverSetProblem[] {
  const out: DriverSetProblem[] = [];
  for (const d of drivers) {
    const problems = valid(d);
    if (problems.length > 0) {
      out.push({ driver: d.name, field: "contract", reason: `is not valid: breaks ${problems.length} rule${problems.length === 1 ? "" : "s"} (${[...new Set(problems.map((p) => p.field))].join(", ")})` });
      continue;
    }
    const worst = worstCaseCallMs(d);
    if (worst > CALL_DEADLINE_MS) {
      out.push({ driver: d.name, field: "retryPolicy", reason: `a call can take ${worst} ms (every attempt connecting and timing out, every backoff at its longest), over the ${CALL_DEADLINE_MS} ms call deadline` });
    }
    const backoff = longestBackoffMs(d, Math.max(1, d.retryPolicy.maxAttempts - 1));
    if (d.retryPolicy.maxAttempts > 1 && d.timeoutPolicy.idleMs <= backoff) {
      out.push({ driver: d.name, field: "timeoutPolicy.idleMs", reason: `${d.timeoutPolicy.idleMs} ms is not longer than the longest backoff (${backoff} ms): a retry would find its connection closed` });
    }
  }
  for (const dup of duplicates(drivers.map((d) => d.name))) {
    out.push({ driver: dup, field: "name", reason: "is used by more than one contract: reports, signatures and metrics key on the name" });
  }
  return out;
}

/** True when every driver is valid, names are distinct and every call fits the deadline. */
export function contractsConsistent(drivers: readonly DriverContract[] = supportedDrivers()): boolean {
  return consistencyProblems(drivers).length === 0;
}

/** The shared metric naming convention: `<prefix>.<suffix>`, one prefix per driver. */
export const METRIC_SUFFIXES: Readonly<Record<keyof TelemetryProfile, string>> = {
  timeoutMetric: "timeouts",
  retryMetric: "retries",
  latencyMetric: "latency_ms",
  inFlightMetric: "in_flight",
};

/**
 * Why `drivers` lack timeout/retry telemetry parity (none: they have it): a driver that times out
 * or retries must declare the telemetry capability, and every driver names its metrics
 * `<prefix>.timeouts`, `.retries`, `.latency_ms`, `.in_flight` under a prefix of its own, so one
 * dashboard and one alert serve every driver and no two drivers' series merge.
 */
export function parityProblems(drivers: readonly DriverContract[] = supportedDrivers()): DriverSetProblem[] {
  const out: DriverSetProblem[] = [];
  const owners = new Map<string, string>();
  for (const d of drivers) {
    const fail = (field: string, reason: string): void => void out.push({ driver: d.name, field, reason });
    if (!d.capabilities.includes("timeout-telemetry")) fail("capabilities", `times out after ${d.timeoutPolicy.requestMs} ms but does not declare timeout-telemetry`);
    if (d.retryPolicy.maxAttempts > 1 && !d.capabilities.includes("retry-telemetry")) fail("capabilities", `retries (maxAttempts ${d.retryPolicy.maxAttempts}) but does not declare retry-telemetry`);
    const prefix = metricPrefix(d.telemetry);
    for (const f of METRIC_FIELDS) {
      const want = `${prefix ?? "<prefix>"}.${METRIC_SUFFIXES[f]}`;
      if (d.telemetry[f] !== want) fail(`telemetry.${f}`, `'${d.telemetry[f]}' breaks the naming convention: must be '${want}'`);
    }
    if (prefix === undefined) continue;
    const owner = owners.get(prefix);
    if (owner !== undefined) fail("telemetry", `reports under the prefix '${prefix}' like ${owner}: their series would merge`);
    else owners.set(prefix, d.name);
  }
  return out;
}

/** True when every driver reports its timeouts and retries under the shared convention; see {@link parityProblems}. */
export function timeoutRetryTelemetryParity(drivers: readonly DriverContract[] = supportedDrivers()): boolean {
  return parityProblems(drivers).length === 0;
}

/** The driver's metric prefix: the one of its timeout metric, else of the first metric that follows the convention. */
function metricPrefix(t: TelemetryProfile): string | undefined {
  for (const f of METRIC_FIELDS) {
    const suffix = `.${METRIC_SUFFIXES[f]}`;
    if (t[f].endsWith(suffix) && t[f].length > suffix.length) return t[f].slice(0, -suffix.length);
  }
  return undefined;
}

/** Values that occur more than once, each once, in order of their second occurrence. */
function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const dups = new Set<T>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}
