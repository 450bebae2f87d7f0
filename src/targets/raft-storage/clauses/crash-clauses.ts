/**
 * Crashes in the middle of a call (S6, and S5's atomicity): what a crash cut short may be there or
 * not, but never torn, never with a hole, never half an installation. Each clause issues the call
 * without awaiting it, lets the disk complete the writes it issued (sync still pending), and cuts
 * the power on a disk that tears the last unsynced write or keeps a random half of them.
 */
import type { Entry, HardState, RaftStorage } from "../contract.js";
import { sameEntry, sameHardState, showEntries, showHardState } from "../entries.js";
import type { Clause, ClauseHarness } from "./harness.js";
import { encodeSnapshot } from "../kv.js";
import { ANY_ID, appendEach, applyEach, cfg, expectSnapshot, expectThat, kvAfter, ptr, sets } from "./expect.js";

/** Start `call`, let the writes it issued land, then cut the power; the store rebuilt. */
async function crashDuring(h: ClauseHarness, call: () => Promise<unknown>): Promise<RaftStorage> {
  void call().catch(() => undefined);
  await h.sleep(0);
  h.powerOff();
  return h.open();
}

/** The log `s` holds is one of `allowed` (a pointer with an unknown id matches any). */
async function expectOneOf(s: RaftStorage, allowed: readonly (readonly Entry[])[], what: string): Promise<void> {
  const got = await s.getLogEntries(0, 1000);
  const matches = (want: readonly Entry[]): boolean =>
    got.length === want.length && got.every((e, i) => sameEntry(e, want[i]!, want[i]!.payload.type === "snapshotPointer" && want[i]!.payload.id === ANY_ID));
  expectThat(allowed.some(matches), `getLogEntries(0, 1000) after a crash during ${what} answered ${showEntries(got)}; the contract allows ${allowed.map(showEntries).join(" or ")}`);
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
      const s = await h.open();
      await appendEach(s, sets(1, 3, 1));
      const after = await crashDuring(h, () => s.replicateToLog(sets(4, 6, 1)));
      await expectOneOf(after, prefixes(sets(1, 3, 1), sets(4, 6, 1)), "replicateToLog(4..6) with a torn last write");
      await after.appendEntryToLog(sets(4, 4, 2)[0]!);
      await expectOneOf(after, [[...sets(1, 3, 1), ...sets(4, 4, 2)]], "it, then appendEntryToLog(4)");
    },
  },
  {
    id: "crash-leaves-no-hole",
    clause: "a crash that keeps a later write of a call and loses an earlier one leaves no hole: a later entry never survives an earlier one",
    group: "S6",
    disk: { partial: 1 },
    async run(_f, h) {
      const s = await h.open();
      await appendEach(s, sets(1, 2, 1));
      const after = await crashDuring(h, () => s.replicateToLog(sets(3, 10, 1)));
      await expectOneOf(after, prefixes(sets(1, 2, 1), sets(3, 10, 1)), "replicateToLog(3..10) with a partial loss");
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
    async run(_f, h) {
      const s = await h.open();
      await appendEach(s, sets(1, 6, 1));
      const { id, snapshot } = await s.createSnapshot();
      await snapshot.write(encodeSnapshot(9, 2, { members: [1, 2] }, new Map([["a", "x"]])));
      await snapshot.shutdown();
      const after = await crashDuring(h, () => s.finalizeSnapshotInstallation(9, 2, undefined, id, snapshot));
      const current = await after.getCurrentSnapshot();
      if (current === null) return expectOneOf(after, [sets(1, 6, 1)], "an installation that did not happen");
      expectThat(current.index === 9, `getCurrentSnapshot() after a crash during an installation at 9 answered a snapshot at ${current.index}`);
      await expectOneOf(after, [[ptr(9, 2, [1, 2], id)]], "an installation that happened");
    },
  },
  {
    id: "crash-during-compaction-atomic",
    clause: "a crash during doLogCompaction leaves all of it or none of it: the full log and no snapshot, or the pointer and the snapshot",
    group: "S5",
    disk: { partial: 1 },
    seed: 1,
    async run(_f, h) {
      const s = await h.open();
      const log = [cfg(1, 1, [1, 2]), ...sets(2, 6, 1)];
      await appendEach(s, log);
      await applyEach(s, log.slice(0, 4));
      const after = await crashDuring(h, () => s.doLogCompaction());
      const current = await after.getCurrentSnapshot();
      if (current === null) return expectOneOf(after, [log], "a compaction that did not happen");
      await expectSnapshot(after, { index: 4, term: 1, members: [1, 2], kv: kvAfter(log.slice(0, 4)) }, "after a crash during a compaction through 4");
      await expectOneOf(after, [[ptr(4, 1, [1, 2]), ...log.slice(4)]], "a compaction that happened");
    },
  },
];
