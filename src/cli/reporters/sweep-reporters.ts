/**
 * Several reporters at once for a sweep: `--reporter text --reporter junit:reports/junit.xml
 * --reporter json:reports/sweep.json`. A reporter without a file writes to stdout (or to `--out`);
 * every file is written atomically.
 */
import { InputError } from "../../core/errors.js";
import type { SweepDoc } from "../../core/report.js";
import { writeFileAtomic } from "../files.js";
import type { Io } from "../io.js";
import { renderGithub } from "./github.js";
import { renderSweepJson } from "./json.js";
import { renderSweepText, type TextContext } from "./text.js";

export const SWEEP_REPORTERS = ["text", "json", "junit", "github"] as const;
export type SweepReporterName = (typeof SWEEP_REPORTERS)[number];

export interface ReporterSpec {
  readonly name: SweepReporterName;
  readonly file?: string | undefined;
}

/** Parse `--reporter` values `name` or `name:file`; `--out` gives the file of a lone file-less reporter. */
export function parseReporterSpecs(values: readonly string[] | undefined, out: string | undefined): ReporterSpec[] {
  const specs = (values === undefined || values.length === 0 ? ["text"] : values).map((v) => {
    const colon = v.indexOf(":");
    const name = colon < 0 ? v : v.slice(0, colon);
    const file = colon < 0 ? undefined : v.slice(colon + 1);
    if (!(SWEEP_REPORTERS as readonly string[]).includes(name)) throw new InputError(`unknown reporter '${name}' (known: ${SWEEP_REPORTERS.join(", ")})`);
    if (file === "") throw new InputError(`--reporter ${name}: empty file name after ':'`);
    return { name: name as SweepReporterName, file };
  });
  const toStdout = specs.filter((s) => s.file === undefined);
  if (out === undefined) {
    // text and github lines can share stdout (CI reads annotations from the log); a JSON or XML
    // document cannot share it with anything.
    const document = toStdout.find((s) => s.name === "json" || s.name === "junit");
    if (document !== undefined && toStdout.length > 1) {
      throw new InputError(`the ${document.name} report cannot share stdout with ${toStdout.filter((s) => s !== document).map((s) => s.name).join(", ")}: give one of them a file, as NAME:FILE`);
    }
    return specs;
  }
  if (toStdout.length !== 1) throw new InputError("--out needs exactly one --reporter without its own file");
  return specs.map((s) => (s.file === undefined ? { ...s, file: out } : s));
}

export async function renderSweep(spec: ReporterSpec, doc: SweepDoc, text: TextContext, header: string[]): Promise<string> {
  switch (spec.name) {
    case "text":
      return renderSweepText(doc, text, header);
    case "json":
      return renderSweepJson(doc);
    case "junit":
      // Loaded on demand: the JUnit builder is a large CommonJS bundle most runs never need.
      return (await import("./junit.js")).renderJunit(doc);
    case "github":
      return renderGithub(doc);
  }
}

/** Write every reporter's output; file reporters get a one-line pointer on stdout. */
export async function emitSweep(specs: readonly ReporterSpec[], doc: SweepDoc, text: TextContext, header: string[], io: Io): Promise<void> {
  for (const spec of specs) {
    const content = await renderSweep(spec, doc, text, header);
    if (spec.file === undefined) io.out(content);
    else {
      await writeFileAtomic(spec.file, content);
      io.err(`${spec.name} report written to ${spec.file}\n`);
    }
  }
}
