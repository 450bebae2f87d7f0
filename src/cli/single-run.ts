/**
 * One seed, reported: shared by `simctl run` and `simctl replay`. Handles `--trace` (full JSONL
 * trace), `--save` (a replay file of the run) and the trace-hash expectation of a replay. The run
 * itself goes through isolate/run-target.ts: a user's target runs in its watched worker, and a
 * run lost there (a hang, a crash, `process.exit`) is reported as an errored seed, exit 1.
 */
import { replayFileCommand } from "./replay-command.js";
import { EXIT, InputError } from "../core/errors.js";
import { pageOf, parseHtmlSteps, runForPage } from "./html/run-html.js";
import { formatReplayFile, judgeReplay, toReplayFile, type ReplayVerdict } from "../core/replay.js";
import type { RunResult } from "../core/run.js";
import { seedStatus } from "../core/sweep.js";
import type { RecordedStep } from "../core/target.js";
import type { Invocation } from "./common.js";
import { checkOutputPaths, isStdoutPath, writeFileAtomic } from "./files.js";
import type { Io } from "./io.js";
import { runTarget } from "./isolate/run-target.js";
import { emitReport } from "./output.js";
import { replayCommand } from "./replay-command.js";
import { runJson } from "./reporters/json.js";
import { makeStyle, type Style } from "./reporters/style.js";
import type { StuckOp } from "../core/liveness.js";
import { renderDivergence, renderRunText, type TextContext } from "./reporters/text.js";
import type { Checkpoints } from "../core/checkpoints.js";

export interface SingleRunFlags {
  readonly trace?: string | undefined;
  readonly save?: string | undefined;
  readonly pin?: string | undefined;
  readonly out?: string | undefined;
  readonly color?: boolean | undefined;
  readonly html?: string | undefined;
  readonly htmlSteps?: string | undefined;
}

/** Run one seed (generated, or replayed from `steps`) and report it. */
export async function executeRun(
  inv: Invocation,
  seed: number,
  flags: SingleRunFlags,
  io: Io,
  replay?: {
    steps?: readonly RecordedStep[] | undefined;
    /** The steps' faults are keyed the `simctl-replay/1` way. */
    legacyFaultKeys?: boolean | undefined;
    expectHash?: string | undefined;
    expectViolation?: string | undefined;
    checkpoints?: Checkpoints | undefined;
    /** How to replay this run again (a replay file replays by its path, not by its seed). */
    command?: string | undefined;
  },
): Promise<number> {
  const range = parseHtmlSteps(flags.htmlSteps);
  if (range !== undefined && flags.html === undefined) throw new InputError("--html-steps needs --html FILE");
  checkRunOutputs(flags);
  const started = performance.now();
  const hooks = {
    steps: replay?.steps,
    legacyFaultKeys: replay?.legacyFaultKeys,
    record: flags.save !== undefined || flags.pin !== undefined,
    trace: flags.trace !== undefined,
    expectCheckpoints: replay?.checkpoints,
  };
  const answer = flags.html !== undefined ? await runForPage(inv.target, seed, inv.options, hooks, range) : await runTarget(inv.target, seed, inv.options, hooks);
  const { result, trace } = answer;
  const wallMs = performance.now() - started;
  if (flags.trace !== undefined) await writeFileAtomic(flags.trace, trace ?? "");
  if (flags.save !== undefined) await writeFileAtomic(flags.save, formatReplayFile(toReplayFile(result)));
  if (flags.pin !== undefined) await writeFileAtomic(flags.pin, formatReplayFile(toReplayFile(result, { withOps: false })));
  const verdict = judgeReplay(result, { traceHash: replay?.expectHash, violation: replay?.expectViolation });
  if (flags.html !== undefined) {
    const again = replay?.command ?? replayCommand(inv, result.seed, result.traceHash === "" ? undefined : result.traceHash);
    const notes = verdictNotes(verdict, result);
    await writeFileAtomic(flags.html, pageOf(answer, { targetSpec: inv.targetSpec, invariants: inv.target.invariants, replay: again, notes }));
  }
  await report(inv, result, wallMs, verdict, flags, io, replay?.command);
  // On stderr: stdout may be a JSON document.
  if (flags.html !== undefined) io.err(`html report written to ${flags.html}\n`);
  for (const path of [flags.save, flags.pin]) {
    if (path !== undefined) io.err(`replay file written to ${path} (replay it: ${replayFileCommand(path, inv.targetSpec, inv.implSpec)})\n`);
  }
  if (verdict.differs) return EXIT.nondeterminism;
  if (result.violations.length > 0) return EXIT.violation;
  return result.inconclusive.length > 0 ? EXIT.inconclusive : EXIT.ok;
}

async function report(
  inv: Invocation,
  result: RunResult,
  wallMs: number,
  verdict: ReplayVerdict,
  flags: SingleRunFlags,
  io: Io,
  command: string | undefined,
): Promise<void> {
  const style = makeStyle(io, flags.color);
  // A lost run (hang, crash) has no trace hash to expect.
  const replay = (seed: number, hash: string): string => command ?? replayCommand(inv, seed, hash === "" ? undefined : hash);
  const notes: string[] = [];
  if (verdict.hashMismatch) notes.push(style.red.bold(`NONDETERMINISM: trace hash ${result.traceHash} differs from the expected one`));
  if (verdict.divergence !== undefined) notes.push(renderDivergence(verdict.divergence, style));
  if (verdict.violationMismatch) notes.push(style.red.bold(`NOT REPRODUCED: the expected violation did not occur first (got ${result.violations[0]?.invariant ?? "no violation"})`));
  const ctx: TextContext = { style, invariants: inv.target.invariants };
  const again = replay(result.seed, result.traceHash);
  const stuck = result.stuck !== undefined ? renderStuck(result.stuck, style) + "\n" : "";
  const content = inv.reporter === "json" ? runJson(result, wallMs, replay) : renderRunText(result, wallMs, ctx, again) + stuck + notes.map((n) => n + "\n").join("");
  const status = seedStatus(result);
  const first = result.violations[0] ?? result.inconclusive[0];
  const verdictWord = status === "passed" ? "PASS" : status === "inconclusive" ? "INCONCLUSIVE" : "FAIL";
  const summary = `${verdictWord} seed ${result.seed}: ${first === undefined ? "no violation" : `${first.invariant}${status === "inconclusive" ? " inconclusive" : ""}`}, trace ${result.traceHash}`;
  await emitReport(io, content, flags.out, summary);
  if (inv.reporter === "json" && notes.length > 0) for (const n of notes) io.err(`${n}\n`);
}

/**
 * Every output is checked before the run (a directory, a missing permission, two flags naming one
 * file): a bad path is found in a second, not after a long run, and no report is lost to it.
 */
function checkRunOutputs(flags: SingleRunFlags): void {
  const named: [string | undefined, string][] = [
    [flags.trace, "--trace"],
    [flags.save, "--save"],
    [flags.pin, "--pin"],
    [flags.html, "--html"],
    [flags.out, "--out"],
  ];
  checkOutputPaths(named.flatMap(([path, flag]) => (path !== undefined ? [{ path, flag, kind: "file" as const }] : [])));
  if (flags.html !== undefined && isStdoutPath(flags.html)) throw new InputError("--html writes a page to a file: name one (stdout carries the report)");
}

/** What a replay found wrong beside the run's own verdict, for the page's top. */
function verdictNotes(verdict: ReplayVerdict, result: RunResult): string[] {
  const notes: string[] = [];
  if (verdict.hashMismatch) notes.push(`NONDETERMINISM: trace hash ${result.traceHash} differs from the expected one`);
  if (verdict.divergence !== undefined) notes.push(`The replay first differs from the recorded run at step #${verdict.divergence.step} (${verdict.divergence.opText})`);
  if (verdict.violationMismatch) notes.push(`NOT REPRODUCED: the expected violation did not occur first (got ${result.violations[0]?.invariant ?? "no violation"})`);
  return notes;
}

/** Ops the target declared legitimately stuck (`ctx.stuck`): not violations, but a reader should see them. */
function renderStuck(stuck: readonly StuckOp[], style: Style): string {
  const shown = stuck.slice(0, STUCK_SHOWN).map((s) => `    op #${s.step} (${s.op}): ${s.reason}`);
  if (stuck.length > STUCK_SHOWN) shown.push(`    … and ${stuck.length - STUCK_SHOWN} more`);
  return [style.yellow(`Stuck ops, declared by the target (not violations): ${stuck.length}`), ...shown].join("\n");
}

const STUCK_SHOWN = 10;
