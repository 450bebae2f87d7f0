/**
 * The CommonJS entry of `simctl-dst/async-driver` (see index.cts): the async-driver target's
 * contracts, driver contract, benchmarks and budgets, the same ES module loaded through require().
 */
import asyncDriver = require("./targets/async-driver/index.js");
export = asyncDriver;
