/** The replication target's simulated-time compression (bench/compression.ts), 3 and 5 nodes. */
import type { Target } from "../src/index.js";
import { makeReplicationTarget, quorumReplicator } from "../src/targets/replication/index.js";
import { DELIVERY_KINDS, QUORUM_KINDS } from "../src/targets/replication/kinds.js";
import { benchCompression, type CompressionBench } from "./compression.js";

export function benchReplication(): Promise<CompressionBench[]> {
  return benchCompression((nodes) => makeReplicationTarget(quorumReplicator, { kinds: [...QUORUM_KINDS, ...DELIVERY_KINDS], timerKind: "delivery.retry", nodes }) as Target<unknown>);
}
