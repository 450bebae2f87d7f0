/**
 * The key-value state machine of the contract: what a command does, and how a snapshot of it is
 * encoded. A store and the target's model both use these, so the snapshot format a leader streams
 * is one every store can read (in async-raft it is the application's business; here the
 * application is part of the contract).
 */
import type { KvCommand, KvResponse, MembershipConfig, SnapshotContents } from "./contract.js";

/** Apply `cmd` to `kv` in place and answer what it gives. */
export function applyKv(kv: Map<string, string>, cmd: KvCommand): KvResponse {
  const previous = kv.get(cmd.key);
  if (cmd.op === "set") {
    kv.set(cmd.key, cmd.value);
    return { ok: true, previous: previous ?? null };
  }
  if (previous === undefined) return { ok: false, error: "no such key" };
  kv.delete(cmd.key);
  return { ok: true, previous };
}

/** The answer `cmd` gives on `kv`, without changing it. */
export function kvAnswer(kv: ReadonlyMap<string, string>, cmd: KvCommand): KvResponse {
  const previous = kv.get(cmd.key);
  if (cmd.op === "set") return { ok: true, previous: previous ?? null };
  return previous === undefined ? { ok: false, error: "no such key" } : { ok: true, previous };
}

/** A snapshot's text: its metadata and the pairs sorted by key (so equal states encode alike). */
export function encodeSnapshot(index: number, term: number, membership: MembershipConfig, kv: ReadonlyMap<string, string>): string {
  const pairs = [...kv.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const contents: SnapshotContents = { index, term, membership: canonicalMembership(membership), kv: pairs };
  return JSON.stringify(contents);
}

/** A snapshot's text read back; throws an Error naming what is wrong when it is not one. */
export function decodeSnapshot(text: string): SnapshotContents {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`not a snapshot: ${JSON.stringify(text.slice(0, 60))} is not JSON`);
  }
  const c = json as Partial<SnapshotContents> | null;
  if (c === null || typeof c !== "object" || !isIndex(c.index) || !isIndex(c.term) || !isMembership(c.membership) || !Array.isArray(c.kv)) {
    throw new Error(`not a snapshot: ${JSON.stringify(text.slice(0, 60))} lacks index, term, membership or kv`);
  }
  for (const pair of c.kv) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") throw new Error("not a snapshot: a kv pair is not [key, value]");
  }
  return c as SnapshotContents;
}

/** The state machine a snapshot holds. */
export function snapshotKv(contents: SnapshotContents): Map<string, string> {
  return new Map(contents.kv.map(([k, v]) => [k, v]));
}

/** Members as sorted sets, so that equal configs compare and encode alike. */
export function canonicalMembership(m: MembershipConfig): MembershipConfig {
  const sorted = (ids: readonly number[]): number[] => [...new Set(ids)].sort((a, b) => a - b);
  return m.membersAfterConsensus === undefined ? { members: sorted(m.members) } : { members: sorted(m.members), membersAfterConsensus: sorted(m.membersAfterConsensus) };
}

/**
 * Equal as configs: the same set of members (and of members after consensus, or neither has one).
 * Well-formed configs are compared in place, as sets of a handful of ids; a malformed one (a
 * store is user code) by its canonical JSON, as every comparison once was: building and encoding
 * two canonical copies per comparison was a twentieth of a raft-storage sweep.
 */
export function sameMembership(a: MembershipConfig, b: MembershipConfig): boolean {
  const ax = a.membersAfterConsensus;
  const bx = b.membersAfterConsensus;
  if (isNodeIds(a.members) && isNodeIds(b.members) && ((ax === undefined && bx === undefined) || (isNodeIds(ax) && isNodeIds(bx)))) {
    return sameIdSet(a.members, b.members) && (ax === undefined || sameIdSet(ax, bx!));
  }
  return JSON.stringify(canonicalMembership(a)) === JSON.stringify(canonicalMembership(b));
}

/** An array of numbers, as node ids are. */
export function isNodeIds(v: unknown): v is readonly number[] {
  if (!Array.isArray(v)) return false;
  for (const id of v) if (typeof id !== "number") return false;
  return true;
}

function sameIdSet(a: readonly number[], b: readonly number[]): boolean {
  for (const id of a) if (!b.includes(id)) return false;
  for (const id of b) if (!a.includes(id)) return false;
  return true;
}

export function sameResponse(a: KvResponse, b: KvResponse): boolean {
  if (a === null || typeof a !== "object" || b === null || typeof b !== "object") return false;
  return a.ok ? b.ok && a.previous === b.previous : !b.ok && a.error === b.error;
}

export function sameKv(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function isIndex(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

function isMembership(x: unknown): x is MembershipConfig {
  if (x === null || typeof x !== "object") return false;
  const m = x as { members?: unknown; membersAfterConsensus?: unknown };
  return isNodeIds(m.members) && (m.membersAfterConsensus === undefined || isNodeIds(m.membersAfterConsensus));
}
