/**
 * The CommonJS entry of `simctl-dst/raft-storage` (see index.cts): the RaftStorage contract,
 * MemStore, the clause checks and `makeRaftStorageTarget`, the same ES module loaded through
 * require().
 */
import raftStorage = require("./targets/raft-storage/index.js");
export = raftStorage;
