/**
 * Several reporters at once for a sweep: `--reporter text --reporter junit:reports/junit.xml
 * --reporter json:reports/sweep.json`. A reporter without a file writes to stdout (or to `--out`);
 * files are written by `writeOutput` (atomically over regular files, through to devices).
 */
import { dirname, relative, sep } from "node:path";
import { InputError } from "../../core/errors.js";
import type { SweepDoc } from "../../core/report.js";
import { isStdoutPath, writeOutput, type Content, type OutputSpec } from "../files.js";
import type { Io } from "../io.js";
import { renderGithub } from "./github.js";
import { sweepJsonChunks } from "./json.js";
import { renderSweepText, type TextContext } from "./text.js";

export const SWEEP_REPORTERS = ["text", "json", "junit", "github", "html"] as const;
export type SweepReporterName = (typeof SWEEP_REPORTERS)[number];

export interface ReporterSpec {
  readonly name: SweepReporterName;
  readonly file?: string | undefined;
  /** How the user named the file: `--out` or `--reporter json:FILE`. */
  readonly flag?: string | undefined;
}

/** Parse `--reporter` values `name` or `name:file`; `--out` gives the file of a lone file-less reporter. */
export function parseReporterSpecs(values: readonly string[] | undefined, out: string | undefined): ReporterSpec[] {
  const specs = (values === undefined || values.length === 0 ? ["text"] : values).map((v) => {
    const colon = v.indexOf(":");
    const name = colon < 0 ? v : v.slice(0, colon);
    const file = colon < 0 ? undefined : v.slice(colon + 1);
    if (!(SWEEP_REPORTERS as readonly string[]).includes(name)) throw new InputError(`unknown reporter '${name}' (known: ${SWEEP_REPORTERS.join(", ")})`);
    if (file === "") throw new InputError(`--reporter ${name}: empty file name after ':'`);
    return { name: name as SweepReporterName, file, flag: file !== undefined ? `--reporter ${v}` : undefined };
  });
  const fileless = specs.filter((s) => s.file === undefined);
  if (out !== undefined && fileless.length !== 1) throw new InputError("--out needs exactly one --reporter without its own file");
  const resolved = out === undefined ? specs : specs.map((s) => (s.file === undefined ? { ...s, file: out, flag: "--out" } : s));
  // text and github lines can share stdout (CI reads annotations from the log); a JSON or XML
  // document cannot share it with anything (`/dev/stdout` as a file is stdout too).
  const toStdout = resolved.filter(writesStdout);
  const document = toStdout.find(isDocument);
  if (document !== undefined && toStdout.length > 1) {
    throw new InputError(`the ${document.name} report cannot share stdout with ${toStdout.filter((s) => s !== document).map((s) => s.name).join(", ")}: give one of them a file, as NAME:FILE`);
  }
  return resolved;
}

function writesStdout(spec: ReporterSpec): boolean {
  return spec.file === undefined || isStdoutPath(spec.file);
}

function isDocument(spec: ReporterSpec): boolean {
  return spec.name === "json" || spec.name === "junit" || spec.name === "html";
}

/** Whether a JSON or XML document goes to stdout: then nothing else may write there. */
export function documentOnStdout(specs: readonly ReporterSpec[]): boolean {
  return specs.some((s) => writesStdout(s) && isDocument(s));
}

/** The files the reporters write, to check before the sweep starts. */
export function reporterOutputs(specs: readonly ReporterSpec[]): OutputSpec[] {
  return specs.flatMap((s) => (s.file !== undefined ? [{ path: s.file, flag: s.flag ?? `--reporter ${s.name}:${s.file}`, kind: "file" as const }] : []));
}

/** The run page of a failing seed, as a path relative to the current directory, when one is written. */
export type RunPages = (seed: number) => string | undefined;

export async function renderSweep(spec: ReporterSpec, doc: SweepDoc, text: TextContext, header: string[], runPages?: RunPages): Promise<Content> {
  switch (spec.name) {
    case "text":
      return renderSweepText(doc, text, header);
    case "json":
      return sweepJsonChunks(doc);
    case "junit":
      return (await import("./junit.js")).junitChunks(doc);
    case "github":
      return renderGithub(doc);
    case "html":
      return (await import("../html/sweep-page.js")).renderSweepPage(doc, { invariants: text.invariants, runPage: relativeTo(spec.file, runPages) });
  }
}

/** Run page links as the sweep page at `file` (stdout: the current directory) reaches them. */
function relativeTo(file: string | undefined, runPages: RunPages | undefined): RunPages | undefined {
  if (runPages === undefined) return undefined;
  const from = file === undefined || isStdoutPath(file) ? "." : dirname(file);
  return (seed) => {
    const target = runPages(seed);
    return target === undefined ? undefined : relative(from, target).split(sep).map(encodeURIComponent).join("/");
  };
}

/**
 * Write every reporter's output; file reporters get a one-line pointer on stderr. A reporter that
 * cannot write its file does not stop the others: every report that can be written is, then the
 * first failure is thrown (exit 2, naming the path).
 */
export async function emitSweep(specs: readonly ReporterSpec[], doc: SweepDoc, text: TextContext, header: string[], io: Io, runPages?: RunPages): Promise<void> {
  let failure: unknown;
  for (const spec of specs) {
    const content = await renderSweep(spec, doc, text, header, runPages);
    if (spec.file === undefined) {
      for (const chunk of typeof content === "string" ? [content] : content) io.out(chunk);
      continue;
    }
    try {
      await writeOutput(spec.file, content, io);
      if (!isStdoutPath(spec.file)) io.err(`${spec.name} report written to ${spec.file}\n`);
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure !== undefined) throw failure;
}
