/**
 * Simulated-time compression of a cluster target: steps per CPU-second and simulated seconds per
 * CPU second at stormy, for clusters of 3 and 5 nodes (replication, Raft) or per workload
 * (failover, async-driver). Each run is a sweep of `seeds` seeds x
 * `ops` ops in this process with the target's default options (think time, liveness phase); the
 * sizes run interleaved (3, 5, 3, 5, ...) after one warm-up each, COMPRESSION_RUNS times, reported
 * as median (min .. max). The goal (issues 14 and 16): compression >= 1000x, judged on the median.
 * CPU time is this process's (process.cpuUsage); wall time is kept beside it. Any violation
 * throws: the bench measures a correct cluster.
 */
import { runSeed, type Target } from "../src/index.js";
import { summarize, type Summary } from "./stats.js";

export const COMPRESSION_RUNS = 5;
export const COMPRESSION_SEEDS = 30;
export const COMPRESSION_OPS = 500;
const SIZES = [3, 5] as const;

export interface CompressionBench {
  /** What was run: "3 nodes", or a workload. */
  readonly label: string;
  readonly steps: number;
  readonly simMs: number;
  readonly stepsPerCpuSec: Summary;
  readonly compression: Summary;
  readonly cpuMs: Summary;
  readonly wallMs: Summary;
}

interface Sample {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly steps: number;
  readonly simMs: number;
}

/** One measured configuration: a target (and a workload of it). */
export interface Variant {
  readonly label: string;
  readonly target: Target<unknown>;
  readonly workload?: string;
}

async function once({ label, target, workload }: Variant): Promise<Sample> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  let steps = 0;
  let simMs = 0;
  for (let seed = 0; seed < COMPRESSION_SEEDS; seed++) {
    const r = await runSeed(target, seed, { ops: COMPRESSION_OPS, faultLevel: "stormy", workload });
    if (r.violations.length > 0) throw new Error(`${target.name} (${label}) seed ${seed} failed ${r.violations[0]!.invariant}: ${r.violations[0]!.message}`);
    steps += r.steps;
    simMs += r.timeMs;
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall, steps, simMs };
}

/** `make(nodes)`: the target with a fixed cluster size; 3 and 5 nodes, interleaved. */
export function benchCompression(make: (nodes: 3 | 5) => Target<unknown>): Promise<CompressionBench[]> {
  return benchVariants(SIZES.map((n) => ({ label: `${n} nodes`, target: make(n) })));
}

/** Each variant after one warm-up each, then COMPRESSION_RUNS rounds interleaved (A B A B ...). */
export async function benchVariants(variants: readonly Variant[]): Promise<CompressionBench[]> {
  for (const v of variants) await once(v);
  const samples = variants.map((): Sample[] => []);
  for (let i = 0; i < COMPRESSION_RUNS; i++) for (const [k, v] of variants.entries()) samples[k]!.push(await once(v));
  return variants.map((v, k) => {
    const runs = samples[k]!;
    return {
      label: v.label,
      steps: runs[0]!.steps,
      simMs: runs[0]!.simMs,
      stepsPerCpuSec: summarize(runs.map((r) => r.steps / (r.cpuMs / 1000))),
      compression: summarize(runs.map((r) => r.simMs / r.cpuMs)),
      cpuMs: summarize(runs.map((r) => r.cpuMs)),
      wallMs: summarize(runs.map((r) => r.wallMs)),
    };
  });
}
