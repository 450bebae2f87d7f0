/** Where a report goes: stdout, or a file (`--out`; see `writeOutput` for how it is written). */
import { isStdoutPath, writeOutput } from "./files.js";
import type { Io } from "./io.js";

export async function emitReport(io: Io, content: string, outPath: string | undefined, summary: string): Promise<void> {
  if (outPath === undefined) return io.out(content);
  await writeOutput(outPath, content, io);
  // `--out /dev/stdout` put the report itself on stdout: no pointer line after it.
  if (!isStdoutPath(outPath)) io.out(`${summary}\nreport written to ${outPath}\n`);
}
