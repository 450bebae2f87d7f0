/**
 * `simctl lincheck --model register|kv [--format F] [--timeout S] FILE...`: check histories
 * recorded anywhere (simctl's own JSON lines, Jepsen's register log, EDN maps) for
 * linearizability. Exit 0 all linearizable, 1 any not, 4 any unknown (none not), 2 bad input.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { EXIT, InputError } from "../../core/errors.js";
import {
  HISTORY_FORMATS,
  HistoryParseError,
  checkLinearizability,
  describeWitness,
  detectFormat,
  kvModel,
  parseHistory,
  registerModel,
  type HistoryFormat,
  type Model,
} from "../../index.js";
import { checkOutputPaths, writeOutput } from "../files.js";
import type { Io } from "../io.js";
import { renderLincheckHtml, type HtmlEntry } from "../reporters/lincheck-html.js";
import { makeStyle } from "../reporters/style.js";

/** Exit code when some history could not be decided within the budget (as for an inconclusive seed). */
export const EXIT_UNKNOWN = EXIT.inconclusive;

interface LincheckFlags {
  model?: string;
  format?: string;
  timeout?: string;
  maxStates?: string;
  html?: string;
  color?: boolean;
}

const MODELS = { register: registerModel, kv: kvModel } as const;

export function registerLincheck(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("lincheck")
    .description("check recorded histories for linearizability")
    .argument("<files...>", "history files")
    .requiredOption("--model <name>", "register | kv")
    .option("--format <format>", `${HISTORY_FORMATS.join(" | ")} (default: detected from the first line)`)
    .option("--timeout <seconds>", "give up as unknown after this long per file (default: 60)")
    .option("--max-states <n>", "give up as unknown after exploring this many states (default: 5000000)")
    .option("--html <file>", "write a self-contained page showing each history and where linearization failed")
    .option("--no-color", "no colours")
    .action(async (files: string[], flags: LincheckFlags) => setExit(await lincheck(files, flags, io)));
}

async function lincheck(files: readonly string[], flags: LincheckFlags, io: Io): Promise<number> {
  const model = pickModel(flags.model);
  const format = flags.format === undefined ? undefined : pickFormat(flags.format);
  const timeoutMs = positive(flags.timeout ?? "60", "--timeout") * 1000;
  const maxStates = positive(flags.maxStates ?? "5000000", "--max-states");
  if (!Number.isSafeInteger(maxStates)) throw new InputError(`--max-states must be a whole number, got '${flags.maxStates ?? ""}'`);
  if (flags.html !== undefined) checkOutputPaths([{ path: flags.html, flag: "--html", kind: "file" }]);
  const style = makeStyle(io, flags.color);
  const html: HtmlEntry[] = [];
  const counts = { linearizable: 0, "not linearizable": 0, unknown: 0 };
  for (const file of files) {
    const history = await readHistory(file, format, flags.model as "register" | "kv");
    const started = performance.now();
    const result = checkLinearizability(model, history, { maxStates, shouldStop: () => performance.now() - started > timeoutMs });
    const ms = performance.now() - started;
    counts[result.verdict]++;
    const colour = result.verdict === "linearizable" ? style.green : result.verdict === "unknown" ? style.yellow : style.red;
    const detail = result.verdict === "unknown" ? ` (${result.reason})` : "";
    io.out(`${file}: ${colour.bold(result.verdict)}${detail}: ${history.length} operations, ${result.partitions} partition(s), ${result.explored} states, ${ms.toFixed(0)} ms\n`);
    if (result.verdict === "not linearizable") io.out(describeWitness(model, result.witness).map((l) => `    ${l}\n`).join(""));
    html.push({ file, history, result, model });
  }
  if (files.length > 1) io.out(`${files.length} histories: ${counts.linearizable} linearizable, ${counts["not linearizable"]} not linearizable, ${counts.unknown} unknown\n`);
  if (flags.html !== undefined) await writeOutput(flags.html, renderLincheckHtml(html), io);
  if (counts["not linearizable"] > 0) return EXIT.violation;
  return counts.unknown > 0 ? EXIT_UNKNOWN : EXIT.ok;
}

function pickModel(name: string | undefined): Model<unknown, unknown, unknown> {
  if (name === undefined || !Object.hasOwn(MODELS, name)) throw new InputError(`unknown model '${name ?? ""}' (known: ${Object.keys(MODELS).join(", ")})`);
  return MODELS[name as keyof typeof MODELS] as unknown as Model<unknown, unknown, unknown>;
}

function pickFormat(name: string): HistoryFormat {
  if (!(HISTORY_FORMATS as readonly string[]).includes(name)) throw new InputError(`unknown format '${name}' (known: ${HISTORY_FORMATS.join(", ")})`);
  return name as HistoryFormat;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0)) throw new InputError(`${flag} must be a positive number, got '${text}'`);
  return n;
}

async function readHistory(file: string, format: HistoryFormat | undefined, model: "register" | "kv") {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read history '${file}': ${code === "ENOENT" ? "no such file" : String(code ?? err)}`);
  }
  try {
    return parseHistory(text, format ?? detectFormat(text), model);
  } catch (err) {
    if (err instanceof HistoryParseError) throw new InputError(`${file}:${err.line}: ${err.message.replace(/^line \d+: /, "")}`);
    throw err;
  }
}
