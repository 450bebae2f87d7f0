/**
 * The invariants, checked as nodes report what they do (observer.ts), so each check looks only at
 * what the step touched: the five properties of the Raft paper's Figure 3, durability of
 * acknowledged commands, the order of applications, and (at the end) linearizability of the client
 * history.
 *
 * Snapshots: a node's log is a snapshot base and the entries after it (observer.ts's LogView). A
 * snapshot must be of the committed prefix (R5: its index and term those of the committed entry
 * there). Where a check asks whether a node holds a committed entry at or below its base (R4, R6),
 * it holds it when its base is the committed entry at the base's index: by Log Matching the
 * committed prefix is the only one that ends in that entry, and State Machine Safety (R5, checked
 * as each snapshot is taken) makes the snapshot the state of exactly that prefix.
 */
import { historyViolations, kvModel, type History, type KvInput, type RunContext, type Violation } from "../../index.js";
import type { Entry } from "../raft-storage/contract.js";
import { entryId } from "./messages.js";
import type { LogView, RaftObserver } from "./observer.js";

export const INVARIANTS = {
  R1: "Election Safety: at most one leader is elected in a term",
  R2: "Leader Append-Only: a leader never deletes or overwrites entries in its log",
  R3: "Log Matching: two logs with an entry of the same index and term hold the same entry there and the same entries before it",
  R4: "Leader Completeness: an entry committed in a term is in the log of every leader of a later term",
  R5: "State Machine Safety: no two nodes commit or apply different entries at the same index",
  R6: "Durability: a command acknowledged to a client is held by a majority of the nodes at the end",
  R7: "Apply order: within one incarnation a node applies each index once, in order; a snapshot only moves it forward",
  RL: "Linearizability: the client history of put, get and append is linearizable (kv model)",
} as const;

interface Committed {
  /** The entry's own term and content. */
  readonly term: number;
  readonly id: string;
  /**
   * The term in which the cluster committed it: that of the first node to report it committed (a
   * leader counting, or a follower told by a leader of its own term). A node that reports later
   * is in this term or a later one, so this is never later than the truth: R4 checks no leader
   * it should not (a leader of an older term, elected late on votes that waited out a pause, may
   * lack an entry committed after its term).
   */
  readonly at: number;
}

export class RaftChecker implements RaftObserver {
  readonly #leaders = new Map<number, number>();
  /** `index:term` -> the entry's content and the term of the entry before it. */
  readonly #entries = new Map<string, { id: string; prevTerm: number }>();
  /** The committed prefix as the cluster decided it: `committed[i - 1]` is index i. */
  readonly #committed: Committed[] = [];
  /** Command key -> the index it was first applied at (acknowledged ones are checked at the end). */
  readonly appliedAt = new Map<string, number>();
  /** Node -> the index its state machine is at in its current incarnation (R7). */
  readonly #at = new Map<number, number>();
  #found: Violation[] = [];

  constructor(readonly ctx: RunContext) {}

  started(node: number, index: number, term: number): void {
    this.#snapshot(node, index, term, "restored");
    this.#at.set(node, index);
  }

  elected(node: number, term: number, log: LogView): void {
    const other = this.#leaders.get(term);
    if (other !== undefined && other !== node) this.#fail("R1", `nodes ${other} and ${node} were both elected leader of term ${term}`, { term });
    this.#leaders.set(term, node);
    for (let i = 0; i < this.#committed.length; i++) {
      const c = this.#committed[i]!;
      if (c.at < term && !this.#holds(log, i + 1, c.term)) return this.#fail("R4", `node ${node}, leader of term ${term}, lacks entry ${i + 1} (term ${c.term}) committed in term ${c.at}`, { node, term, index: i + 1 });
    }
  }

  stored(node: number, entry: Entry, prevTerm: number): void {
    const key = `${entry.index}:${entry.term}`;
    const id = entryId(entry);
    const seen = this.#entries.get(key);
    if (seen === undefined) this.#entries.set(key, { id, prevTerm });
    else if (seen.id !== id || seen.prevTerm !== prevTerm) this.#fail("R3", `node ${node} holds a different entry ${entry.index} of term ${entry.term} than another node (or after a different entry)`, { node, index: entry.index, term: entry.term });
  }

  truncated(node: number, from: number, leader: boolean): void {
    if (leader) this.#fail("R2", `leader ${node} deleted its entries from ${from}`, { node, from });
  }

  committed(node: number, term: number, from: number, to: number, log: LogView): void {
    for (let i = from + 1; i <= to; i++) {
      const e = log.entry(i);
      if (e === undefined) return this.#fail("R5", `node ${node} committed index ${i} it does not hold`, { node, index: i });
      const c = this.#committed[i - 1];
      const id = entryId(e);
      if (c === undefined) {
        if (i - 1 === this.#committed.length) this.#committed.push({ term: e.term, id, at: term });
      } else if (c.term !== e.term || c.id !== id) {
        return this.#fail("R5", `node ${node} committed entry ${i} of term ${e.term}, but entry ${i} of term ${c.term} was committed before`, { node, index: i });
      }
    }
  }

  applied(node: number, entry: Entry): void {
    const c = this.#committed[entry.index - 1];
    if (c === undefined || c.term !== entry.term || c.id !== entryId(entry)) this.#fail("R5", `node ${node} applied entry ${entry.index} of term ${entry.term}, which is not the committed one`, { node, index: entry.index });
    const id = entryId(entry);
    if (!this.appliedAt.has(id)) this.appliedAt.set(id, entry.index);
    const at = this.#at.get(node) ?? 0;
    if (entry.index !== at + 1) this.#fail("R7", `node ${node} applied entry ${entry.index} with its state machine at ${at}`, { node, index: entry.index, at });
    this.#at.set(node, entry.index);
  }

  snapshotted(node: number, index: number, term: number): void {
    this.#snapshot(node, index, term, "took");
  }

  installed(node: number, index: number, term: number, fromLeader: number): void {
    this.#snapshot(node, index, term, `installed (from ${fromLeader})`);
    const at = this.#at.get(node) ?? 0;
    if (index < at) this.#fail("R7", `node ${node} installed a snapshot through ${index} over its state machine at ${at}`, { node, index, at });
    this.#at.set(node, index);
  }

  failed(node: number, error: unknown): void {
    this.#fail("exception", `node ${node} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { node });
  }

  /** R6 for one acknowledged command (its entry content), against the nodes' final logs. */
  durable(id: string, logs: readonly LogView[], majority: number): void {
    const index = this.appliedAt.get(id);
    const holders = index === undefined ? 0 : logs.filter((log) => this.#holds(log, index, this.#committed[index - 1]?.term ?? -1, id)).length;
    if (holders < majority) this.#fail("R6", `an acknowledged command is held by ${holders} nodes at the end, fewer than a majority (${majority})`, { command: id });
  }

  linearizable(history: History<KvInput, string>): Violation[] {
    return historyViolations(this.ctx, "RL", kvModel, history);
  }

  take(): Violation[] {
    const out = this.#found;
    this.#found = [];
    return out;
  }

  /** R5 for a snapshot: it covers the committed prefix through `index` (none at 0). */
  #snapshot(node: number, index: number, term: number, how: string): void {
    if (index === 0) return;
    const c = this.#committed[index - 1];
    if (c === undefined || c.term !== term) this.#fail("R5", `node ${node} ${how} a snapshot through ${index} of term ${term}, which is not the committed entry there`, { node, index, term });
  }

  /**
   * Whether `log` holds the committed entry at `index` (of `term`, and content `id` when given): at
   * or below its base when the base is the committed entry there (see the header), else the entry.
   */
  #holds(log: LogView, index: number, term: number, id?: string): boolean {
    if (index <= log.baseIndex) return log.baseIndex > 0 && this.#committed[log.baseIndex - 1]?.term === log.baseTerm;
    const e = log.entry(index);
    return e !== undefined && e.term === term && (id === undefined || entryId(e) === id);
  }

  #fail(invariant: string, message: string, details: Record<string, unknown>): void {
    this.#found.push(this.ctx.violation(invariant, message, details));
  }
}
