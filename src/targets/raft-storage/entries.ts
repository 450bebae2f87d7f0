/**
 * Entries as values: equality, readable text, and checks of what a store returns (a store is
 * user code: what it answers is validated before the model compares it).
 */
import type { Entry, EntryPayload, HardState, KvCommand, MembershipConfig } from "./contract.js";
import { sameMembership } from "./kv.js";

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
