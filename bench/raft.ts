/** The raft target's simulated-time compression (bench/compression.ts), 3 and 5 nodes. */
import type { Target } from "../src/index.js";
import { makeRaftTarget } from "../src/targets/raft/index.js";
import { benchCompression, type CompressionBench } from "./compression.js";

export function benchRaft(): Promise<CompressionBench[]> {
  return benchCompression((nodes) => makeRaftTarget({ nodes }) as Target<unknown>);
}
