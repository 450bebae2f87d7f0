/**
 * Each op as the calls a Raft node makes for it, resolved against the model when it runs: a leader
 * appending, a follower replicating (re-sending what it has, after a conflict deleting what it must),
 * saving its hard state, applying committed entries, compacting, installing a leader's snapshot,
 * and the reads a conformance suite adds to see what the store holds.
 */
import type { Entry, IndexedCommand, KvCommand } from "./contract.js";
import { FAILED, type StorageDriver } from "./driver.js";
import { sameEntry, showCommand } from "./entries.js";
import { applyKv, decodeSnapshot, encodeSnapshot } from "./kv.js";
import { valueOf } from "./leader.js";
import { judgeEntries, judgeInitial, judgeMembership, judgeResponse, judgeSnapshot } from "./model/answers.js";
import { KEYS, members, type PayloadSpec, type RaftStorageOp } from "./ops.js";

export async function runOp(d: StorageDriver, op: RaftStorageOp): Promise<void> {
  if (d.halted || d.store === undefined) return;
  switch (op.t) {
    case "append":
      return append(d, op.e);
    case "replicate":
      return replicate(d, op.back, op.es);
    case "truncate":
      return truncate(d, op.back, op.stop);
    case "vote":
      return vote(d, op.bump, op.vote);
    case "apply":
      return apply(d, 1);
    case "apply-batch":
      return apply(d, op.n);
    case "compact":
      return compact(d);
    case "install":
      return install(d, op.ahead, op.pick, op.chunks, op.m);
    case "read":
      return read(d, op.at, op.len);
    case "state": {
      d.emit("op.state");
      const init = await d.query("getInitialState", (s) => s.getInitialState());
      if (init !== FAILED) d.problem(judgeInitial(d.model, init));
      return;
    }
    case "membership": {
      d.emit("op.membership");
      const m = await d.query("getMembershipConfig", (s) => s.getMembershipConfig());
      if (m !== FAILED) d.problem(judgeMembership(d.model, m));
      return;
    }
    case "snapshot": {
      d.emit("op.snapshot");
      const current = await d.query("getCurrentSnapshot", (s) => s.getCurrentSnapshot());
      if (current === FAILED) return;
      const p = await d.query("snapshot.read", () => judgeSnapshot(current, d.model.snapshot, "getCurrentSnapshot()"));
      if (p !== FAILED) d.problem(p);
      return;
    }
    case "crash":
    case "restart":
      throw new Error(`${op.t} is not a storage call: the target cuts the store off itself`);
  }
}

async function append(d: StorageDriver, spec: PayloadSpec): Promise<void> {
  const index = d.model.lastIndex + 1;
  const entry = d.leader.entry(index, spec);
  d.emit("op.append", index);
  await d.mutate("appendEntryToLog", { kind: "place", entries: [entry] }, (s) => s.appendEntryToLog(entry));
}

async function replicate(d: StorageDriver, back: number, specs: readonly PayloadSpec[]): Promise<void> {
  const m = d.model;
  // Re-send the leader's own entries the log already holds (an AppendEntries retried after a lost answer).
  let start = m.lastIndex + 1;
  for (let i = m.lastIndex; i > m.lastIndex - back && i >= m.firstIndex; i--) {
    const held = m.at(i);
    const made = d.leader.made(i);
    if (held === undefined || made === undefined || !sameEntry(held, made)) break;
    start = i;
  }
  const entries: Entry[] = [];
  for (let i = start; i <= m.lastIndex; i++) entries.push(m.at(i)!);
  specs.forEach((spec, k) => entries.push(d.leader.entry(m.lastIndex + 1 + k, spec)));
  d.emit("op.replicate", start, entries.length);
  if (start <= m.lastIndex) d.emit("log.resend", start, m.lastIndex - start + 1);
  await d.mutate("replicateToLog", { kind: "place", entries }, (s) => s.replicateToLog(entries));
}

async function truncate(d: StorageDriver, back: number, withStop: boolean): Promise<void> {
  const m = d.model;
  const start = Math.max(d.leader.commitIndex + 1, m.firstIndex, m.lastIndex - back);
  const stop = withStop ? m.lastIndex + 1 + back : undefined;
  d.emit("op.truncate", start, stop ?? m.lastIndex + 1);
  if (start > m.lastIndex) return d.emit("op.skipped");
  // A new leader whose log disagrees from `start` on: its entries will be of a new term.
  d.leader.newTerm();
  await d.mutate("deleteLogsFrom", { kind: "delete", start, stop }, (s) => (stop === undefined ? s.deleteLogsFrom(start) : s.deleteLogsFrom(start, stop)));
}

async function vote(d: StorageDriver, bump: boolean, votedFor: number): Promise<void> {
  if (bump) d.leader.newTerm();
  const hs = { currentTerm: Math.max(d.leader.term, d.model.hs?.currentTerm ?? 0), votedFor: votedFor < 0 ? null : votedFor };
  d.emit("op.vote", hs.currentTerm, votedFor);
  await d.mutate("saveHardState", { kind: "hard-state", hs }, (s) => s.saveHardState(hs));
}

/** Commit and apply the next `n` normal entries: one call when `n` is 1, a batch otherwise. */
async function apply(d: StorageDriver, n: number): Promise<void> {
  const m = d.model;
  const items: IndexedCommand[] = [];
  for (let i = m.lastApplied + 1; i <= m.lastIndex && items.length < n; i++) {
    const p = m.at(i)?.payload;
    if (p?.type === "normal") items.push({ index: i, data: p.data });
  }
  const last = items[items.length - 1];
  d.emit(n === 1 ? "op.apply" : "op.apply-batch", items[0]?.index ?? m.lastApplied, items.length);
  if (last === undefined) return d.emit("op.skipped");
  d.leader.commit(last.index);
  if (n > 1) {
    await d.mutate("replicateToStateMachine", { kind: "apply", items }, (s) => s.replicateToStateMachine(items));
    return;
  }
  const r = await d.mutate("applyEntryToStateMachine", { kind: "apply", items }, (s) => s.applyEntryToStateMachine(last.index, last.data));
  if (r === FAILED) return;
  if (!r.expected[0]!.ok) d.emit("apply.client-error", last.index);
  d.problem(judgeResponse(r.value, r.expected[0]!, `applyEntryToStateMachine(${last.index}, ${showCommand(last.data)})`));
}

async function compact(d: StorageDriver): Promise<void> {
  const m = d.model;
  d.emit("op.compact", m.lastApplied);
  if (m.lastApplied <= (m.snapshot?.index ?? 0) || m.at(m.lastApplied) === undefined) return d.emit("op.skipped");
  const want = m.compaction();
  const r = await d.mutate("doLogCompaction", { kind: "compact" }, (s) => s.doLogCompaction());
  if (r === FAILED) return;
  const p = await d.query("snapshot.read", () => judgeSnapshot(r.value, want, "doLogCompaction()"));
  if (p !== FAILED) d.problem(p);
}

/**
 * A leader's snapshot, streamed and installed. Within the log (`ahead` 0): at an entry after the
 * last applied one, its log's prefix, deleted through it. Past the log: a new leader that compacted
 * entries this node never got (made up here, committed), the whole log deleted.
 */
async function install(d: StorageDriver, ahead: number, pick: number, chunks: number, mask: number): Promise<void> {
  const m = d.model;
  const lo = Math.max(m.lastApplied, m.snapshot?.index ?? 0);
  const within = ahead === 0 && m.lastIndex > lo;
  let index: number;
  let term: number;
  let kv: Map<string, string>;
  let membership;
  if (within) {
    index = lo + 1 + (pick % (m.lastIndex - lo));
    term = m.at(index)!.term;
    kv = kvThrough(d, index);
    membership = m.membershipAt(index);
  } else {
    d.leader.newTerm();
    term = d.leader.term;
    index = m.lastIndex + Math.max(1, ahead);
    kv = kvThrough(d, d.leader.commitIndex);
    for (let i = d.leader.commitIndex + 1; i <= index; i++) applyKv(kv, { op: "set", key: KEYS[i % KEYS.length]!, value: valueOf(i, term) });
    membership = mask === 0 ? m.membershipAt(d.leader.commitIndex) : { members: members(mask) };
  }
  const deleteThrough = within ? index : undefined;
  const text = encodeSnapshot(index, term, membership, kv);
  d.emit("op.install", index);
  d.emit(within ? "install.within" : "install.ahead", index);
  const created = await d.query("createSnapshot", (s) => s.createSnapshot());
  if (created === FAILED) return;
  const { id, snapshot } = created;
  const size = Math.ceil(text.length / chunks);
  for (let k = 0; k < chunks; k++) {
    const chunk = text.slice(k * size, (k + 1) * size);
    if ((await d.query("snapshot.write", () => snapshot.write(chunk))) === FAILED) return;
  }
  if ((await d.query("snapshot.shutdown", () => snapshot.shutdown())) === FAILED) return;
  const effect = { kind: "install", index, term, deleteThrough, id, contents: decodeSnapshot(text) } as const;
  const r = await d.mutate("finalizeSnapshotInstallation", effect, (s) => s.finalizeSnapshotInstallation(index, term, deleteThrough, id, snapshot));
  if (r !== FAILED) d.leader.commit(index);
}

/** The state machine once the log's normal entries through `index` are applied (from the model's). */
function kvThrough(d: StorageDriver, index: number): Map<string, string> {
  const m = d.model;
  const kv = new Map(m.kv);
  for (let i = m.lastApplied + 1; i <= index; i++) {
    const p = m.at(i)?.payload;
    if (p?.type === "normal") applyKv(kv, p.data as KvCommand);
  }
  return kv;
}

async function read(d: StorageDriver, at: number, len: number): Promise<void> {
  const m = d.model;
  const lo = Math.max(0, m.firstIndex - 2);
  const start = lo + Math.floor((at * (m.lastIndex + 2 - lo)) / 100);
  const stop = start + len;
  d.emit("op.read", start, stop);
  const got = await d.query("getLogEntries", (s) => s.getLogEntries(start, stop));
  if (got === FAILED || d.problem(judgeEntries(m, start, stop, got))) return;
  m.learnIds(got);
}
