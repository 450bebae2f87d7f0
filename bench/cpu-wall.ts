/**
 * CPU time and wall time of one call, and summaries of both over repeated runs, for the benches
 * that compare variants run interleaved (A B A B ...): CPU time (process.cpuUsage, user + system,
 * all threads of the process) is steadier than wall on a shared machine, wall is what a user waits.
 */
import { formatMs, summarize, type Summary } from "./stats.js";

export interface CpuWall {
  readonly cpuMs: number;
  readonly wallMs: number;
}

export interface CpuWallSummary {
  readonly cpuMs: Summary;
  readonly wallMs: Summary;
}

/** Time `once`, returning its result with the CPU and wall milliseconds it took. */
export function timed<T>(once: () => T): CpuWall & { readonly result: T } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = once();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs };
}

/** The async twin of {@link timed}. */
export async function timedAsync<T>(once: () => Promise<T>): Promise<CpuWall & { readonly result: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await once();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs };
}

export function summarizeRuns(runs: readonly CpuWall[]): CpuWallSummary {
  return { cpuMs: summarize(runs.map((r) => r.cpuMs)), wallMs: summarize(runs.map((r) => r.wallMs)) };
}

/** "12.3 ms (11.0 .. 15.2)": median, then min .. max. */
export function formatMsRange(s: Summary): string {
  const bare = (v: number): string => formatMs(v).replace(/ ms$/, "");
  return `${formatMs(s.median)} (${bare(s.min)} .. ${bare(s.max)})`;
}
