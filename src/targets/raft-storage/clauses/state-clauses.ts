/**
 * The clauses of what Raft reads back: the membership search (S3), the initial state and the state
 * machine's answers (S4), and the hard state and node id across crashes (S2).
 */
import { initialMembership } from "../contract.js";
import type { Clause } from "./harness.js";
import { answers, appendEach, applyEach, blank, openWith, cfg, del, expectHardState, expectInitial, expectMembership, expectResponses, expectThat, install, kvAfter, set, sets } from "./expect.js";

export const STATE_CLAUSES: readonly Clause[] = [
  {
    id: "hard-state-survives-crash",
    clause: "an acknowledged saveHardState survives a crash, the last one saved winning",
    group: "S2",
    async run(_f, h) {
      let s = await h.open();
      await s.saveHardState({ currentTerm: 1, votedFor: 0 });
      await s.saveHardState({ currentTerm: 2, votedFor: null });
      await s.saveHardState({ currentTerm: 3, votedFor: 2 });
      s = await h.crash();
      expectHardState((await s.getInitialState()).hardState, { currentTerm: 3, votedFor: 2 }, "getInitialState() after a crash");
    },
  },
  {
    id: "node-id-persisted",
    clause: "the node id is persisted: restarted with another configured id, a log without config still answers the first id's initial config",
    group: "S2",
    async run(_f, h) {
      let s = await h.open(3);
      await s.saveHardState({ currentTerm: 1, votedFor: 3 });
      s = await h.crash(7);
      expectMembership(await s.getMembershipConfig(), initialMembership(3), "getMembershipConfig() after a restart configured as node 7");
    },
  },
  {
    id: "membership-pristine-initial",
    clause: "a pristine store's membership is the initial config of its node, { members: [nodeId] }",
    group: "S3",
    async run(_f, h) {
      const s = await h.open(5);
      expectMembership(await s.getMembershipConfig(), initialMembership(5), "getMembershipConfig() of a pristine store");
    },
  },
  {
    id: "membership-latest-config-entry",
    clause: "the membership is the latest configChange entry of the log (a reverse search)",
    group: "S3",
    async run(_f, h) {
      const s = await openWith(h, [cfg(1, 1, [1, 2, 3]), set(2, 1), cfg(3, 1, [1, 2]), set(4, 1), blank(5, 2)]);
      expectMembership(await s.getMembershipConfig(), { members: [1, 2] }, "getMembershipConfig() with configs at 1 and 3");
    },
  },
  {
    id: "membership-after-deleting-config",
    clause: "deleting the latest config entry makes the one before it the membership again",
    group: "S3",
    async run(_f, h) {
      const s = await openWith(h, [cfg(1, 1, [1, 2, 3]), set(2, 1), cfg(3, 1, [1, 2]), set(4, 1)]);
      await s.deleteLogsFrom(3);
      expectMembership(await s.getMembershipConfig(), { members: [1, 2, 3] }, "getMembershipConfig() after deleting the config at 3");
    },
  },
  {
    id: "membership-joint-config",
    clause: "a joint config is returned whole, membersAfterConsensus included",
    group: "S3",
    async run(_f, h) {
      const s = await openWith(h, [cfg(1, 1, [1, 2, 3]), cfg(2, 1, [1, 2, 3], [3, 4, 5])]);
      expectMembership(await s.getMembershipConfig(), { members: [1, 2, 3], membersAfterConsensus: [3, 4, 5] }, "getMembershipConfig() during a joint change");
    },
  },
  {
    id: "membership-from-snapshot-pointer",
    clause: "the search stops at a snapshot pointer and answers the membership embedded in it",
    group: "S3",
    async run(_f, h) {
      const s = await openWith(h, [cfg(1, 1, [1, 2]), ...sets(2, 5, 1)]);
      await install(s, { index: 8, term: 2, members: [4, 5, 6], kv: new Map([["a", "x"]]) });
      expectMembership(await s.getMembershipConfig(), { members: [4, 5, 6] }, "getMembershipConfig() after installing a snapshot of {4,5,6}");
      await s.appendEntryToLog(cfg(9, 2, [7]));
      expectMembership(await s.getMembershipConfig(), { members: [7] }, "getMembershipConfig() with a config after the pointer");
    },
  },
  {
    id: "initial-state-pristine",
    clause: "a pristine store's initial state is new_initial: zeros, no vote in term 0, the initial config",
    group: "S4",
    async run(_f, h) {
      const s = await h.open(2);
      expectInitial(await s.getInitialState(), { lastLogIndex: 0, lastLogTerm: 0, lastAppliedLog: 0, hardState: { currentTerm: 0, votedFor: null }, membership: initialMembership(2) }, "of a pristine store");
    },
  },
  {
    id: "initial-state-with-state",
    clause: "the initial state holds the last entry's index and term, the saved hard state, the last applied index and the membership",
    group: "S4",
    async run(_f, h) {
      const s = await h.open();
      await s.saveHardState({ currentTerm: 3, votedFor: 1 });
      await appendEach(s, [cfg(1, 1, [1, 2, 3]), set(2, 1), blank(3, 2), set(4, 2), set(5, 3)]);
      await s.applyEntryToStateMachine(2, { op: "set", key: "k2", value: "v2.1" });
      await s.applyEntryToStateMachine(4, { op: "set", key: "k1", value: "v4.2" });
      expectInitial(await s.getInitialState(), { lastLogIndex: 5, lastLogTerm: 3, lastAppliedLog: 4, hardState: { currentTerm: 3, votedFor: 1 }, membership: { members: [1, 2, 3] } }, "after appends and applies");
    },
  },
  {
    id: "apply-answers-in-response",
    clause: "applyEntryToStateMachine answers the previous value, and a client-level error (del of an unset key) as an answer, not a rejection",
    group: "S4",
    async run(_f, h) {
      const s = await h.open();
      const entries = [set(1, 1, "a", "x"), set(2, 1, "a", "y"), del(3, 1, "a"), del(4, 1, "a")];
      await appendEach(s, entries);
      const got = await applyEach(s, entries);
      expectResponses(got, [{ ok: true, previous: null }, { ok: true, previous: "x" }, { ok: true, previous: "y" }, { ok: false, error: "no such key" }], "applyEntryToStateMachine on 1..4");
    },
  },
  {
    id: "replicate-to-state-machine-in-order",
    clause: "replicateToStateMachine applies its batch in order: the next application sees all of it",
    group: "S4",
    async run(_f, h) {
      const s = await h.open();
      const entries = [set(1, 1, "a", "x"), set(2, 1, "a", "y"), set(3, 1, "b", "z"), del(4, 1, "b")];
      await appendEach(s, [...entries, set(5, 1, "a", "w")]);
      await s.replicateToStateMachine(entries.map((e) => ({ index: e.index, data: e.payload.type === "normal" ? e.payload.data : { op: "del", key: "-" } })));
      expectResponses([await s.applyEntryToStateMachine(5, { op: "set", key: "a", value: "w" })], [{ ok: true, previous: "y" }], "applyEntryToStateMachine(5) after the batch 1..4");
      expectInitial(await s.getInitialState(), { lastAppliedLog: 5 }, "after the batch and one more");
    },
  },
  {
    id: "initial-state-re-apply-committed",
    clause: "after a restart the state machine holds exactly the entries through lastAppliedLog: re-applying those after it answers as the first time",
    group: "S4",
    async run(_f, h) {
      let s = await h.open();
      const entries = [set(1, 1, "a", "x"), set(2, 1, "a", "y"), del(3, 1, "a"), set(4, 1, "b", "z"), set(5, 1, "a", "w")];
      await appendEach(s, entries);
      const first = await applyEach(s, entries);
      for (const restart of [() => h.restart(), () => h.crash()]) {
        s = await restart();
        const applied = (await s.getInitialState()).lastAppliedLog;
        expectThat(applied >= 0 && applied <= 5, `getInitialState() after a restart answered lastAppliedLog ${applied}; only 5 entries were applied`);
        const again = await applyEach(s, entries.slice(applied));
        expectResponses(again, first.slice(applied), `re-applying ${applied + 1}..5 after a restart that reported lastAppliedLog ${applied}`);
      }
    },
  },
  {
    id: "install-replaces-state-machine",
    clause: "after finalizeSnapshotInstallation the state machine is the snapshot's and lastAppliedLog its index",
    group: "S4",
    async run(_f, h) {
      const s = await h.open();
      const before = [set(1, 1, "a", "old"), set(2, 1, "c", "gone")];
      await appendEach(s, before);
      await applyEach(s, before);
      const kv = kvAfter([set(1, 1, "a", "x"), set(2, 1, "b", "y")]);
      await install(s, { index: 6, term: 2, members: [1], kv });
      expectInitial(await s.getInitialState(), { lastAppliedLog: 6, lastLogIndex: 6, lastLogTerm: 2 }, "after installing a snapshot at 6");
      const cmds = [{ op: "set", key: "a", value: "z" }, { op: "del", key: "c" }] as const;
      await appendEach(s, [set(7, 2, "a", "z"), del(8, 2, "c")]);
      const got = [await s.applyEntryToStateMachine(7, cmds[0]), await s.applyEntryToStateMachine(8, cmds[1])];
      expectResponses(got, answers(kv, cmds), "applying 7..8 after the installation");
    },
  },
];
