/**
 * The CommonJS entry: what `require("simctl-dst")` gives, and what a target compiled as CommonJS
 * imports (a `.ts` file in a project without `"type": "module"`, a `.cts` file, a `.js` file
 * that calls require). It is the ESM entry itself, loaded through Node's require() of ES modules
 * (Node 20.19+), so there is one copy of simctl, not two that disagree about their classes. That
 * needs an ESM graph without top-level await: test/cli/package-exports.test.ts keeps it so.
 */
import simctl = require("./index.js");
export = simctl;
