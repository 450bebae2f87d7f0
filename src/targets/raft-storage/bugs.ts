/**
 * MemStore's planted bugs, one per clause family of the contract, each a realistic slip in a
 * storage engine. `breaks` names the invariants a sweep reports (first the one it should report
 * first); `clause` the named clause check that fails on it (clauses/), so the conformance table
 * points at the broken sentence of contract.ts.
 */
import type { MemStoreBugs } from "./memstore/mem-store.js";

interface PlantedBug {
  readonly breaks: readonly string[];
  readonly description: string;
  /** The id of a clause check that fails with this bug. */
  readonly clause: string;
  readonly switches: MemStoreBugs;
}

export const BUGS = {
  "inclusive-stop": {
    breaks: ["S1", "S5"],
    description: "getLogEntries(start, stop) also returns the entry at stop: [start, stop] instead of [start, stop)",
    clause: "get-log-entries-half-open",
    switches: { inclusiveStop: true },
  },
  "delete-stops-early": {
    breaks: ["S4", "S2", "S1", "S3", "S5"],
    description: "deleteLogsFrom stops one entry short: a suffix deletion keeps the entry at start, a purge keeps the one before stop",
    clause: "delete-logs-from-to-end",
    switches: { stopsEarly: true },
  },
  "replicate-appends": {
    breaks: ["S1", "S2", "S3", "S5", "S4"],
    description: "replicateToLog appends every entry at the end of the log instead of placing it at its own index, so a re-sent entry is stored twice",
    clause: "replicate-to-log-places-by-index",
    switches: { appends: true },
  },
  "hard-state-unsynced": {
    breaks: ["S2"],
    description: "saveHardState resolves once the manifest is written, before it is synced: a crash can bring back an older term or vote",
    clause: "hard-state-survives-crash",
    switches: { hardStateUnsynced: true },
  },
  "membership-ignores-pointer": {
    breaks: ["S3", "S5"],
    description: "the membership search walks past snapshot pointers, so after a compaction or an installation it finds an older config or the initial one",
    clause: "membership-from-snapshot-pointer",
    switches: { membershipIgnoresPointer: true },
  },
  "compact-past-applied": {
    breaks: ["S5"],
    description: "doLogCompaction covers the log up to its last entry rather than the last applied one, dropping entries the state machine has not applied",
    clause: "compaction-covers-last-applied",
    switches: { compactPastApplied: true },
  },
  "keep-old-snapshots": {
    breaks: ["S2", "S5"],
    description: "finalizeSnapshotInstallation and compaction leave the older snapshots in place, and recovery, trusting there is one, takes the first sealed snapshot it finds: the oldest",
    clause: "install-deletes-other-snapshots",
    switches: { keepOldSnapshots: true },
  },
  "apply-twice-after-restart": {
    breaks: ["S4"],
    description: "recovery replays the state machine journal but reports the snapshot's index as the last applied entry, so Raft applies those entries a second time",
    clause: "initial-state-re-apply-committed",
    switches: { applyTwiceAfterRestart: true },
  },
  "skip-corrupt-records": {
    breaks: ["S6", "S2", "S1", "S4"],
    description: "log recovery skips a record a crash tore or lost and reads on, instead of cutting the log there: an entry written after a lost one survives it",
    clause: "crash-leaves-no-hole",
    switches: { skipCorrupt: true },
  },
} as const satisfies Readonly<Record<string, PlantedBug>>;

export type BugName = keyof typeof BUGS;

/** MemStore's switches for a run's bug (none for no bug or a name it does not know). */
export function memStoreBugs(bug: string | null): MemStoreBugs {
  return bug !== null && Object.hasOwn(BUGS, bug) ? BUGS[bug as BugName].switches : {};
}

/** The bugs as a target declares them: `{ breaks, description }`. */
export function bugSpecs(): Readonly<Record<string, { breaks: readonly string[]; description: string }>> {
  return Object.fromEntries(Object.entries(BUGS).map(([name, b]) => [name, { breaks: b.breaks, description: b.description }]));
}
