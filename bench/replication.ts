/**
 * The replication target's throughput: steps per CPU-second and simulated-time compression
 * (simulated seconds per CPU second) for clusters of 3 and 5 nodes, at stormy. Each run is a
 * sweep of SEEDS seeds x 500 ops in this process; the sizes run interleaved (3, 5, 3, 5, ...)
 * after one warm-up each, RUNS times, reported as median (min .. max). The goal (issue 14):
 * compression >= 1000x, judged on the median. CPU time is this process's (process.cpuUsage).
 */
import { runSeed } from "../src/index.js";
import { makeReplicationTarget, quorumReplicator } from "../src/targets/replication/index.js";
import { DELIVERY_KINDS, QUORUM_KINDS } from "../src/targets/replication/kinds.js";
import { summarize, type Summary } from "./stats.js";

export const REPLICATION_RUNS = 5;
const SEEDS = 30;
const OPS = 500;
const SIZES = [3, 5] as const;

export interface ReplicationBench {
  readonly nodes: number;
  readonly steps: number;
  readonly simMs: number;
  readonly stepsPerCpuSec: Summary;
  readonly compression: Summary;
}

async function once(nodes: 3 | 5): Promise<{ cpuMs: number; steps: number; simMs: number }> {
  const target = makeReplicationTarget(quorumReplicator, { kinds: [...QUORUM_KINDS, ...DELIVERY_KINDS], timerKind: "delivery.retry", nodes });
  const cpu = process.cpuUsage();
  let steps = 0;
  let simMs = 0;
  for (let seed = 0; seed < SEEDS; seed++) {
    const r = await runSeed(target, seed, { ops: OPS, faultLevel: "stormy" });
    if (r.violations.length > 0) throw new Error(`replication (${nodes} nodes) seed ${seed} failed ${r.violations[0]!.invariant}: ${r.violations[0]!.message}`);
    steps += r.steps;
    simMs += r.timeMs;
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, steps, simMs };
}

export async function benchReplication(): Promise<ReplicationBench[]> {
  for (const n of SIZES) await once(n);
  const samples = new Map<number, { cpuMs: number; steps: number; simMs: number }[]>(SIZES.map((n) => [n, []]));
  for (let i = 0; i < REPLICATION_RUNS; i++) for (const n of SIZES) samples.get(n)!.push(await once(n));
  return SIZES.map((nodes) => {
    const runs = samples.get(nodes)!;
    return {
      nodes,
      steps: runs[0]!.steps,
      simMs: runs[0]!.simMs,
      stepsPerCpuSec: summarize(runs.map((r) => r.steps / (r.cpuMs / 1000))),
      compression: summarize(runs.map((r) => r.simMs / r.cpuMs)),
    };
  });
}
