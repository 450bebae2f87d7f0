/**
 * The replication target: the built-in quorum driver (and LocalReplicator for the `local`
 * workload) under the shared workload, network faults, oracle and invariants R1-R7 and RL. The
 * package itself (Frame, Replicator, LocalReplicator, MemoryHub, the quorum driver) is exported
 * for tests and for `makeReplicationTarget` around a driver of one's own.
 */
import { BUGS, quorumBugs } from "./bugs.js";
import { DELIVERY_KINDS, LOCAL_KINDS, QUORUM_KINDS } from "./kinds.js";
import { localReplicator } from "./local.js";
import { QuorumReplicator } from "./quorum.js";
import type { ReplicatorFactory } from "./replication.js";
import { makeReplicationTarget } from "./target.js";

/** The built-in quorum driver, with the run's planted bug switched on. */
export const quorumReplicator: ReplicatorFactory = (host, config) => new QuorumReplicator(host, config, quorumBugs(host.bug));

export default makeReplicationTarget(quorumReplicator, {
  kinds: [...QUORUM_KINDS, ...DELIVERY_KINDS],
  // Every built-in timer has a label; an unlabelled one would count as a delivery retry.
  timerKind: "delivery.retry",
  local: localReplicator,
  localKinds: LOCAL_KINDS,
  bugs: BUGS,
});

export { makeReplicationTarget, CONTRACT, type ReplicationTargetOptions } from "./target.js";
export { LocalReplicator, localReplicator } from "./local.js";
export { MemoryHub, MemoryTransport, type WireMessage } from "./memory-hub.js";
export { QuorumReplicator, type QuorumBugs } from "./quorum.js";
export { MemoryNodeStore } from "./store.js";
export * from "./replication.js";
export type { ReplicationOp } from "./ops.js";
