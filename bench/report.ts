/**
 * How the bench prints: plain tables (no colours: the output is read in logs and CI as often as in
 * a terminal), a verdict per goal, and the closing "issue 19 goals" summary every section feeds.
 */
import Table from "cli-table3";

/** One judged goal: what it is, the median figure it was judged on, and whether it was met. */
export interface GoalRow {
  readonly goal: string;
  readonly figure: string;
  /** undefined: the figure could not be measured on this machine (e.g. no GNU time). */
  readonly met: boolean | undefined;
}

export function verdict(met: boolean | undefined): string {
  if (met === undefined) return "not measured";
  return met ? "met" : "MISSED";
}

export function newTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}

export function printGoals(title: string, rows: readonly GoalRow[]): void {
  const table = newTable(["goal", "median figure", "result"]);
  for (const r of rows) table.push([r.goal, r.figure, verdict(r.met)]);
  console.log(`\n${title}:`);
  console.log(table.toString());
  const missed = rows.filter((r) => r.met === false).length;
  console.log(`${rows.length - missed} of ${rows.length} met${missed > 0 ? `, ${missed} MISSED` : ""} (a missed goal does not fail the bench).`);
}
