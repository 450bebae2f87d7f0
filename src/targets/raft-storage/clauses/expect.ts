/**
 * The clause scripts' vocabulary: entries to write, a leader's snapshot to install, and
 * expectations that throw a {@link ClauseFailure} saying what the store answered and what the
 * contract asks.
 */
import type { Entry, HardState, InitialState, KvCommand, KvResponse, MembershipConfig, RaftStorage, SnapshotHandle } from "../contract.js";
import { notAnEntry, sameEntry, sameHardState, showEntries, showHardState, showMembership } from "../entries.js";
import { applyKv, decodeSnapshot, encodeSnapshot, sameKv, sameMembership, sameResponse } from "../kv.js";
import { ClauseFailure, type ClauseHarness } from "./harness.js";

/** A pointer id a script does not know (a compaction's): any id matches it. */
export const ANY_ID = "*";

export const set = (index: number, term: number, key = `k${index % 3}`, value = `v${index}.${term}`): Entry => ({ index, term, payload: { type: "normal", data: { op: "set", key, value } } });
export const del = (index: number, term: number, key: string): Entry => ({ index, term, payload: { type: "normal", data: { op: "del", key } } });
export const cfg = (index: number, term: number, members: number[], after?: number[]): Entry => ({ index, term, payload: { type: "configChange", membership: after === undefined ? { members } : { members, membersAfterConsensus: after } } });
export const blank = (index: number, term: number): Entry => ({ index, term, payload: { type: "blank" } });
export const ptr = (index: number, term: number, members: number[], id = ANY_ID): Entry => ({ index, term, payload: { type: "snapshotPointer", id, membership: { members } } });

/** `set` entries from `from` to `to`, both included. */
export function sets(from: number, to: number, term: number): Entry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => set(from + i, term));
}

export async function appendEach(s: RaftStorage, entries: readonly Entry[]): Promise<void> {
  for (const e of entries) await s.appendEntryToLog(e);
}

/** Apply the normal entries among `entries`, one call each; their answers. */
export async function applyEach(s: RaftStorage, entries: readonly Entry[]): Promise<KvResponse[]> {
  const out: KvResponse[] = [];
  for (const e of entries) if (e.payload.type === "normal") out.push(await s.applyEntryToStateMachine(e.index, e.payload.data));
  return out;
}

/** The state machine after the normal entries among `entries`. */
export function kvAfter(entries: readonly Entry[], base: Iterable<readonly [string, string]> = []): Map<string, string> {
  const kv = new Map<string, string>(base);
  for (const e of entries) if (e.payload.type === "normal") applyKv(kv, e.payload.data);
  return kv;
}

export interface LeaderSnapshot {
  readonly index: number;
  readonly term: number;
  readonly members: number[];
  readonly kv: ReadonlyMap<string, string>;
  readonly deleteThrough?: number;
}

/** A leader's snapshot streamed into a new snapshot of `s` in two chunks, shut down: ready to install. */
export async function stream(s: RaftStorage, snap: LeaderSnapshot): Promise<{ readonly id: string; readonly snapshot: SnapshotHandle }> {
  const created = await s.createSnapshot();
  const text = encodeSnapshot(snap.index, snap.term, { members: snap.members }, snap.kv);
  const cut = Math.floor(text.length / 2);
  await created.snapshot.write(text.slice(0, cut));
  await created.snapshot.write(text.slice(cut));
  await created.snapshot.shutdown();
  return created;
}

/** Stream a leader's snapshot and install it, as Raft does; its id. */
export async function install(s: RaftStorage, snap: LeaderSnapshot): Promise<string> {
  const { id, snapshot } = await stream(s, snap);
  await s.finalizeSnapshotInstallation(snap.index, snap.term, snap.deleteThrough, id, snapshot);
  return id;
}

/** The store opened, with `entries` appended and the normal ones among `applied` applied. */
export async function openWith(h: ClauseHarness, entries: readonly Entry[], applied: readonly Entry[] = []): Promise<RaftStorage> {
  const s = await h.open();
  await appendEach(s, entries);
  await applyEach(s, applied);
  return s;
}

export function expectThat(ok: boolean, message: string): void {
  if (!ok) throw new ClauseFailure(message);
}

/** `got` (what `call` answered) are exactly `want`; a pointer with {@link ANY_ID} matches any id. */
export function expectEntries(got: unknown, want: readonly Entry[], call: string): void {
  if (!Array.isArray(got)) throw new ClauseFailure(`${call} answered ${JSON.stringify(got)}, not an array of entries`);
  const bad = got.map(notAnEntry).find((m) => m !== undefined);
  if (bad !== undefined) throw new ClauseFailure(`${call} answered something that is not an entry: ${bad}`);
  const entries = got as Entry[];
  const same = entries.length === want.length && entries.every((e, i) => sameEntry(e, want[i]!, want[i]!.payload.type === "snapshotPointer" && want[i]!.payload.id === ANY_ID));
  if (!same) throw new ClauseFailure(`${call} answered ${showEntries(entries)}, the contract asks ${showEntries(want)}`);
}

export async function expectLog(s: RaftStorage, want: readonly Entry[], when: string): Promise<void> {
  expectEntries(await s.getLogEntries(0, 1000), want, `getLogEntries(0, 1000) ${when}`);
}

export function expectMembership(got: MembershipConfig, want: MembershipConfig, call: string): void {
  if (!sameMembership(got, want)) throw new ClauseFailure(`${call} answered ${showMembership(got)}, the contract asks ${showMembership(want)}`);
}

export function expectHardState(got: HardState, want: HardState, call: string): void {
  if (!sameHardState(got, want)) throw new ClauseFailure(`${call} answered ${showHardState(got)}, the contract asks ${showHardState(want)}`);
}

/** The fields of `want` in the initial state `got`. */
export function expectInitial(got: InitialState, want: Partial<InitialState>, when: string): void {
  const call = `getInitialState() ${when}`;
  for (const key of ["lastLogIndex", "lastLogTerm", "lastAppliedLog"] as const) {
    const w = want[key];
    if (w !== undefined && got[key] !== w) throw new ClauseFailure(`${call} answered ${key} ${got[key]}, the contract asks ${w}`);
  }
  if (want.hardState !== undefined) expectHardState(got.hardState, want.hardState, call);
  if (want.membership !== undefined) expectMembership(got.membership, want.membership, call);
}

export function expectResponses(got: readonly KvResponse[], want: readonly KvResponse[], call: string): void {
  if (got.length !== want.length || got.some((g, i) => !sameResponse(g, want[i]!))) throw new ClauseFailure(`${call} answered ${JSON.stringify(got)}, the contract asks ${JSON.stringify(want)}`);
}

/** The answers `cmds` give, applied in order on `kv` (a copy). */
export function answers(kv: ReadonlyMap<string, string>, cmds: readonly KvCommand[]): KvResponse[] {
  const copy = new Map(kv);
  return cmds.map((c) => applyKv(copy, c));
}

/** The store's current snapshot is `want` (metadata and contents). */
export async function expectSnapshot(s: RaftStorage, want: { index: number; term: number; members: number[]; kv: ReadonlyMap<string, string> } | null, when: string): Promise<void> {
  const call = `getCurrentSnapshot() ${when}`;
  const got = await s.getCurrentSnapshot();
  if (want === null) return expectThat(got === null, `${call} answered a snapshot at ${got?.index}, the contract asks none`);
  if (got === null) throw new ClauseFailure(`${call} answered none, the contract asks the snapshot at ${want.index}`);
  const meta = `index ${got.index}, term ${got.term}, membership ${showMembership(got.membership)}`;
  const wanted = `index ${want.index}, term ${want.term}, membership ${showMembership({ members: want.members })}`;
  expectThat(meta === wanted, `${call} answered ${meta}, the contract asks ${wanted}`);
  const contents = decodeSnapshot(await got.snapshot.read());
  expectThat(contents.index === want.index && contents.term === want.term && sameKv(new Map(contents.kv.map(([k, v]) => [k, v])), want.kv), `${call}: its contents hold index ${contents.index}, term ${contents.term}, ${JSON.stringify(contents.kv)}; the contract asks index ${want.index}, term ${want.term}, ${JSON.stringify([...want.kv])}`);
}
