/**
 * Simulated-time compression of the failover and async-driver targets (bench/compression.ts), at
 * stormy with their default options: failover's two workloads, the async driver's two profiles.
 */
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { benchVariants, type CompressionBench } from "./compression.js";

export function benchFailover(): Promise<CompressionBench[]> {
  const target = BUILTIN_TARGETS.get("failover")!;
  return benchVariants([
    { label: "default", target, workload: "default" },
    { label: "certify", target, workload: "certify" },
  ]);
}

export function benchAsyncDriver(): Promise<CompressionBench[]> {
  const target = BUILTIN_TARGETS.get("async-driver")!;
  return benchVariants([
    { label: "mixed-latency", target, workload: "mixed-latency" },
    { label: "heavy-data", target, workload: "heavy-data" },
  ]);
}
