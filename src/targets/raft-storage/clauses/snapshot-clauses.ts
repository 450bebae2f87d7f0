/**
 * The clauses of compaction and snapshot installation (S5): what a snapshot covers, what becomes of
 * the log, which snapshot is current, before and after a crash.
 */
import type { RaftStorage } from "../contract.js";
import type { Clause, ClauseHarness } from "./harness.js";
import { cfg, expectEntries, expectInitial, expectLog, expectSnapshot, install, kvAfter, openWith, ptr, sets, type LeaderSnapshot } from "./expect.js";

/** A log with a config at 1 and sets at 2..10, applied through 6 (the compaction fixtures). */
const LOG = [cfg(1, 1, [1, 2, 3]), ...sets(2, 5, 1), ...sets(6, 10, 2)];
const APPLIED = LOG.slice(0, 6);
/** The snapshot a compaction of that log makes. */
const COMPACTED = { index: 6, term: 2, members: [1, 2, 3], kv: kvAfter(APPLIED) };

/** The store with that log, compacted. */
async function compacted(h: ClauseHarness): Promise<RaftStorage> {
  const s = await openWith(h, LOG, APPLIED);
  await s.doLogCompaction();
  return s;
}

export const SNAPSHOT_CLAUSES: readonly Clause[] = [
  {
    id: "current-snapshot-none-when-pristine",
    clause: "getCurrentSnapshot answers null before any snapshot",
    group: "S5",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 3, 1));
      await expectSnapshot(s, null, "of a store without snapshot");
    },
  },
  {
    id: "compaction-covers-last-applied",
    clause: "doLogCompaction's snapshot covers exactly up to the last applied entry: its index, that entry's term, the config in force there, the state machine there",
    group: "S5",
    async run(_f, h) {
      const s = await openWith(h, LOG, APPLIED);
      const snap = await s.doLogCompaction();
      const meta = `index ${snap.index}, term ${snap.term}`;
      if (snap.index !== 6 || snap.term !== 2) return `doLogCompaction() answered a snapshot with ${meta}; the contract asks index 6, term 2: the last applied entry`;
      await expectSnapshot(s, COMPACTED, "after compacting through 6");
    },
  },
  {
    id: "compaction-replaces-prefix-with-pointer",
    clause: "after doLogCompaction the entries through its index are one snapshot pointer at that index; the later entries stay",
    group: "S5",
    async run(_f, h) {
      const s = await compacted(h);
      await expectLog(s, [ptr(6, 2, [1, 2, 3]), ...LOG.slice(6)], "after compacting through 6");
      expectEntries(await s.getLogEntries(1, 8), [ptr(6, 2, [1, 2, 3]), LOG[6]!], "getLogEntries(1, 8) after compacting through 6");
      expectInitial(await s.getInitialState(), { lastLogIndex: 10, lastAppliedLog: 6 }, "after compacting through 6");
    },
  },
  {
    id: "compaction-survives-crash",
    clause: "an acknowledged compaction survives a crash: its snapshot is current, its pointer in the log, its state machine restored",
    group: "S5",
    async run(_f, h) {
      await compacted(h);
      const s = await h.crash();
      await expectSnapshot(s, COMPACTED, "after a compaction and a crash");
      await expectLog(s, [ptr(6, 2, [1, 2, 3]), ...LOG.slice(6)], "after a compaction and a crash");
      expectInitial(await s.getInitialState(), { lastAppliedLog: 6 }, "after a compaction and a crash");
    },
  },
  {
    id: "install-deletes-through",
    clause: "finalizeSnapshotInstallation with deleteThrough deletes the log through it and writes the pointer at index; the later entries stay",
    group: "S5",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 10, 1));
      const id = await install(s, { index: 6, term: 1, members: [1, 2], kv: kvAfter(sets(1, 6, 1)), deleteThrough: 6 });
      await expectLog(s, [ptr(6, 1, [1, 2], id), ...sets(7, 10, 1)], "after installing a snapshot at 6, deleting through 6");
    },
  },
  {
    id: "install-deletes-all",
    clause: "finalizeSnapshotInstallation without deleteThrough deletes the whole log, leaving the pointer at index",
    group: "S5",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 5, 1));
      const id = await install(s, { index: 8, term: 2, members: [2, 3], kv: new Map([["a", "x"]]) });
      await expectLog(s, [ptr(8, 2, [2, 3], id)], "after installing a snapshot at 8 without deleteThrough");
      expectInitial(await s.getInitialState(), { lastLogIndex: 8, lastLogTerm: 2 }, "after installing a snapshot at 8");
    },
  },
  {
    id: "install-current-snapshot",
    clause: "an installed snapshot is the current one, and survives a crash",
    group: "S5",
    async run(_f, h) {
      let s = await openWith(h, sets(1, 5, 1));
      const snap: LeaderSnapshot = { index: 8, term: 2, members: [2, 3], kv: new Map([["a", "x"], ["b", "y"]]) };
      const id = await install(s, snap);
      await expectSnapshot(s, snap, "after an installation");
      s = await h.crash();
      await expectSnapshot(s, snap, "after an installation and a crash");
      await expectLog(s, [ptr(8, 2, [2, 3], id)], "after an installation and a crash");
      expectInitial(await s.getInitialState(), { lastAppliedLog: 8 }, "after an installation and a crash");
    },
  },
  {
    id: "install-deletes-other-snapshots",
    clause: "finalizeSnapshotInstallation deletes every other snapshot: the last one installed stays current across restarts",
    group: "S5",
    async run(_f, h) {
      let s = await compacted(h);
      const first: LeaderSnapshot = { index: 12, term: 3, members: [1, 2], kv: new Map([["a", "1"]]) };
      const second: LeaderSnapshot = { index: 15, term: 3, members: [1, 2, 4], kv: new Map([["a", "2"]]) };
      await install(s, first);
      const id = await install(s, second);
      s = await h.restart();
      await expectSnapshot(s, second, "after two installations and a restart");
      s = await h.crash();
      await expectSnapshot(s, second, "after two installations and a crash");
      await expectLog(s, [ptr(15, 3, [1, 2, 4], id)], "after two installations and a crash");
    },
  },
];
