/**
 * A shrunk failure as numbered, readable steps: each op at its simulated time (and the time since
 * the step before: the think time the failure needs), the faults it caused, the violation.
 */
import type { ShrinkResult } from "../../core/shrink.js";
import type { RecordedStep, Target } from "../../core/target.js";
import { FAILURE_LIMITS } from "../../core/report.js";
import { optionsLine } from "./text.js";
import type { Style } from "./style.js";

export function renderRepro(target: Target<unknown>, seed: number, shrink: ShrinkResult<unknown>, style: Style): string {
  const describe = (op: unknown): string => describeOpSafely(target, op);
  const r = shrink.result;
  const out = [
    style.bold(`Repro  ${optionsLine(target.name, `seed=${seed}`, r.options)}`),
    `${shrink.invariant}: shrunk from ${shrink.originalSteps} to ${shrink.steps.length} step${shrink.steps.length === 1 ? "" : "s"} in ${shrink.runs} runs${shrink.exhausted ? " (budget exhausted: may shrink further with a larger --shrink-budget)" : ""}`,
    "",
  ];
  out.push(...renderSteps(shrink.steps, describe, style));
  for (const v of r.violations.slice(0, ENTRIES_SHOWN)) {
    const where = v.step >= shrink.steps.length ? "at the end of the run" : `at step #${v.step}`;
    out.push(`  ${style.red("✗")} ${style.red.bold(String(v.invariant))} ${where}: ${clip(String(v.message))}`);
  }
  if (r.violations.length > ENTRIES_SHOWN) out.push(style.dim(`  … and ${r.violations.length - ENTRIES_SHOWN} more violations (replay the saved file to see them)`));
  out.push("");
  return out.join("\n");
}

/**
 * Recorded steps as repro lines: `  #3  t=12ms (+4ms)  transfer E -> A 5   [fault: ack-lost on commit]`.
 * A step starts when the think time of the step before it has passed (time only moves between steps).
 */
export function renderSteps(steps: readonly RecordedStep<unknown>[], describe: (op: unknown) => string, style: Style): string[] {
  let atMs = 0;
  return steps.map((step, i) => {
    const gapMs = i > 0 ? steps[i - 1]!.thinkMs : 0;
    atMs += gapMs;
    const time = `t=${atMs}ms${i > 0 ? ` (+${gapMs}ms)` : ""}`;
    const faults = (step.faults ?? []).map((f) => `${f.kind}${f.value !== undefined ? ` ${f.value}` : ""}${f.on !== undefined ? ` on ${f.on}` : ""}`);
    const tail = faults.length > 0 ? style.yellow(`   [fault: ${faults.join(", ")}]`) : "";
    return `  ${`#${i}`.padStart(4)}  ${style.dim(time)}  ${clip(describe(step.op))}${tail}`;
  });
}

/** Violations shown under a repro. */
const ENTRIES_SHOWN = 5;

function clip(text: string): string {
  const max = FAILURE_LIMITS.textChars;
  return text.length <= max ? text : `${text.slice(0, max)}… [cut ${text.length - max} chars]`;
}

/**
 * An op as one line: the target's `describeOp`, else its JSON. Never throws: a `describeOp` that
 * throws or returns something other than a string is the target's bug, shown beside the op's JSON,
 * not an internal error of simctl that would drop the report.
 */
export function describeOpSafely(target: Pick<Target<unknown>, "describeOp">, op: unknown): string {
  if (target.describeOp !== undefined) {
    try {
      const text: unknown = target.describeOp(op);
      if (typeof text === "string") return text;
      return `${jsonLine(op)}   [describeOp returned ${typeof text}, not a string]`;
    } catch (err) {
      return `${jsonLine(op)}   [describeOp threw: ${errorLine(err)}]`;
    }
  }
  return jsonLine(op);
}

function jsonLine(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}

function errorLine(err: unknown): string {
  try {
    return (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
  } catch {
    return "an unprintable error";
  }
}
