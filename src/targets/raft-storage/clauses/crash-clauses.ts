/**
 * Crashes in the middle of a call (S6, and S5's atomicity): what a crash cut short may be there or
 * not, but never torn, never with a hole, never half an installation. Each clause issues the call
 * without awaiting it, lets the disk complete the writes it issued (sync still pending), and cuts
 * the power on a disk that tears the last unsynced write or keeps a random half of them.
 */
import type { Entry, HardState, RaftStorage } from "../contract.js";
import { sameEntry, sameHardState, showEntries, showHardState } from "../entries.js";
import type { Clause, ClauseHarness } from "./harness.js";
import { ANY_ID, cfg, expectSnapshot, expectThat, kvAfter, openWith, ptr, sets, stream, type LeaderSnapshot } from "./expect.js";

/** A small log, applied through 4, for crashes around compactions; and a leader's snapshot past it. */
const LOG = [cfg(1, 1, [1, 2]), ...sets(2, 6, 1)];
const APPLIED = LOG.slice(0, 4);
const LEADER: LeaderSnapshot = { index: 9, term: 2, members: [1, 2], kv: new Map([["a", "x"]]) };

/**
 * Start `call`, let `afterMs` simulated ms pass (on the clauses' quiet disk writes land at once
 * and a sync takes 1 ms: 0 cuts a call before its first sync completes), then cut the power; the
 * store rebuilt.
 */
async function crashDuring(h: ClauseHarness, call: () => Promise<unknown>, afterMs = 0): Promise<RaftStorage> {
  void call().catch(() => undefined);
  await h.sleep(afterMs);
  h.powerOff();
  return h.open();
}

/** The log `s` holds is one of `allowed` (a pointer with an unknown id matches any). */
async function expectOneOf(s: RaftStorage, allowed: readonly (readonly Entry[])[], when: string): Promise<void> {
  const got = await s.getLogEntries(0, 1000);
  const matches = (want: readonly Entry[]): boolean =>
    got.length === want.length && got.every((e, i) => sameEntry(e, want[i]!, want[i]!.payload.type === "snapshotPointer" && want[i]!.payload.id === ANY_ID));
  expectThat(allowed.some(matches), `getLogEntries(0, 1000) ${when} answered ${showEntries(got)}; the contract allows ${allowed.map(showEntries).join(" or ")}`);
}

/** The acknowledged `durable` followed by each prefix of `cut`. */
function prefixes(durable: readonly Entry[], cut: readonly Entry[]): Entry[][] {
  return Array.from({ length: cut.length + 1 }, (_, k) => [...durable, ...cut.slice(0, k)]);
}

export const CRASH_CLAUSES: readonly Clause[] = [
  {
    id: "crash-torn-write-never-returned",
    clause: "an entry whose write a crash tore is never returned: the log is what was acknowledged plus a prefix of the cut-short call",
    group: "S6",
    disk: { torn: 1 },
    async run(_f, h) {
      const s = await openWith(h, sets(1, 3, 1));
      const after = await crashDuring(h, () => s.replicateToLog(sets(4, 6, 1)));
      await expectOneOf(after, prefixes(sets(1, 3, 1), sets(4, 6, 1)), "after a crash tore replicateToLog(4..6)");
      await after.appendEntryToLog(sets(4, 4, 2)[0]!);
      await expectOneOf(after, [[...sets(1, 3, 1), ...sets(4, 4, 2)]], "after that crash and appendEntryToLog(4)");
    },
  },
  {
    id: "crash-leaves-no-hole",
    clause: "a crash that keeps a later write of a call and loses an earlier one leaves no hole: a later entry never survives an earlier one",
    group: "S6",
    disk: { partial: 1 },
    async run(_f, h) {
      const s = await openWith(h, sets(1, 2, 1));
      const after = await crashDuring(h, () => s.replicateToLog(sets(3, 10, 1)));
      await expectOneOf(after, prefixes(sets(1, 2, 1), sets(3, 10, 1)), "after a crash during replicateToLog(3..10) kept some of its writes");
    },
  },
  {
    id: "restart-answers-survive-crash",
    clause: "what a store rebuilt after a restart answers is stored: entries a killed process left unsynced, once answered, survive the next crash",
    group: "S2",
    async run(_f, h) {
      const s = await openWith(h, sets(1, 3, 1));
      void s.replicateToLog(sets(4, 6, 1)).catch(() => undefined);
      await h.sleep(0);
      const restarted = await h.restart();
      const seen = await restarted.getLogEntries(0, 1000);
      const after = await h.crash();
      await expectOneOf(after, [seen], "after a restart answered them, then a crash");
    },
  },
  {
    id: "crash-during-recovery",
    clause: "a crash while a restarted store recovers loses nothing acknowledged: the snapshot in force before, or the one whose installation was cut short, stays current",
    group: "S2",
    disk: { partial: 1 },
    // A seed whose partial loss drops the seal and keeps a deletion (a store that deletes the older
    // snapshot before its recovery is durable loses both).
    seed: 5,
    async run(_f, h) {
      const s = await openWith(h, LOG, APPLIED);
      await s.doLogCompaction();
      const { id, snapshot } = await stream(s, LEADER);
      void s.finalizeSnapshotInstallation(9, 2, undefined, id, snapshot).catch(() => undefined);
      // Two syncs and an event in (on the quiet disk), MemStore's seal is written, its sync pending.
      await h.sleep(2);
      await h.sleep(0);
      // The process dies (its unsynced writes stay in the page cache), and the power goes while
      // the new process is still recovering: after its reads, before they are all synced.
      h.kill();
      void h.open().catch(() => undefined);
      for (let k = 0; k < 30; k++) await h.sleep(0);
      h.powerOff();
      const after = await h.open();
      const current = await after.getCurrentSnapshot();
      expectThat(current !== null && (current.index === 4 || current.index === 9), `getCurrentSnapshot() after a crash during recovery answered ${current === null ? "none" : `the snapshot at ${current.index}`}; the contract allows the one at 4 (acknowledged) or at 9 (cut short)`);
      if (current!.index === 4) await expectOneOf(after, [[ptr(4, 1, [1, 2]), ...LOG.slice(4)]], "after a crash during recovery, with the compaction's snapshot current");
      else await expectOneOf(after, [[ptr(9, 2, [1, 2], id)]], "after a crash during recovery, with the installed snapshot current");
    },
  },
  {
    id: "crash-hard-state-old-or-new",
    clause: "a crash during saveHardState leaves the last acknowledged hard state or the new one, never a torn or older one",
    group: "S6",
    disk: { torn: 1 },
    async run(_f, h) {
      let s = await h.open();
      const acked: HardState = { currentTerm: 4, votedFor: 1 };
      const cut: HardState = { currentTerm: 5, votedFor: null };
      await s.saveHardState({ currentTerm: 3, votedFor: 2 });
      await s.saveHardState(acked);
      const store = s;
      s = await crashDuring(h, () => store.saveHardState(cut));
      const got = (await s.getInitialState()).hardState;
      expectThat(sameHardState(got, acked) || sameHardState(got, cut), `getInitialState() after a crash during saveHardState answered ${showHardState(got)}; the contract allows ${showHardState(acked)} or ${showHardState(cut)}`);
    },
  },
  {
    id: "crash-during-installation-atomic",
    clause: "a crash during finalizeSnapshotInstallation leaves all of it or none of it: the old log and no snapshot, or the pointer and the snapshot",
    group: "S5",
    disk: { partial: 1 },
    seed: 1,
    async run(_f, h) {
      const s = await openWith(h, sets(1, 6, 1));
      const { id, snapshot } = await stream(s, LEADER);
      // Three syncs in, MemStore's seal is written and not yet synced.
      const after = await crashDuring(h, () => s.finalizeSnapshotInstallation(9, 2, undefined, id, snapshot), 3);
      const current = await after.getCurrentSnapshot();
      if (current === null) return expectOneOf(after, [sets(1, 6, 1)], "after a crash during an installation, with no snapshot current");
      expectThat(current.index === 9, `getCurrentSnapshot() after a crash during an installation at 9 answered a snapshot at ${current.index}`);
      await expectOneOf(after, [[ptr(9, 2, [1, 2], id)]], "after a crash during an installation, with its snapshot current");
    },
  },
  {
    id: "crash-during-compaction-atomic",
    clause: "a crash during doLogCompaction leaves all of it or none of it: the full log and no snapshot, or the pointer and the snapshot",
    group: "S5",
    disk: { partial: 1 },
    seed: 4,
    async run(_f, h) {
      const s = await openWith(h, LOG, APPLIED);
      const after = await crashDuring(h, () => s.doLogCompaction(), 3);
      const current = await after.getCurrentSnapshot();
      if (current === null) return expectOneOf(after, [LOG], "after a crash during a compaction, with no snapshot current");
      await expectSnapshot(after, { index: 4, term: 1, members: [1, 2], kv: kvAfter(APPLIED) }, "after a crash during a compaction through 4");
      await expectOneOf(after, [[ptr(4, 1, [1, 2]), ...LOG.slice(4)]], "after a crash during a compaction, with its snapshot current");
    },
  },
];
