#!/usr/bin/env node
// Thin entry: the built CLI does the work; only this file sets the process exit code. Whatever
// happens, the code is one of the README's table: an error nothing caught is an internal error
// (70, one line), and a command that never settles is one too (never Node's silent 0 or 13).
import { finalExitCode, internalErrorLine, main } from "../dist/cli/main.js";
import { processIo } from "../dist/cli/io.js";

const io = processIo();
let code;
const internal = (err) => {
  io.err(internalErrorLine(err));
  process.exit(70);
};
process.on("uncaughtException", internal);
process.on("unhandledRejection", internal);
process.on("exit", (exiting) => {
  // `exiting` is 0 when the event loop ran dry before the command settled (that is the internal
  // error), else the code of an explicit exit: 70 above, 130/143 of a forced quit (interrupts.ts).
  process.exitCode = finalExitCode(io, code ?? (exiting === 0 ? undefined : exiting));
});
main(process.argv.slice(2), io).then((c) => {
  code = c;
}, internal);
