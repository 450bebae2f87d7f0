/**
 * Running a target's contract clauses (`TargetSpec.clauses`): each case in order, each on its
 * own, so one broken clause does not hide the others. A clause that throws fails with what it
 * threw; one that answers something other than undefined or a sentence fails saying so.
 */
import { brief, errorText } from "./boundary.js";
import type { ClauseOptions, Target } from "./target.js";

export interface ClauseResult {
  readonly id: string;
  readonly group: string;
  readonly clause: string;
  readonly ok: boolean;
  /** What broke the clause, when it does not hold. */
  readonly message?: string;
}

export async function checkClauses(target: Pick<Target<unknown>, "clauses">, options: ClauseOptions = { bug: null }): Promise<ClauseResult[]> {
  const out: ClauseResult[] = [];
  for (const c of target.clauses ?? []) {
    const head = { id: c.id, group: c.group, clause: c.clause };
    let answer: unknown;
    try {
      answer = await c.check(options);
    } catch (err) {
      out.push({ ...head, ok: false, message: `threw ${errorText(err)}` });
      continue;
    }
    if (answer === undefined) out.push({ ...head, ok: true });
    else out.push({ ...head, ok: false, message: typeof answer === "string" && answer !== "" ? answer : `check() answered ${brief(answer)}, not undefined or a sentence` });
  }
  return out;
}
