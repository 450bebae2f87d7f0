/**
 * Judging a store rebuilt after a crash or restart, against the model and the call a crash cut short
 * (if any). What the store then holds must be a state the contract allows:
 *
 * - every acknowledged write there (S2), the cut-short call there, not there, or (a batch, a
 *   deletion) there in part, so that the log stays contiguous (S6: no hole, no entry, hard state
 *   or snapshot that was never written);
 * - a compaction or installation cut short there entirely or not at all (S5), as the current
 *   snapshot tells: the log must then be the one that goes with it;
 * - `lastAppliedLog` anywhere from the current snapshot's index up to the last application (S4);
 * - the initial state and the membership consistent with the log it holds (S3, S4).
 *
 * The verdict carries the model of what the store now holds: the run goes on from there.
 */
import type { Entry, HardState, InitialState, MembershipConfig } from "../contract.js";
import { copyEntry, notAnEntry, sameHardState, showEntry, showHardState, showMembership } from "../entries.js";
import { sameKv, sameMembership } from "../kv.js";
import { matchesModel, NO_HARD_STATE, StoreModel, type Effect, type SnapshotModel } from "./store-model.js";

/** What the rebuilt store answered. */
export interface Observed {
  readonly init: InitialState;
  readonly log: readonly Entry[];
  readonly membership: MembershipConfig;
  readonly snapshot: SnapshotModel | null;
}

export type Outcome = "none" | "kept" | "lost" | "partial";

export type Verdict = { readonly ok: true; readonly model: StoreModel; readonly outcome: Outcome; readonly regressed: boolean } | { readonly ok: false; readonly invariant: string; readonly message: string };

export function sameSnapshot(a: SnapshotModel | null, b: SnapshotModel | null): boolean {
  if (a === null || b === null) return a === b;
  return a.index === b.index && a.term === b.term && sameMembership(a.membership, b.membership) && sameKv(a.kv, b.kv);
}

function showSnapshot(s: SnapshotModel | null): string {
  return s === null ? "none" : `the snapshot at ${s.index} (term ${s.term}, ${showMembership(s.membership)}, ${s.kv.size} keys)`;
}

const fail = (invariant: string, message: string): Verdict => ({ ok: false, invariant, message });

export function judgeRecovery(model: StoreModel, inflight: Effect | null, seen: Observed): Verdict {
  const after = inflight === null ? null : model.clone();
  after?.apply(inflight!);
  const atomic = inflight?.kind === "compact" || inflight?.kind === "install";
  const what = inflight === null ? "" : ` (a ${inflight.kind} was cut short)`;

  // The snapshot decides which side of a compaction or installation the store is on.
  const newSnapshot = atomic && sameSnapshot(seen.snapshot, after!.snapshot) && !sameSnapshot(seen.snapshot, model.snapshot);
  const base = newSnapshot ? after! : model;
  if (!sameSnapshot(seen.snapshot, model.snapshot) && !newSnapshot) {
    const older = seen.snapshot === null || (model.snapshot !== null && seen.snapshot.index < model.snapshot.index);
    return fail(older ? "S2" : "S5", `after a restart${what} getCurrentSnapshot answered ${showSnapshot(seen.snapshot)}; the last acknowledged is ${showSnapshot(model.snapshot)}`);
  }
  const candidates = atomic ? [base] : after === null ? [model] : [model, after];
  const other = atomic ? (newSnapshot ? model : after) : null;

  const logProblem = judgeLog(seen.log, candidates, other, what);
  if (logProblem !== undefined) return logProblem;

  const hsAllowed: HardState[] = [model.hs ?? NO_HARD_STATE, ...(inflight?.kind === "hard-state" ? [inflight.hs] : [])];
  const hs = seen.init.hardState;
  if (!hsAllowed.some((h) => sameHardState(h, hs))) {
    const acked = model.hs ?? NO_HARD_STATE;
    return fail(hs.currentTerm <= acked.currentTerm ? "S2" : "S6", `after a restart${what} getInitialState answered the hard state ${showHardState(hs)}; the last acknowledged is ${showHardState(acked)}`);
  }

  const lo = base.snapshot?.index ?? 0;
  const hi = (inflight?.kind === "apply" ? after! : base).lastApplied;
  const applied = seen.init.lastAppliedLog;
  const normalAt = (i: number): boolean => (after ?? model).at(i)?.payload.type === "normal" || model.at(i)?.payload.type === "normal";
  if (applied !== lo && !(applied > lo && applied <= hi && normalAt(applied))) {
    return fail("S4", `after a restart${what} getInitialState answered lastAppliedLog ${applied}; the state machine can only hold the entries through ${lo} (its snapshot) up to ${hi} (the last application)`);
  }

  const next = base.clone();
  // A copy: the entries are the store's objects, and a store may reuse them.
  next.log = seen.log.map(copyEntry);
  next.hs = model.hs === null && sameHardState(hs, NO_HARD_STATE) ? null : hs;
  next.lastApplied = applied;
  next.kv = next.kvAt(applied);
  const want = next.initialState();
  const init = seen.init;
  if (init.lastLogIndex !== want.lastLogIndex || init.lastLogTerm !== want.lastLogTerm) {
    return fail("S4", `after a restart getInitialState answered the last entry ${init.lastLogIndex}@${init.lastLogTerm}, but the log it holds ends at ${want.lastLogIndex}@${want.lastLogTerm}`);
  }
  for (const [m, call] of [[init.membership, "getInitialState"], [seen.membership, "getMembershipConfig"]] as const) {
    if (!sameMembership(m, want.membership)) return fail("S3", `after a restart ${call} answered the membership ${showMembership(m)}; the log it holds gives ${showMembership(want.membership)}`);
  }
  return { ok: true, model: next, outcome: outcomeOf(inflight, next, model, after), regressed: applied < model.lastApplied };
}

/** The log problem, or undefined when `log` is one the candidates allow. */
function judgeLog(log: readonly Entry[], candidates: readonly StoreModel[], other: StoreModel | null, what: string): Verdict | undefined {
  const bad = log.map(notAnEntry).find((m) => m !== undefined);
  if (bad !== undefined) return fail("S6", `after a restart${what} getLogEntries returned something that is not an entry: ${bad}`);
  for (let i = 1; i < log.length; i++) {
    if (log[i]!.index !== log[i - 1]!.index + 1) return fail("S6", `after a restart${what} the log holds ${showEntry(log[i - 1]!)} then ${showEntry(log[i]!)}: a hole, where a later write survived an earlier one`);
  }
  const half = (e: Entry): boolean => other !== null && other.at(e.index) !== undefined && matchesModel(e, other.at(e.index)!);
  for (const e of log) {
    if (candidates.some((c) => c.at(e.index) !== undefined && matchesModel(e, c.at(e.index)!))) continue;
    if (half(e)) return fail("S5", `after a restart${what} the log holds ${showEntry(e)}, which only the other side of the compaction or installation has: half of it survived`);
    const known = candidates.map((c) => c.at(e.index)).filter((x) => x !== undefined);
    const there = known.length > 0 ? `the log had ${known.map(showEntry).join(" or ")} there` : "the log had nothing there";
    if (candidates[0]!.wasWritten(e)) return fail("S2", `after a restart${what} the log holds ${showEntry(e)} again, though its deletion was acknowledged (${there})`);
    return fail("S6", `after a restart${what} the log holds ${showEntry(e)}, which was never written (${there})`);
  }
  const present = new Set(log.map((e) => e.index));
  const [first, ...rest] = candidates;
  for (const e of first!.log) {
    if (present.has(e.index) || !rest.every((c) => c.at(e.index) !== undefined)) continue;
    return fail("S2", `after a restart${what} the acknowledged entry ${showEntry(e)} is missing`);
  }
  return undefined;
}

function outcomeOf(inflight: Effect | null, next: StoreModel, model: StoreModel, after: StoreModel | null): Outcome {
  if (inflight === null || after === null) return "none";
  const sameLog = (a: StoreModel): boolean => a.log.length === next.log.length && a.log.every((e, i) => matchesModel(next.log[i]!, e));
  switch (inflight.kind) {
    case "place":
    case "delete":
      return sameLog(after) ? "kept" : sameLog(model) ? "lost" : "partial";
    case "hard-state":
      return sameHardState(next.hs ?? NO_HARD_STATE, inflight.hs) ? "kept" : "lost";
    case "apply":
      return next.lastApplied >= after.lastApplied ? "kept" : next.lastApplied <= model.lastApplied ? "lost" : "partial";
    case "compact":
    case "install":
      return sameSnapshot(next.snapshot, after.snapshot) ? "kept" : "lost";
  }
}
