/**
 * The CommonJS entry of `simctl-dst/done-ledger` (see index.cts): the target's store contract, the
 * same ES module loaded through require().
 */
import doneledger = require("./targets/done-ledger/index.js");
export = doneledger;
