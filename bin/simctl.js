#!/usr/bin/env node
// Thin entry: the built CLI does the work; only this file sets the process exit code. Whatever
// happens, the code is one of the README's table: an error nothing caught is an internal error
// (70, one line), and so is a command that never settles (never Node's silent 0 or its 13) and a
// build that cannot be loaded.
let code;
let finish = (_io, c) => (c === undefined ? 70 : c);
let io = { err: (text) => process.stderr.write(text) };
const internal = (err) => {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  io.err(`simctl: internal error: ${message.trim().replace(/\s*\n\s*/g, " ")}\n`);
  process.exit(70);
};
process.on("uncaughtException", internal);
process.on("unhandledRejection", internal);
process.on("exit", (exiting) => {
  // `exiting` is 0 when the event loop ran dry before the command settled (that is the internal
  // error), else the code of an explicit exit: 70 above, 130/143 of a forced quit (interrupts.ts).
  process.exitCode = finish(io, code ?? (exiting === 0 ? undefined : exiting));
});
Promise.all([import("../dist/cli/main.js"), import("../dist/cli/io.js")]).then(([cli, streams]) => {
  io = streams.processIo();
  finish = cli.finalExitCode;
  return cli.main(process.argv.slice(2), io).then((c) => {
    code = c;
  });
}, internal);
