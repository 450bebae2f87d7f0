/**
 * Entries as values: equality, readable text, and checks of what a store returns (a store is
 * user code: what it answers is validated before the model compares it).
 */
import type { Entry, EntryPayload, HardState, KvCommand, MembershipConfig } from "./contract.js";
import { isNodeIds, sameMembership } from "./kv.js";

export function sameCommand(a: KvCommand, b: KvCommand): boolean {
  return a.op === b.op && a.key === b.key && (a.op === "del" || (b.op === "set" && a.value === b.value));
}

/** Equal payloads; `anyPointerId` accepts any pointer id (one the model has not learnt yet). */
export function samePayload(a: EntryPayload, b: EntryPayload, anyPointerId = false): boolean {
  switch (a.type) {
    case "normal":
      return b.type === "normal" && sameCommand(a.data, b.data);
    case "configChange":
      return b.type === "configChange" && sameMembership(a.membership, b.membership);
    case "snapshotPointer":
      return b.type === "snapshotPointer" && (anyPointerId || a.id === b.id) && sameMembership(a.membership, b.membership);
    case "blank":
      return b.type === "blank";
  }
}

export function sameEntry(a: Entry, b: Entry, anyPointerId = false): boolean {
  return a.index === b.index && a.term === b.term && samePayload(a.payload, b.payload, anyPointerId);
}

export function sameHardState(a: HardState, b: HardState): boolean {
  return a.currentTerm === b.currentTerm && a.votedFor === b.votedFor;
}

export function showMembership(m: MembershipConfig): string {
  const set = (ids: readonly number[]): string => `{${[...ids].sort((x, y) => x - y).join(",")}}`;
  return m.membersAfterConsensus === undefined ? set(m.members) : `${set(m.members)}->${set(m.membersAfterConsensus)}`;
}

export function showCommand(c: KvCommand): string {
  return c.op === "set" ? `set ${c.key}=${c.value}` : `del ${c.key}`;
}

export function showPayload(p: EntryPayload): string {
  switch (p.type) {
    case "normal":
      return showCommand(p.data);
    case "configChange":
      return `config ${showMembership(p.membership)}`;
    case "snapshotPointer":
      return `pointer ${p.id} ${showMembership(p.membership)}`;
    case "blank":
      return "blank";
  }
}

/** `7@3 set k1=v7.3`: index, term, payload. */
export function showEntry(e: Entry): string {
  return `${e.index}@${e.term} ${showPayload(e.payload)}`;
}

export function showEntries(es: readonly Entry[]): string {
  if (es.length === 0) return "[]";
  const shown = es.length <= 12 ? es.map(showEntry) : [...es.slice(0, 3).map(showEntry), "...", ...es.slice(-2).map(showEntry)];
  return `[${shown.join(", ")}]`;
}

export function showHardState(hs: HardState): string {
  return `term ${hs.currentTerm}, voted for ${hs.votedFor ?? "nobody"}`;
}

/** Why `x` is not an entry, or undefined when it is one. */
export function notAnEntry(x: unknown): string | undefined {
  if (x === null || typeof x !== "object") return `${JSON.stringify(x)} is not an entry`;
  const e = x as { index?: unknown; term?: unknown; payload?: { type?: unknown } };
  if (typeof e.index !== "number" || typeof e.term !== "number") return `${JSON.stringify(x).slice(0, 80)} has no numeric index and term`;
  const type = e.payload?.type;
  if (type !== "normal" && type !== "configChange" && type !== "snapshotPointer" && type !== "blank") return `entry ${e.index} has no payload of a known type`;
  return undefined;
}

/**
 * A copy of an entry a store returned, for the model to keep (a store may reuse its objects). The
 * contract's fields are copied by hand; an entry not shaped as the contract says (a store is user
 * code) is copied whole by structuredClone, as every entry once was: that was a twentieth of a
 * raft-storage sweep.
 */
export function copyEntry(e: Entry): Entry {
  const payload = copyPayload(e.payload);
  return payload === undefined ? structuredClone(e) : { index: e.index, term: e.term, payload };
}

function copyPayload(p: EntryPayload): EntryPayload | undefined {
  switch (p.type) {
    case "normal":
      return copyCommand(p.data);
    case "configChange": {
      const membership = copyMembership(p.membership);
      return membership === undefined ? undefined : { type: "configChange", membership };
    }
    case "snapshotPointer": {
      const membership = copyMembership(p.membership);
      return membership === undefined || typeof p.id !== "string" ? undefined : { type: "snapshotPointer", id: p.id, membership };
    }
    case "blank":
      return { type: "blank" };
    default:
      return undefined;
  }
}

function copyCommand(d: KvCommand | null | undefined): EntryPayload | undefined {
  if (d === null || typeof d !== "object" || typeof d.key !== "string") return undefined;
  if (d.op === "set") return typeof d.value === "string" ? { type: "normal", data: { op: "set", key: d.key, value: d.value } } : undefined;
  return d.op === "del" ? { type: "normal", data: { op: "del", key: d.key } } : undefined;
}

function copyMembership(m: MembershipConfig | null | undefined): MembershipConfig | undefined {
  if (m === null || typeof m !== "object" || !isNodeIds(m.members)) return undefined;
  const after = m.membersAfterConsensus;
  if (after === undefined) return { members: [...m.members] };
  return isNodeIds(after) ? { members: [...m.members], membersAfterConsensus: [...after] } : undefined;
}
