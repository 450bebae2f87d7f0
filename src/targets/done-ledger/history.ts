/**
 * The clients' view of the ledger as a history, checked for linearizability (invariant H1): per
 * key, a register whose writes are the committed upserts (each writes the record the key holds
 * after it, per the oracle; it runs from submission to completion) and whose reads are what
 * batchGet and getRecord returned. A read that saw a write which then failed, or that saw writes
 * in an order no linearization allows, breaks it.
 *
 * The history is checked in segments cut at drain points, where nothing is pending: a segment
 * starts from the value the oracle says the key held at the previous cut and must end in the
 * value it holds at this one (a read there must return it; I6 has just confirmed it is durable).
 * So the cost of a check stays proportional to one segment, not the whole run, and a violation is
 * reported at the drain that follows it.
 */
import { HistoryRecorder, historyViolations, registerModel, type RegisterInput, type RunContext, type Value, type Violation } from "../../index.js";
import { KEYS, rank, type DoneLedgerRecord } from "./model.js";
import type { LedgerPayload } from "./oracle.js";

export class LedgerHistory {
  readonly #keys: HistoryRecorder<RegisterInput, Value>[];
  /** Per key, its value at the last cut (where the current segment starts). */
  readonly #initial: Value[];
  /** Per key, client reads in the current segment. */
  readonly #reads: Int32Array;
  /** Per accepted write id: (key index, handle) of its per-key operations. */
  readonly #writes = new Map<number, { k: number; handle: number }[]>();

  constructor(readonly nowMs: () => number) {
    this.#keys = KEYS.map(() => new HistoryRecorder<RegisterInput, Value>(nowMs));
    this.#initial = KEYS.map(() => null);
    this.#reads = new Int32Array(KEYS.length);
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
    this.#reads[k]! += 1;
  }

  /**
   * Close the segment of every key at a drain point: check it from its starting value to `now(k)`
   * (the value the key holds now), then start the next segment there. Returns the violations.
   */
  cut(ctx: RunContext, now: (k: number) => DoneLedgerRecord | undefined): Violation[] {
    if (this.#writes.size > 0) throw new Error("a history cut needs a drain point: writes are still pending");
    let found: Violation[] = [];
    this.#keys.forEach((recorder, k) => {
      if (recorder.size === 0) return;
      const end = recordValue(now(k));
      // Writes alone are linearizable by construction (each writes the oracle's state after it,
      // so commit order is a valid order): only a segment with client reads needs the search.
      if (found.length === 0 && this.#reads[k]! > 0) {
        recorder.instant("cut", { f: "read" }, end);
        const start = this.#initial[k]!;
        found = historyViolations(ctx, "H1", { ...registerModel, init: () => start }, recorder.history(), { maxStates: 1_000_000 });
      }
      this.#initial[k] = end;
      this.#reads[k] = 0;
      recorder.clear();
    });
    return found;
  }

  #take(id: number): { k: number; handle: number }[] {
    const ops = this.#writes.get(id) ?? [];
    this.#writes.delete(id);
    return ops;
  }
}

/**
 * A record as a register value: a 53-bit digest of every field (null when absent). Numbers keep
 * the per-step cost of recording low; two different records collide with odds near 2^-53.
 */
function recordValue(r: DoneLedgerRecord | undefined): Value {
  if (r === undefined) return null;
  let a = Math.imul(rank(r.status) + 1, 0x9e3779b1) ^ r.bytesScanned;
  let b = Math.imul(r.findingsCount + 7, 0x85ebca6b) ^ r.startedAt;
  a = Math.imul(a ^ r.finishedAt, 0xc2b2ae35);
  for (const s of [r.errorCode ?? "", r.runId]) for (let i = 0; i < s.length; i++) b = Math.imul(b ^ s.charCodeAt(i), 0x01000193);
  return (a >>> 0) * 2097152 + ((b >>> 11) & 0x1fffff);
}
