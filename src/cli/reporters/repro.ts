/** A shrunk failure as numbered, readable steps: the ops, the faults that matter, the violation. */
import type { ShrinkResult } from "../../core/shrink.js";
import type { Target } from "../../core/target.js";
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
  shrink.steps.forEach((step, i) => {
    const faults = (step.faults ?? []).map((f) => `${f.kind}${f.value !== undefined ? ` ${f.value}` : ""}`);
    const tail = faults.length > 0 ? style.yellow(`   [fault: ${faults.join(", ")}]`) : "";
    out.push(`  ${`#${i}`.padStart(4)}  ${clip(describe(step.op))}${tail}`);
  });
  for (const v of r.violations.slice(0, ENTRIES_SHOWN)) {
    const where = v.step >= shrink.steps.length ? "at the end of the run" : `at step #${v.step}`;
    out.push(`  ${style.red("✗")} ${style.red.bold(String(v.invariant))} ${where}: ${clip(String(v.message))}`);
  }
  if (r.violations.length > ENTRIES_SHOWN) out.push(style.dim(`  … and ${r.violations.length - ENTRIES_SHOWN} more violations (replay the saved file to see them)`));
  out.push("");
  return out.join("\n");
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
