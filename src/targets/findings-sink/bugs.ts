/** Planted bugs of the findings-sink; together they break F1-F8. */
import type { SinkBugs } from "./sink.js";

export const BUGS = {
  "orphan-occurrences": { breaks: ["F1"], description: "the MissingFinding check is skipped, so occurrences are stored without their finding" },
  "overwrite-conflicting-finding": { breaks: ["F2"], description: "a finding with different content overwrites the durable one instead of conflicting" },
  "mutate-before-validate": { breaks: ["F3"], description: "findings are inserted while validating, so a batch rejected at a later layer leaves them" },
  "durable-parents-only": { breaks: ["F4"], description: "parents in the same batch are not seen, so valid batches fail with MissingFinding/MissingOccurrence" },
  "replay-duplicates": { breaks: ["F5"], description: "durableCounts counts observation upserts, so replaying a batch grows it" },
  "stale-provenance-wins": { breaks: ["F6"], description: "observation provenance is last-writer-wins, even when staler" },
  "delayed-observations-dropped": { breaks: ["F7"], description: "a batch applied by a release loses its observations" },
  "failed-submit-enqueues": { breaks: ["F8"], description: "an injected submission failure still enqueues the write" },
} as const;

const SWITCHES: Readonly<Record<keyof typeof BUGS, SinkBugs>> = {
  "orphan-occurrences": { orphanOccurrences: true },
  "overwrite-conflicting-finding": { overwriteConflictingFinding: true },
  "mutate-before-validate": { mutateBeforeValidate: true },
  "durable-parents-only": { durableParentsOnly: true },
  "replay-duplicates": { replayDuplicates: true },
  "stale-provenance-wins": { staleProvenanceWins: true },
  "delayed-observations-dropped": { delayedObservationsDropped: true },
  "failed-submit-enqueues": { submitFailureEnqueues: true },
};

/** The sink's bug switches for a run (none for no bug). */
export function sinkBugs(bug: string | null): SinkBugs {
  return bug !== null && Object.hasOwn(SWITCHES, bug) ? SWITCHES[bug as keyof typeof BUGS] : {};
}
