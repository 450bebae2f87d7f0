/** Where a report goes: stdout, or a file written atomically (`--out`). */
import { writeFileAtomic } from "./files.js";
import type { Io } from "./io.js";

export async function emitReport(io: Io, content: string, outPath: string | undefined, summary: string): Promise<void> {
  if (outPath === undefined) return io.out(content);
  await writeFileAtomic(outPath, content);
  io.out(`${summary}\nreport written to ${outPath}\n`);
}
