/** Planted bugs of the findings-sink; together they break F1-F8. */
import type { SinkBugs } from "./sink.js";

export const BUGS = {
  "orphan-occurrences": "F1: the MissingFinding check is skipped, so occurrences are stored without their finding",
  "overwrite-conflicting-finding": "F2: a finding with different content overwrites the durable one instead of conflicting",
  "mutate-before-validate": "F3: findings are inserted while validating, so a batch rejected at a later layer leaves them",
  "durable-parents-only": "F4: parents in the same batch are not seen, so valid batches fail with MissingFinding/MissingOccurrence",
  "replay-duplicates": "F5: durableCounts counts observation upserts, so replaying a batch grows it",
  "stale-provenance-wins": "F6: observation provenance is last-writer-wins, even when staler",
  "delayed-observations-dropped": "F7: a batch applied by a release loses its observations",
  "failed-submit-enqueues": "F8: an injected submission failure still enqueues the write",
} as const;

export function sinkBugs(bug: string | null): SinkBugs {
  switch (bug as keyof typeof BUGS | null) {
    case "orphan-occurrences":
      return { orphanOccurrences: true };
    case "overwrite-conflicting-finding":
      return { overwriteConflictingFinding: true };
    case "mutate-before-validate":
      return { mutateBeforeValidate: true };
    case "durable-parents-only":
      return { durableParentsOnly: true };
    case "replay-duplicates":
      return { replayDuplicates: true };
    case "stale-provenance-wins":
      return { staleProvenanceWins: true };
    case "delayed-observations-dropped":
      return { delayedObservationsDropped: true };
    case "failed-submit-enqueues":
      return { submitFailureEnqueues: true };
    default:
      return {};
  }
}
