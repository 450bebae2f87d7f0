/**
 * The CommonJS entry of `simctl-dst/failover` (see index.cts): the failover target's contracts,
 * manager contract, certification and artifacts, the same ES module loaded through require().
 */
import failover = require("./targets/failover/index.js");
export = failover;
