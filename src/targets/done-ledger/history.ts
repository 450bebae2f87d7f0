/**
 * The clients' view of the ledger as a history, checked for linearizability at the end of a run
 * (invariant H1): per key, a register whose writes are the committed upserts (each writes the
 * record the key holds after it, per the oracle; it runs from submission to completion) and whose
 * reads are what batchGet and getRecord returned. A read that saw a write which then failed, or
 * that saw writes in an order no linearization allows, breaks it.
 */
import { HistoryRecorder, historyViolations, registerModel, type RegisterInput, type RunContext, type Value, type Violation } from "../../index.js";
import { KEYS, rank, type DoneLedgerRecord } from "./model.js";
import type { LedgerPayload } from "./oracle.js";

export class LedgerHistory {
  readonly #keys: HistoryRecorder<RegisterInput, Value>[];
  /** Per accepted write id: (key index, handle) of its per-key operations. */
  readonly #writes = new Map<number, { k: number; handle: number }[]>();

  constructor(nowMs: () => number) {
    this.#keys = KEYS.map(() => new HistoryRecorder<RegisterInput, Value>(nowMs));
  }

  /** A write was accepted: one operation per distinct key, open until it commits or fails. */
  accepted(id: number, recs: LedgerPayload): void {
    const ops: { k: number; handle: number }[] = [];
    for (const r of recs) {
      if (ops.some((o) => o.k === r.k)) continue;
      ops.push({ k: r.k, handle: this.#keys[r.k]!.invoke(`w${id}`, { f: "write", value: null }) });
    }
    this.#writes.set(id, ops);
  }

  /** The write committed: each key now holds `committed(k)`. */
  committed(id: number, committed: (k: number) => DoneLedgerRecord | undefined): void {
    for (const { k, handle } of this.#take(id)) this.#keys[k]!.ok(handle, null, { f: "write", value: recordValue(committed(k)) });
  }

  /** The write failed at commit: it did not happen. */
  failed(id: number): void {
    for (const { k, handle } of this.#take(id)) this.#keys[k]!.fail(handle);
  }

  /** A read of key `k` returned `got`. */
  read(k: number, got: DoneLedgerRecord | null): void {
    this.#keys[k]!.instant("reader", { f: "read" }, recordValue(got ?? undefined));
  }

  /** H1 over every key (each key is its own partition). */
  check(ctx: RunContext): Violation[] {
    for (const recorder of this.#keys) {
      const found = historyViolations(ctx, "H1", registerModel, recorder.history(), { maxStates: 1_000_000 });
      if (found.length > 0) return found;
    }
    return [];
  }

  #take(id: number): { k: number; handle: number }[] {
    const ops = this.#writes.get(id) ?? [];
    this.#writes.delete(id);
    return ops;
  }
}

/** A record as a register value: a string naming every field (null when absent). */
function recordValue(r: DoneLedgerRecord | undefined): Value {
  if (r === undefined) return null;
  return `${rank(r.status)}|${r.bytesScanned}|${r.findingsCount}|${r.startedAt}|${r.finishedAt}|${r.errorCode ?? ""}|${r.runId}`;
}
