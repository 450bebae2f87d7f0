/**
 * Human labels for the async-driver enums (the seed's `class_label`, `capability_label`,
 * `profile_label`). Reports, reasons and the capability matrix print these, so each is stable
 * (changing one changes reports users diff) and no two labels of one enum are the same.
 */
import type { BenchmarkProfile, DriverCapability, DriverClass } from "./contract.js";

const CLASS_LABELS: Readonly<Record<DriverClass, string>> = {
  relational: "relational adapter",
  columnar: "columnar adapter",
  stream: "stream adapter",
  "object-store": "object-store adapter",
};

const CAPABILITY_LABELS: Readonly<Record<DriverCapability, string>> = {
  "non-blocking-execute": "non-blocking execute",
  "bounded-concurrency": "bounded concurrency",
  "timeout-telemetry": "timeout telemetry",
  "retry-telemetry": "retry telemetry",
  "batch-read": "batch read",
  "batch-write": "batch write",
  "checkpoint-resume": "checkpoint resume",
  "idempotent-write": "idempotent write",
  "mixed-latency-tolerance": "mixed-latency tolerance",
};

// Hyphenated: the label is used as a compound adjective ("the mixed-latency budget's 800 ms").
const PROFILE_LABELS: Readonly<Record<BenchmarkProfile, string>> = {
  "heavy-data": "heavy-data",
  "mixed-latency": "mixed-latency",
};

/** The driver class as a reader says it: `relational adapter`, `object-store adapter`. */
export function classLabel(c: DriverClass): string {
  return CLASS_LABELS[c];
}

/** The capability as a reader says it: `timeout telemetry`, `mixed-latency tolerance`. */
export function capabilityLabel(cap: DriverCapability): string {
  return CAPABILITY_LABELS[cap];
}

/** The benchmark profile as it reads before "budget" or "profile": `heavy-data`, `mixed-latency`. */
export function profileLabel(p: BenchmarkProfile): string {
  return PROFILE_LABELS[p];
}
