/**
 * `--html FILE` for one run: which window of the trace to keep (`--html-steps`, else the last
 * entries, which lead up to the violation), and the page written from the run's answer. A run with
 * `--keep-going` can go on long after its first violation; then it is run once more for the
 * entries up to that violation (runs are deterministic, so it is the same run).
 */
import { InputError } from "../../core/errors.js";
import { resolveOptions, type RunOptions } from "../../core/options.js";
import type { Target } from "../../core/target.js";
import type { PortableHooks, RunAnswer } from "../pool/protocol.js";
import { runTarget } from "../isolate/run-target.js";
import { isPast, RECORDED_STEPS_MAX, TAIL_AFTER_STOP, type TimelineRequest } from "./collect.js";
import { renderRunPage } from "./run-page.js";

/** Trace entries a page draws at most: ~1.5 MB of HTML, and a page a browser scrolls smoothly. */
export const HTML_ENTRIES_MAX = 3_000;

export interface StepRange {
  readonly fromStep: number;
  readonly toStep: number;
}

/** `--html-steps FROM..TO` (or a single step `N`). */
export function parseHtmlSteps(text: string | undefined): StepRange | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(text);
  const from = m === null ? NaN : Number(m[1]);
  const to = m === null ? NaN : Number(m[2] ?? m[1]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from) throw new InputError(`--html-steps takes FROM..TO (step numbers, FROM <= TO) or one step N, got '${text}'`);
  return { fromStep: from, toStep: to };
}

export function timelineRequest(range: StepRange | undefined): TimelineRequest {
  return { ...range, maxEntries: HTML_ENTRIES_MAX };
}

/**
 * Run with the timeline collected. When what followed the first violation pushed the entries
 * before it out of the window (the rest of its step, or a run that went on with `--keep-going`),
 * run again keeping the entries up to it (and a few after).
 */
export async function runForPage(target: Target<unknown>, seed: number, options: RunOptions, hooks: PortableHooks, range: StepRange | undefined): Promise<RunAnswer> {
  // The steps' fault decisions are listed from the recorded run; a long run is not recorded
  // (every op of it would be kept) unless a replay file is asked for too.
  const steps = hooks.steps?.length ?? resolveOptions(target, options).ops;
  const record = hooks.record === true || steps <= RECORDED_STEPS_MAX;
  const answer = await runTarget(target, seed, options, { ...hooks, record, timeline: timelineRequest(range) });
  const first = answer.result.violations[0];
  const timeline = answer.timeline;
  if (range !== undefined || first === undefined || timeline === undefined || timeline.first === 0) return answer;
  const after = timeline.entries.filter((e) => isPast(e, first)).length;
  if (after <= TAIL_AFTER_STOP) return answer;
  const stopAt = { step: first.step, timeMs: first.timeMs };
  const again = await runTarget(target, seed, options, { ...hooks, record: false, trace: false, timeline: { ...timelineRequest(undefined), stopAt } });
  return { ...answer, timeline: again.timeline };
}

export interface PageContext {
  readonly targetSpec: string;
  readonly invariants: Readonly<Record<string, string>>;
  readonly replay: string;
  readonly notes?: readonly string[] | undefined;
}

/** The page of a run answered with its timeline (an empty one when the run was lost before it). */
export function pageOf(answer: RunAnswer, context: PageContext): string {
  const timeline = answer.timeline ?? { entries: [], first: 0, total: 0, cut: 0, spans: [], request: timelineRequest(undefined) };
  return renderRunPage({ result: answer.result, timeline, ...context });
}
