/**
 * The invariants, one per clause group of contract.ts. The model (model/) judges every answer
 * against them as it comes; `clause` checks (clauses/) name the single clause behind a failure.
 */
export const INVARIANTS = {
  S1: "range semantics: getLogEntries returns exactly the entries of [start, stop) the log holds; deleteLogsFrom deletes [start, stop), to the end without stop; appended and replicated entries sit at their own index, once",
  S2: "durability: what a call acknowledged (entries, deletions, the hard state, a snapshot) survives a crash or a restart, and the store comes back",
  S3: "membership: getMembershipConfig (and the initial state's) is the reverse search of the log: the latest config entry, a snapshot pointer's membership when met first, else the initial config of the persisted node id",
  S4: "initial state: getInitialState reports the last entry, the saved hard state and the last application (after a restart, anywhere from the snapshot's index to it), and the state machine holds exactly the entries through it: each application answers what its command gives there",
  S5: "compaction and snapshots: a compaction covers exactly up to the last applied entry and leaves one pointer in its place; an installation deletes through deleteThrough (or all), writes its pointer and replaces the state machine; the last snapshot acknowledged is current; each is all-or-nothing across a crash",
  S6: "no torn or corrupt data: after a crash the log has no hole, every entry and hard state returned was written, and no DiskCorruption surfaces from the store (this target's disk has no read fault nor misdirected write: any corruption is an unsynced tail a store must cut)",
} as const;

export type InvariantId = keyof typeof INVARIANTS;
