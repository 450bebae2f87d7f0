/**
 * `sweep --save-failures DIR`: a replay file per failing seed (its shrunk repro with `--shrink`),
 * and with an HTML report a run page beside each, which the sweep page links to.
 */
import { join } from "node:path";
import { InputError } from "../core/errors.js";
import { formatReplayFile, toReplayFile } from "../core/replay.js";
import { FAILURE_LIMITS } from "../core/report.js";
import type { RunResult } from "../core/run.js";
import type { ShrinkResult } from "../core/shrink.js";
import { seedStatus } from "../core/sweep.js";
import type { Invocation } from "./common.js";
import { writeOutput } from "./files.js";
import type { Interrupts } from "./interrupts.js";
import type { Io } from "./io.js";
import { runSeed } from "./isolate/run-target.js";
import { replayFileCommand } from "./replay-command.js";

/**
 * Save each failed seed as a replay file: its shrunk repro, or the full run re-recorded. A second
 * signal skips the rest; a seed whose run cannot be saved (its ops are not JSON) is named on
 * stderr and the others are still saved; a file that cannot be written is an input error.
 */
export async function saveFailures(
  inv: Invocation,
  failures: readonly RunResult[],
  dir: string,
  shrunk: ReadonlyMap<number, ShrinkResult<unknown>>,
  interrupts: Interrupts,
  io: Io,
  pages: ReadonlyMap<number, string> | undefined,
): Promise<void> {
  const toSave = failures.filter((f) => !isErrored(f));
  for (const [i, f] of toSave.entries()) {
    if (interrupts.hurry) {
      io.err(`simctl: interrupted again: ${toSave.length - i} replay files not saved\n`);
      return;
    }
    const path = join(dir, `${inv.target.name}-seed-${f.seed}.json`);
    const small = shrunk.get(f.seed);
    // One run gives both the replay file and the page: the shrunk repro's steps, or the seed again.
    const page = pages?.get(f.seed);
    const html = page !== undefined ? await import("./html/run-html.js") : undefined;
    const answer = html !== undefined ? await html.runForPage(inv.target, f.seed, inv.options, { steps: small?.steps, record: true }, undefined) : undefined;
    let text: string;
    try {
      const recorded = answer?.result ?? small?.result ?? (await runSeed(inv.target, f.seed, inv.options, { record: true }));
      text = formatReplayFile(toReplayFile(recorded));
    } catch (err) {
      if (err instanceof InputError) throw err;
      io.err(`simctl: seed ${f.seed} not saved: its run cannot be written as a replay file (${errorText(err)})\n`);
      continue;
    }
    await writeOutput(path, text);
    if (html !== undefined && answer !== undefined && page !== undefined) {
      const context = { targetSpec: inv.targetSpec, invariants: inv.target.invariants, replay: replayFileCommand(path, inv.targetSpec, inv.implSpec) };
      await writeOutput(page, html.pageOf(answer, context));
    }
  }
}

function runPagePath(inv: Invocation, dir: string, seed: number): string {
  return join(dir, `${inv.target.name}-seed-${seed}.html`);
}

/**
 * The run pages --save-failures will write, by seed: one per saved seed, for the lowest
 * {@link FAILURE_LIMITS.detailedFailures} (the failures a report details; every seed still gets
 * its replay file).
 */
export function runPagePaths(inv: Invocation, failures: readonly RunResult[], dir: string): Map<number, string> {
  const saved = failures.filter((f) => !isErrored(f)).map((f) => f.seed);
  const kept = saved.sort((a, b) => a - b).slice(0, FAILURE_LIMITS.detailedFailures);
  return new Map(kept.map((seed) => [seed, runPagePath(inv, dir, seed)]));
}

function errorText(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return "unprintable error";
  }
}

function isErrored(r: RunResult): boolean {
  return seedStatus(r) === "errored";
}
