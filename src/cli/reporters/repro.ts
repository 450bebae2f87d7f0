/** A shrunk failure as numbered, readable steps: the ops, the faults that matter, the violation. */
import type { ShrinkResult } from "../../core/shrink.js";
import type { Target } from "../../core/target.js";
import { optionsLine } from "./text.js";
import type { Style } from "./style.js";

export function renderRepro(target: Target<unknown>, seed: number, shrink: ShrinkResult<unknown>, style: Style): string {
  const describe = target.describeOp ?? ((op: unknown) => JSON.stringify(op));
  const r = shrink.result;
  const out = [
    style.bold(`Repro  ${optionsLine(target.name, `seed=${seed}`, r.options)}`),
    `${shrink.invariant}: shrunk from ${shrink.originalSteps} to ${shrink.steps.length} step${shrink.steps.length === 1 ? "" : "s"} in ${shrink.runs} runs${shrink.exhausted ? " (budget exhausted: may shrink further with a larger --shrink-budget)" : ""}`,
    "",
  ];
  shrink.steps.forEach((step, i) => {
    const faults = (step.faults ?? []).map((f) => `${f.kind}${f.value !== undefined ? ` ${f.value}` : ""}`);
    const tail = faults.length > 0 ? style.yellow(`   [fault: ${faults.join(", ")}]`) : "";
    out.push(`  ${`#${i}`.padStart(4)}  ${describe(step.op)}${tail}`);
  });
  for (const v of r.violations) {
    const where = v.step >= shrink.steps.length ? "at the end of the run" : `at step #${v.step}`;
    out.push(`  ${style.red("✗")} ${style.red.bold(v.invariant)} ${where}: ${v.message}`);
  }
  out.push("");
  return out.join("\n");
}
