/**
 * `simctl merge a.json b.json ...`: combine the JSON reports of shards (`sweep --shard i/n
 * --reporter json:FILE`) into one verdict, histogram and failure list. Reports of different
 * targets, options or ranges, overlapping shards and missing seeds are refused (exit 2). The exit
 * code follows the sweep's: 1 any failed or errored seed, else 4 any inconclusive seed, else 0.
 */
import type { Command } from "commander";
import { docExitCode, mergeSweepDocs, parseSweepDoc } from "../../core/report.js";
import { loadBuiltin } from "../builtins.js";
import { checkOutputPaths, readJsonFile } from "../files.js";
import type { Io } from "../io.js";
import { makeStyle } from "../reporters/style.js";
import { documentOnStdout, emitSweep, parseReporterSpecs, reporterOutputs } from "../reporters/sweep-reporters.js";

interface MergeFlags {
  reporter?: string[];
  out?: string;
  color?: boolean;
}

export function registerMerge(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("merge")
    .description("merge shard reports (JSON) into one verdict; exit 1 if any seed failed, else 4 if any was inconclusive")
    .argument("<reports...>", "JSON sweep reports (simctl-sweep/2, or /1 from older versions)")
    .option("--reporter <name[:file]>", "text | json | junit | github, repeatable (default: text)", (v: string, p: string[] | undefined) => [...(p ?? []), v], undefined)
    .option("--out <file>", "write the (one) reporter without a file to this file")
    .option("--no-color", "no colours")
    .action(async (files: string[], flags: MergeFlags) => {
      const specs = parseReporterSpecs(flags.reporter, flags.out);
      checkOutputPaths(reporterOutputs(specs));
      if (documentOnStdout(specs)) io.claimStdout?.();
      const docs = [];
      for (const file of files) docs.push(parseSweepDoc(await readJsonFile(file, "report"), file));
      const merged = mergeSweepDocs(docs, files);
      const invariants = (await loadBuiltin(merged.target))?.invariants ?? {};
      await emitSweep(specs, merged, { style: makeStyle(io, flags.color), invariants }, [`merged ${files.length} report${files.length === 1 ? "" : "s"}`], io);
      setExit(docExitCode(merged));
    });
}
