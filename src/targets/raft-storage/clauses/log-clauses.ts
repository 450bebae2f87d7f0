/**
 * The log's clauses: the ranges of getLogEntries and deleteLogsFrom, appends and replication by
 * index (S1), and their durability across a crash (S2).
 */
import type { Clause } from "./harness.js";
import { expectEntries, openWith, expectInitial, expectLog, set, sets } from "./expect.js";

export const LOG_CLAUSES: readonly Clause[] = [
  {
    id: "get-log-entries-half-open",
    clause: "getLogEntries(start, stop) returns the entries of [start, stop): start included, stop excluded",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 10, 1));
      expectEntries(await s.getLogEntries(3, 7), sets(3, 6, 1), "getLogEntries(3, 7)");
      expectEntries(await s.getLogEntries(1, 11), sets(1, 10, 1), "getLogEntries(1, 11)");
    },
  },
  {
    id: "get-log-entries-empty-range",
    clause: "getLogEntries(i, i) and a range with start > stop return no entry",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 5, 1));
      expectEntries(await s.getLogEntries(4, 4), [], "getLogEntries(4, 4)");
      expectEntries(await s.getLogEntries(5, 3), [], "getLogEntries(5, 3)");
    },
  },
  {
    id: "get-log-entries-beyond-log",
    clause: "a range reaching past the last entry returns only the entries the log holds",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 10, 1));
      expectEntries(await s.getLogEntries(8, 20), sets(8, 10, 1), "getLogEntries(8, 20)");
      expectEntries(await s.getLogEntries(11, 15), [], "getLogEntries(11, 15)");
      expectEntries(await s.getLogEntries(0, 3), sets(1, 2, 1), "getLogEntries(0, 3)");
    },
  },
  {
    id: "append-entry-to-log-appends",
    clause: "appendEntryToLog adds the entry after the last one",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 3, 1));
      await s.appendEntryToLog(set(4, 2));
      await expectLog(s, [...sets(1, 3, 1), set(4, 2)], "after appending 1..3 and 4");
      expectInitial(await s.getInitialState(), { lastLogIndex: 4, lastLogTerm: 2 }, "after appending 4");
    },
  },
  {
    id: "replicate-to-log-places-by-index",
    clause: "replicateToLog puts each entry at its own index: an entry the log holds is not added again",
    group: "S1",
    async run(_f, h) {
      const s = await h.open();
      await s.replicateToLog(sets(1, 5, 1));
      await s.replicateToLog(sets(4, 7, 1));
      await expectLog(s, sets(1, 7, 1), "after replicating 1..5, then 4..7");
      await s.replicateToLog(sets(2, 3, 1));
      await expectLog(s, sets(1, 7, 1), "after replicating 2..3 again");
    },
  },
  {
    id: "replicate-to-log-after-delete",
    clause: "after deleteLogsFrom cut a conflicting suffix, replicateToLog puts the new entries at their indices",
    group: "S1",
    async run(_f, h) {
      const s = await h.open();
      await s.replicateToLog(sets(1, 5, 1));
      await s.deleteLogsFrom(3);
      await s.replicateToLog(sets(3, 4, 2));
      await expectLog(s, [...sets(1, 2, 1), ...sets(3, 4, 2)], "after replacing 3..5 of term 1 by 3..4 of term 2");
    },
  },
  {
    id: "delete-logs-from-to-end",
    clause: "deleteLogsFrom(start) without stop deletes every entry from start to the end of the log",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 10, 1));
      await s.deleteLogsFrom(6);
      await expectLog(s, sets(1, 5, 1), "after deleteLogsFrom(6)");
      await s.deleteLogsFrom(3);
      await expectLog(s, sets(1, 2, 1), "after deleteLogsFrom(3)");
      expectInitial(await s.getInitialState(), { lastLogIndex: 2, lastLogTerm: 1 }, "after deleteLogsFrom(3)");
    },
  },
  {
    id: "delete-logs-from-stop-past-end",
    clause: "deleteLogsFrom(start, stop) with stop past the last entry deletes from start to the end",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 10, 1));
      await s.deleteLogsFrom(6, 100);
      await expectLog(s, sets(1, 5, 1), "after deleteLogsFrom(6, 100)");
    },
  },
  {
    id: "delete-logs-from-prefix",
    clause: "deleteLogsFrom(start, stop) purging a prefix deletes [start, stop): the entry at stop stays",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 10, 1));
      await s.deleteLogsFrom(1, 4);
      await expectLog(s, sets(4, 10, 1), "after deleteLogsFrom(1, 4)");
      await s.deleteLogsFrom(0, 6);
      await expectLog(s, sets(6, 10, 1), "after deleteLogsFrom(0, 6)");
      expectInitial(await s.getInitialState(), { lastLogIndex: 10 }, "after purging 1..5");
    },
  },
  {
    id: "delete-logs-from-zero",
    clause: "deleteLogsFrom(0) empties the log: the last log index and term are 0 again",
    group: "S1",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 4, 1));
      await s.deleteLogsFrom(0);
      await expectLog(s, [], "after deleteLogsFrom(0)");
      expectInitial(await s.getInitialState(), { lastLogIndex: 0, lastLogTerm: 0 }, "after deleteLogsFrom(0)");
    },
  },
  {
    id: "append-survives-crash",
    clause: "acknowledged appendEntryToLog and replicateToLog calls survive a crash",
    group: "S2",
    async run(_f, h) {
      let s = await openWith(h, sets(1, 3, 1));
      await s.replicateToLog(sets(4, 6, 2));
      s = await h.crash();
      await expectLog(s, [...sets(1, 3, 1), ...sets(4, 6, 2)], "after a crash");
      expectInitial(await s.getInitialState(), { lastLogIndex: 6, lastLogTerm: 2 }, "after a crash");
    },
  },
  {
    id: "delete-survives-crash",
    clause: "an acknowledged deleteLogsFrom survives a crash: the deleted entries never come back",
    group: "S2",
    async run(_f, h) {
      let s = await openWith(h, sets(1, 8, 1));
      await s.deleteLogsFrom(6);
      s = await h.crash();
      await expectLog(s, sets(1, 5, 1), "after deleteLogsFrom(6) and a crash");
      await s.deleteLogsFrom(1, 3);
      s = await h.crash();
      await expectLog(s, sets(3, 5, 1), "after deleteLogsFrom(1, 3) and a crash");
    },
  },
];
