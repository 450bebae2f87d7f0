/**
 * The rest of the cluster, as the store's node sees it: the current leader's term and the entries
 * it made in that term, and the commit index. It keeps the calls the target makes faithful to Raft:
 * one entry per (index, term) (an entry re-sent, or made again after a crash lost it, is the same
 * entry), no deletion at or below the commit index, and a new leader (a new term) after each
 * conflict. It survives the store's crashes: it is the cluster's memory, not the node's.
 */
import type { Entry, EntryPayload } from "./contract.js";
import { KEYS, members, type PayloadSpec } from "./ops.js";

export class Leader {
  /** The current leader's term. */
  term = 1;
  /** Entries the current leader made, by index. */
  readonly #made = new Map<number, Entry>();
  /** Entries at or below it are committed: never deleted, safe to apply. */
  commitIndex = 0;

  /** A new leader, of a higher term, with no entry made yet. */
  newTerm(): void {
    this.term++;
    this.#made.clear();
  }

  /** The leader's entry at `index`: the one it made, or a new one from `spec`. */
  entry(index: number, spec: PayloadSpec): Entry {
    const made = this.#made.get(index);
    if (made !== undefined) return made;
    const entry: Entry = { index, term: this.term, payload: payloadOf(spec, index, this.term) };
    this.#made.set(index, entry);
    return entry;
  }

  /** The entry the leader made at `index`, if any. */
  made(index: number): Entry | undefined {
    return this.#made.get(index);
  }

  commit(index: number): void {
    if (index > this.commitIndex) this.commitIndex = index;
  }
}

/** A value unique to its entry, so that an application twice is told apart from once. */
export function valueOf(index: number, term: number): string {
  return `v${index}.${term}`;
}

export function payloadOf(spec: PayloadSpec, index: number, term: number): EntryPayload {
  const key = KEYS[spec.key] ?? KEYS[0];
  switch (spec.k) {
    case "set":
      return { type: "normal", data: { op: "set", key, value: valueOf(index, term) } };
    case "del":
      return { type: "normal", data: { op: "del", key } };
    case "config":
      return { type: "configChange", membership: spec.j === 0 ? { members: members(spec.m) } : { members: members(spec.m), membersAfterConsensus: members(spec.j) } };
    case "blank":
      return { type: "blank" };
  }
}
