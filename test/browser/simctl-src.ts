/**
 * `simctl` straight from src/ (run with `node --import tsx`), for the browser test when
 * SIMCTL_BROWSER_CLI=src: dist/ may be older than the source being worked on, and rebuilding it
 * under someone else's feet is not an option. Everywhere else the tests run the built bin/.
 */
import { processIo } from "../../src/cli/io.js";
import { finalExitCode, main } from "../../src/cli/main.js";

const io = processIo();
process.exitCode = finalExitCode(io, await main(process.argv.slice(2), io));
