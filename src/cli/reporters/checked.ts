/**
 * What a sweep or run checked, said once at the top of the text report: the invariant ids the
 * target judges every step by, and what the fault level means as probabilities. A reader of a
 * PASS then knows what passed and under which weather.
 */
import { faultProfile, type FaultLevel, type FaultProfile } from "../../core/faults.js";
import type { ResolvedOptions } from "../../core/options.js";

/** Each probability of a profile, with what it is a probability of. */
const FAULT_FIELDS: readonly { key: keyof FaultProfile; name: string; per: string }[] = [
  { key: "submitFail", name: "submit-fail", per: "of writes" },
  { key: "commitFail", name: "commit-fail", per: "of writes" },
  { key: "delay", name: "delay", per: "of writes" },
  { key: "drop", name: "drop", per: "of messages" },
  { key: "duplicate", name: "duplicate", per: "of messages" },
  { key: "reorder", name: "reorder", per: "of messages" },
  { key: "partition", name: "partition", per: "per step" },
  { key: "crash", name: "crash", per: "per step" },
];

/** `Invariants checked (4): I1, I2, I10, H1` — or nothing when the ids are not known (an old report). */
export function invariantsLine(ids: readonly string[] | undefined): string[] {
  if (ids === undefined) return [];
  return [ids.length === 0 ? "Invariants checked: none declared" : `Invariants checked (${ids.length}): ${ids.join(", ")}`];
}

/**
 * `Faults (stormy): submit-fail 5% of writes, …, delay 15% of writes (1..40 ms), …`: every
 * non-zero background probability of the level. A target reads only the fields that make sense
 * for it; the workload's own fault ops come on top.
 */
export function faultsLine(options: Pick<ResolvedOptions, "faultLevel" | "swarm">): string {
  return `Faults (${options.faultLevel}): ${describeProfile(options.faultLevel)}${options.swarm ? "; --swarm switches some kinds off per seed" : ""}`;
}

export function describeProfile(level: FaultLevel): string {
  const p = faultProfile(level);
  const parts = FAULT_FIELDS.filter((f) => p[f.key] > 0).map((f) => {
    const range = f.key === "delay" ? ` (${p.delayMsMin}..${p.delayMsMax} ms)` : "";
    return `${f.name} ${percent(p[f.key])} ${f.per}${range}`;
  });
  return parts.length === 0 ? "no background faults (every probability 0)" : `${parts.join(", ")} (a target draws the kinds that apply to it)`;
}

/** The histogram's one-line legend, for a sweep (summed over its seeds) or one run. */
export function histogramLegend(sweep: boolean): string {
  return `ops applied and events recorded, per kind${sweep ? ", summed over the seeds" : ""}; bars scaled to the largest`;
}

function percent(p: number): string {
  return `${Number((p * 100).toFixed(2))}%`;
}
