/**
 * The messages Raft nodes exchange (Figure 2 of the Raft paper), and the client command an entry
 * carries. Terms and indices are plain numbers; an entry is the storage contract's `Entry`.
 */
import type { Entry } from "../raft-storage/contract.js";

/** A client command: who sent it (client id + sequence, so a retry applies once) and what it does. */
export interface Command {
  readonly client: number;
  readonly seq: number;
  readonly f: "put" | "get" | "append";
  readonly key: string;
  readonly value: string;
}

export type RaftMessage =
  | { readonly t: "rv"; readonly term: number; readonly lastIndex: number; readonly lastTerm: number }
  | { readonly t: "vote"; readonly term: number; readonly granted: boolean }
  | { readonly t: "ae"; readonly term: number; readonly prevIndex: number; readonly prevTerm: number; readonly entries: readonly Entry[]; readonly commit: number }
  | { readonly t: "aer"; readonly term: number; readonly success: boolean; readonly match: number }
  /** InstallSnapshot (Figure 13) in one chunk: the leader's snapshot through `index`, of term `lastTerm`; answered by an "aer". */
  | { readonly t: "snap"; readonly term: number; readonly index: number; readonly lastTerm: number; readonly data: string };

/**
 * A command rides in a storage entry as a `set` of the client's key to the command's JSON: the
 * store's own state machine is never used (the node applies entries to its KV, see apply.ts).
 */
export function commandEntry(index: number, term: number, cmd: Command): Entry {
  return { index, term, payload: { type: "normal", data: { op: "set", key: `c${cmd.client}`, value: JSON.stringify(cmd) } } };
}

/** The command an entry carries, or undefined for a blank (a new leader's first entry). */
export function entryCommand(entry: Entry): Command | undefined {
  const p = entry.payload;
  if (p.type !== "normal" || p.data.op !== "set") return undefined;
  // Every node applies the same entry object (messages carry it by reference): parse it once.
  let cmd = parsed.get(entry);
  if (cmd === undefined) {
    cmd = JSON.parse(p.data.value) as Command;
    parsed.set(entry, cmd);
  }
  return cmd;
}

const parsed = new WeakMap<Entry, Command>();

/** A stable identity of an entry's content, for the Log Matching check. */
export function entryId(entry: Entry): string {
  const p = entry.payload;
  return p.type === "normal" && p.data.op === "set" ? p.data.value : p.type;
}
