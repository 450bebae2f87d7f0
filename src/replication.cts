/**
 * The CommonJS entry of `simctl-dst/replication` (see index.cts): the replication target's
 * contract and package, the same ES module loaded through require().
 */
import replication = require("./targets/replication/index.js");
export = replication;
