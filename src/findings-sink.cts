/**
 * The CommonJS entry of `simctl-dst/findings-sink` (see index.cts): the target's store contract, the
 * same ES module loaded through require().
 */
import findingssink = require("./targets/findings-sink/index.js");
export = findingssink;
