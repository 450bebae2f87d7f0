/**
 * The GitHub Actions reporter: an `::error` annotation per failed or errored seed and a
 * `::warning` per inconclusive seed (a check that ran out of budget), each with its invariant,
 * message and replay command, and a `::notice` with the five-way summary.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { SweepDoc } from "../../core/report.js";
import { FAILURES_SHOWN, invariantCounts, seedCounts } from "./text.js";

export function renderGithub(doc: SweepDoc): string {
  // GitHub shows only the first few annotations of a step: annotate the first seeds of each
  // verdict, then one notice with the per-invariant counts of the rest.
  const failing = doc.failures.filter((f) => f.status !== "inconclusive");
  const inconclusive = doc.failures.filter((f) => f.status === "inconclusive");
  const shown = [...failing.slice(0, FAILURES_SHOWN), ...inconclusive.slice(0, FAILURES_SHOWN)].sort((a, b) => a.seed - b.seed);
  const lines = shown.map((f) => {
    const v = f.violations[0]!;
    const inconclusive = f.status === "inconclusive";
    const title = `simctl ${doc.target} seed ${f.seed}: ${v.invariant}${inconclusive ? " inconclusive" : ""}`;
    return `::${inconclusive ? "warning" : "error"} title=${escapeProperty(title)}::${escapeData(`${v.message}\nreplay: ${f.replay}`)}`;
  });
  const unshown = doc.failures.length - shown.length;
  if (unshown > 0) {
    const counts = invariantCounts(doc.failures).map((r) => `${r.invariant}: ${r.seeds} seeds (first: seed ${r.first})`);
    lines.push(`::notice title=${escapeProperty(`simctl ${doc.target}: ${unshown} more seeds not annotated`)}::${escapeData(`${counts.join("\n")}\nevery seed and its replay command is in the JSON report (--reporter json:FILE)`)}`);
  }
  const s = doc.summary;
  const stopped = doc.stopped !== undefined ? `; stopped early: ${doc.stopped.message}` : "";
  lines.push(`::notice title=${escapeProperty(`simctl ${doc.target}`)}::${escapeData(`${s.seeds} seeds: ${seedCounts(s)}${stopped}`)}`);
  return lines.join("\n") + "\n";
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
