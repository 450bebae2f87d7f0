/**
 * `simctl certify --verify DIR`: every evidence manifest in DIR re-run and checked, signature by
 * signature and figure by figure. Exit 0 when all hold, 3 (the nondeterminism code: the evidence
 * does not reproduce) on any mismatch, each named on its own line; 2 when DIR holds no evidence.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { EXIT, InputError } from "../../core/errors.js";
import { parseEvidence, verifyEvidence, type Rerun } from "../../targets/failover/artifacts/index.js";
import { EVIDENCE_FORMAT } from "../../targets/failover/artifacts/evidence.js";
import { certifyRun, judgeCell } from "../../targets/failover/certify.js";
import { readJsonFile } from "../files.js";
import type { Io } from "../io.js";
import type { Style } from "../reporters/style.js";

const RERUN: Rerun = { run: (contract, pressure, seed, options) => certifyRun(contract, pressure, seed, options), judge: judgeCell };

export async function verifyDir(dir: string, io: Io, style: Style): Promise<number> {
  const files = await evidenceFiles(dir);
  let mismatches = 0;
  for (const file of files) {
    const evidence = parseEvidence(await readJsonFile(file, "evidence manifest"), `evidence manifest '${file}'`);
    const found = await verifyEvidence(evidence, RERUN);
    mismatches += found.length;
    const runs = evidence.cells.reduce((n, c) => n + c.runs.length, 0);
    if (found.length === 0) io.out(`${file}: ${style.green("verified")}: ${evidence.backend.name}, ${runs} runs re-run, every signature and figure matches\n`);
    else io.out(`${file}: ${style.red.bold("MISMATCH")}: ${found.length} difference${found.length === 1 ? "" : "s"}\n${found.map((m) => `  ${m.where}: ${m.message}\n`).join("")}`);
  }
  return mismatches > 0 ? EXIT.nondeterminism : EXIT.ok;
}

/** The JSON files of `dir` that say they are evidence manifests (reports and guides are Markdown). */
async function evidenceFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read --verify folder '${dir}': ${code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "not a folder" : String(code ?? err)}`);
  }
  const out: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    const json = await readJsonFile(join(dir, name), "evidence manifest");
    if ((json as { format?: unknown } | null)?.format === EVIDENCE_FORMAT) out.push(join(dir, name));
  }
  if (out.length === 0) throw new InputError(`--verify folder '${dir}' holds no evidence manifest (a JSON file with "format": "${EVIDENCE_FORMAT}")`);
  return out;
}
