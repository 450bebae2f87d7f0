/**
 * The README as data for its tests: its code blocks, the simctl commands in them with the exit
 * code each is documented to return, the output and file samples shown after them, and a runner
 * that runs the commands as a user would (`npx simctl` is the built CLI, `bin/simctl.js`),
 * concurrently, each shell block in a temp dir laid out like a user's project.
 *
 * Conventions the README follows (and this file enforces):
 *  - a line of an `sh` block is a command; a trailing comment `# ... exits N ...` gives its exit
 *    code, no such comment means 0. `a && b` runs both parts. A part that is not a simctl command
 *    must be one of {@link NOT_SIMCTL}, else parsing fails;
 *  - a `text` or `json` block right after an `sh` block of one command (nothing but blank lines
 *    between) is that command's output; a block preceded by `<!-- file: PATH -->` is the content
 *    of PATH in the temp dir of the nearest `sh` block above it. In both, a line `...` elides
 *    lines; every other line is real, in order, and lines not separated by `...` are adjacent;
 *  - `replay: npx simctl ...` lines in a `text` block are the replay commands of failing seeds:
 *    each is run and must exit 1.
 */
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "../cli/helpers.js";

const BIN = join(ROOT, "bin", "simctl.js");

/** Shell commands in the README that are not simctl's: the only ones the test does not run. */
export const NOT_SIMCTL: readonly string[] = ["npm install --save-dev simctl-dst", "npm ci", "npm test", "npm run bench", "npm run matrix", "npm run stress", "npm run corpus"];

export interface Block {
  readonly lang: string;
  readonly lines: readonly string[];
  /** 1-based README line of the opening fence. */
  readonly line: number;
  /** The README lines between the previous block (or the start) and this one's fence. */
  readonly before: readonly string[];
}

export interface Command {
  /** As the README shows it: `npx simctl sweep ...`. */
  readonly text: string;
  readonly expect: number;
  /** 1-based README line. */
  readonly line: number;
}

/** Commands run in order in one directory: an `sh` block (in a fresh project), or one replay line. */
export interface Script {
  readonly commands: readonly Command[];
  /** The `sh` block, or undefined for a replay line of an output sample. */
  readonly block: Block | undefined;
}

/** A block whose lines must occur in a command's output (`command`) or in a file (`file`). */
export interface Sample {
  readonly block: Block;
  readonly script: Script;
  readonly command?: Command;
  readonly file?: string;
}

export interface Readme {
  readonly blocks: readonly Block[];
  readonly scripts: readonly Script[];
  readonly samples: readonly Sample[];
}

export function codeBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  let before: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (open === null) {
      before.push(lines[i]!);
      continue;
    }
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && lines[i] !== "```") body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`README line ${start + 1}: a code block is never closed`);
    blocks.push({ lang: open[1] ?? "", lines: body, line: start + 1, before });
    before = [];
  }
  return blocks;
}

/** The commands of an `sh` block, with their documented exit codes. */
export function shellCommands(block: Block): Command[] {
  const out: Command[] = [];
  block.lines.forEach((raw, k) => {
    const line = block.line + 1 + k;
    const hash = raw.search(/(^|\s)#/);
    const code = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (code === "") return;
    const exits = /\bexits (\d+)\b/.exec(hash >= 0 ? raw.slice(hash) : "");
    for (const part of code.split("&&").map((p) => p.trim())) {
      if (/^(npx )?simctl /.test(part)) out.push({ text: part, expect: exits !== null ? Number(exits[1]) : 0, line });
      else if (!NOT_SIMCTL.includes(part)) throw new Error(`README line ${line}: '${part}' is not a simctl command, nor one the test knows to skip (${NOT_SIMCTL.join(", ")})`);
    }
  });
  return out;
}

/** `replay: npx simctl ...` lines of a text block: the replays of failing seeds, exit 1. */
export function replayLines(block: Block): Command[] {
  return block.lines.flatMap((raw, k) => {
    const m = /^\s*replay: (npx simctl .+)$/.exec(raw);
    return m !== null ? [{ text: m[1]!, expect: 1, line: block.line + 1 + k }] : [];
  });
}

export function parseReadme(markdown: string): Readme {
  const blocks = codeBlocks(markdown);
  const scripts: Script[] = [];
  const samples: Sample[] = [];
  let lastShell: Script | undefined;
  blocks.forEach((block, i) => {
    if (block.lang === "sh") {
      lastShell = { commands: shellCommands(block), block };
      scripts.push(lastShell);
      return;
    }
    if (block.lang === "text") for (const c of replayLines(block)) scripts.push({ commands: [c], block: undefined });
    if (block.lang !== "text" && block.lang !== "json") return;
    const marker = [...block.before].reverse().find((l) => l.trim() !== "");
    const file = marker !== undefined ? /^<!-- file: (\S+) -->$/.exec(marker.trim())?.[1] : undefined;
    const prev = blocks[i - 1];
    if (file !== undefined) {
      if (lastShell === undefined) throw new Error(`README line ${block.line}: a file sample with no sh block above it`);
      samples.push({ block, script: lastShell, file });
    } else if (prev?.lang === "sh" && block.before.every((l) => l.trim() === "") && lastShell !== undefined) {
      const [command, ...more] = lastShell.commands;
      if (command === undefined || more.length > 0) throw new Error(`README line ${block.line}: an output sample must follow a block of exactly one command`);
      samples.push({ block, script: lastShell, command });
    }
  });
  return { blocks, scripts, samples };
}

/**
 * Table lines without what varies from run to run: column widths, and the wall time (and, in a
 * sweep's summary row, steps/s) in the last cells.
 */
export function normalizeLine(line: string): string {
  if (!/^[│┌├└]/.test(line)) return line;
  const cells = line.replace(/─+/g, "─").replace(/ +/g, " ").split("│");
  const wall = cells.length - 2;
  if (wall > 0 && /^ [\d.]+ m?s $/.test(cells[wall]!)) {
    cells[wall] = " * ";
    // The sweep summary: seeds, passed, failed, inconclusive, errored, not run, steps, steps/s, wall.
    if (cells.length === 11) cells[wall - 1] = " * ";
  }
  return cells.join("│");
}

/**
 * Why `sample` is not real output `actual`, or undefined when it is: its runs of lines (split at
 * `...` lines) occur in `actual` in order, each run on adjacent lines, the first at the start and
 * the last at the end unless an elision stands there.
 */
export function sampleMismatch(sample: readonly string[], actual: readonly string[]): string | undefined {
  const elided = (l: string): boolean => l.trim() === "...";
  const lines = actual.map(normalizeLine);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const runs: string[][] = [[]];
  for (const l of sample) {
    if (elided(l)) runs.push([]);
    else runs[runs.length - 1]!.push(normalizeLine(l));
  }
  let from = 0;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    if (run.length === 0) continue;
    const anchoredStart = r === 0;
    const anchoredEnd = r === runs.length - 1;
    const fits = (at: number): boolean => run.every((l, k) => lines[at + k] === l) && (!anchoredEnd || at + run.length === lines.length);
    let at = from;
    while (at + run.length <= lines.length && !fits(at)) {
      if (anchoredStart) return `the sample does not start with the output's first lines:\n  ${run.join("\n  ")}`;
      at++;
    }
    if (at + run.length > lines.length) {
      const missing = run.find((l) => !lines.slice(from).includes(l));
      return missing !== undefined
        ? `this line is not in the output${r > 0 ? " after the lines before it" : ""}:\n  ${missing}`
        : `these lines are not adjacent (or not at the ${anchoredEnd ? "end" : "place shown"}) in the output:\n  ${run.join("\n  ")}`;
    }
    from = at + run.length;
  }
  return undefined;
}

/** The text of the `## heading` section, up to the next `## ` heading. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section '## ${heading}'`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The member names an interface declares in a TypeScript source file. */
export function interfaceMembers(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const members: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== name) return;
    for (const m of node.members) if (m.name !== undefined && ts.isIdentifier(m.name)) members.push(m.name.text);
  });
  if (members.length === 0) throw new Error(`${file} declares no interface ${name}`);
  return members;
}

/** The text under the heading line `heading` (`### *RunContext*`), up to the next heading of any level. */
export function subsection(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no heading '${heading}'`);
  const end = markdown.slice(start + heading.length + 2).search(/\n#{1,6} /);
  return markdown.slice(start, end < 0 ? undefined : start + heading.length + 2 + end);
}

const escaped = (name: string): string => name.replace(/[$]/g, "\\$");

/** True when `markdown` names `name` in code: right after a backtick (`` `name(...)` ``, `` `new name` ``). */
export function mentions(markdown: string, name: string): boolean {
  return new RegExp("`(?:new )?" + escaped(name) + "(?![\\w$])").test(markdown);
}

/** True when a table row of `markdown` starts with `name` in code (`` | `name(args)` | ``, `` | `name?` | ``). */
export function hasRow(markdown: string, name: string): boolean {
  return new RegExp("^\\| `" + escaped(name) + "(?![\\w$])", "m").test(markdown);
}

/**
 * A temp dir laid out like a user's project: `node_modules/simctl-dst` is this repository,
 * `my-target.ts` is the worked example, and copies of `examples/`, `scenarios/` and
 * `test/fixtures/` stand where the README's commands read them (copies, so that nothing a
 * command writes can land in the repository).
 */
export function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "simctl-readme-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "simctl-dst"), "dir");
  copyFileSync(join(ROOT, "examples", "cache-target.ts"), join(dir, "my-target.ts"));
  for (const d of ["examples", "scenarios", join("test", "fixtures")]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  return dir;
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Run a README command through `sh` in `cwd`, `npx simctl` being the built CLI (globs expand). */
export function runCommand(command: Command, cwd: string, timeoutMs = 60_000): Promise<Outcome> {
  const line = command.text.replace(/^(npx )?simctl /, `${quote(process.execPath)} ${quote(BIN)} `);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", line], { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** `fn` over `items`, at most `limit` at a time; results in the order of `items`. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
