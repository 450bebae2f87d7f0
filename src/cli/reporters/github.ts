/**
 * The GitHub Actions reporter: an `::error` annotation per failed or errored seed and a
 * `::warning` per inconclusive seed (a check that ran out of budget), each with its invariant,
 * message and replay command, and a `::notice` with the five-way summary.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { SweepDoc } from "../../core/report.js";
import { seedCounts } from "./text.js";

export function renderGithub(doc: SweepDoc): string {
  const lines = doc.failures.map((f) => {
    const v = f.violations[0]!;
    const inconclusive = f.status === "inconclusive";
    const title = `simctl ${doc.target} seed ${f.seed}: ${v.invariant}${inconclusive ? " inconclusive" : ""}`;
    return `::${inconclusive ? "warning" : "error"} title=${escapeProperty(title)}::${escapeData(`${v.message}\nreplay: ${f.replay}`)}`;
  });
  const s = doc.summary;
  lines.push(`::notice title=${escapeProperty(`simctl ${doc.target}`)}::${escapeData(`${s.seeds} seeds: ${seedCounts(s)}`)}`);
  return lines.join("\n") + "\n";
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
