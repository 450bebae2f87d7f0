/**
 * A broken copy of examples/replicator-quorum.ts, for the test that shows the target catches it:
 * it takes one vote as enough (the single-node shortcut applied to every validator set), so it
 * answers `accept` for a frame only its own disk holds (R5), and two owners' frames can both be
 * committed at one slot (R1).
 *
 *   npx simctl sweep --target replication --impl ./examples/replicator-quorum-broken.ts --seeds 20
 */
import { quorumReplicator } from "./replicator-quorum.js";

export default quorumReplicator({ votesNeeded: () => 1 });
