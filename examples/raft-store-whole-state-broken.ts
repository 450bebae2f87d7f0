/**
 * A broken copy of examples/raft-store-whole-state.ts, for the conformance check that catches it:
 * `getLogEntries(start, stop)` treats `stop` as inclusive (an off-by-one a Rust range `..=` or a
 * SQL `BETWEEN` makes easy), so it returns one entry too many.
 *
 *   npx simctl conformance raft-storage --impl ./examples/raft-store-whole-state-broken.ts   # exits 1
 */
import type { RaftStorageFactory } from "simctl-dst/raft-storage";
import { wholeStateStore } from "./raft-store-whole-state.js";

const inclusiveStop: RaftStorageFactory = async (disk, nodeId) => {
  const store = await wholeStateStore(disk, nodeId);
  const getLogEntries = store.getLogEntries.bind(store);
  store.getLogEntries = (start, stop) => getLogEntries(start, stop + 1);
  return store;
};

export default inclusiveStop;
