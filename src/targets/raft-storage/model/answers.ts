/**
 * Judging the answers of a store that did not crash: each must be exactly what the model says.
 * Every function returns the broken invariant and a sentence saying what the store answered and
 * what the contract asks, or undefined. Answers are validated first: a store is user code.
 */
import type { CurrentSnapshot, Entry, InitialState, KvResponse, MembershipConfig } from "../contract.js";
import { notAnEntry, sameHardState, showEntries, showHardState, showMembership } from "../entries.js";
import { decodeSnapshot, sameKv, sameMembership, sameResponse, snapshotKv } from "../kv.js";
import { matchesModel, type SnapshotModel, type StoreModel } from "./store-model.js";

export interface Problem {
  readonly invariant: string;
  readonly message: string;
}

const problem = (invariant: string, message: string): Problem => ({ invariant, message });

/** getLogEntries(start, stop) answered `got`. A mismatch at a snapshot pointer or below it is a compaction or installation clause (S5). */
export function judgeEntries(model: StoreModel, start: number, stop: number, got: unknown): Problem | undefined {
  const call = `getLogEntries(${start}, ${stop})`;
  if (!Array.isArray(got)) return problem("S1", `${call} answered ${JSON.stringify(got)}, not an array of entries`);
  const bad = got.map(notAnEntry).find((m) => m !== undefined);
  if (bad !== undefined) return problem("S1", `${call} answered something that is not an entry: ${bad}`);
  const entries = got as Entry[];
  const want = model.entries(start, stop);
  if (entries.length === want.length && entries.every((e, i) => matchesModel(e, want[i]!))) return undefined;
  const snapIndex = model.snapshot?.index ?? 0;
  const pointers = [...entries, ...want].some((e) => e.payload.type === "snapshotPointer" || e.index <= snapIndex);
  return problem(pointers ? "S5" : "S1", `${call} answered ${showEntries(entries)}; the log holds ${showEntries(want)} there`);
}

/** getInitialState() answered `got`. */
export function judgeInitial(model: StoreModel, got: InitialState): Problem | undefined {
  const want = model.initialState();
  for (const key of ["lastLogIndex", "lastLogTerm", "lastAppliedLog"] as const) {
    if (got[key] !== want[key]) return problem("S4", `getInitialState() answered ${key} ${String(got[key])}; the contract asks ${want[key]}`);
  }
  if (got.hardState === null || typeof got.hardState !== "object" || !sameHardState(got.hardState, want.hardState)) {
    return problem("S4", `getInitialState() answered the hard state ${got.hardState === null || typeof got.hardState !== "object" ? JSON.stringify(got.hardState) : showHardState(got.hardState)}; the last saved is ${showHardState(want.hardState)}`);
  }
  return judgeMembership(model, got.membership, "getInitialState() answered the membership");
}

/** A membership answered (by getMembershipConfig or in the initial state). */
export function judgeMembership(model: StoreModel, got: MembershipConfig, what = "getMembershipConfig() answered"): Problem | undefined {
  const want = model.membershipAt(model.lastIndex);
  if (got !== null && typeof got === "object" && Array.isArray(got.members) && sameMembership(got, want)) return undefined;
  const shown = got !== null && typeof got === "object" && Array.isArray(got.members) ? showMembership(got) : JSON.stringify(got);
  return problem("S3", `${what} ${shown}; the reverse search of the log gives ${showMembership(want)}`);
}

/** The answer of an application of `what` (expected `want`). */
export function judgeResponse(got: KvResponse, want: KvResponse, what: string): Problem | undefined {
  if (sameResponse(got, want)) return undefined;
  return problem("S4", `${what} answered ${JSON.stringify(got)}; the state machine through the entries applied before gives ${JSON.stringify(want)}`);
}

/** A snapshot answered by `call` (its metadata and contents read) against `want`. */
export async function judgeSnapshot(got: CurrentSnapshot | null, want: SnapshotModel | null, call: string): Promise<Problem | undefined> {
  if (got === null || want === null) {
    if (got === want) return undefined;
    return problem("S5", `${call} answered ${got === null ? "no snapshot" : `a snapshot at ${got.index}`}; the current snapshot is ${want === null ? "none" : `the one at ${want.index}`}`);
  }
  const meta = `index ${got.index}, term ${got.term}, membership ${showMembership(got.membership)}`;
  const wanted = `index ${want.index}, term ${want.term}, membership ${showMembership(want.membership)}`;
  if (meta !== wanted) return problem("S5", `${call} answered a snapshot with ${meta}; the contract asks ${wanted}`);
  const contents = decodeSnapshot(await got.snapshot.read());
  const kv = snapshotKv(contents);
  if (contents.index !== want.index || contents.term !== want.term || !sameMembership(contents.membership, want.membership) || !sameKv(kv, want.kv)) {
    return problem("S5", `${call}: the snapshot's contents hold index ${contents.index}, term ${contents.term}, ${kv.size} keys (${JSON.stringify(contents.kv).slice(0, 120)}); the state machine at ${want.index} holds ${want.kv.size} keys (${JSON.stringify([...want.kv].sort()).slice(0, 120)})`);
  }
  return undefined;
}

