/**
 * The clients' view of the ledger as a history, checked for linearizability (invariant H1): per
 * key, a register whose writes are the committed upserts (each writes the record the key holds
 * after it, per the oracle; it runs from submission to completion) and whose reads are what
 * batchGet and getRecord returned. A read that saw a write which then failed, or that saw writes
 * in an order no linearization allows, breaks it.
 *
 * Checked in segments cut at drain points, where nothing is pending: a segment starts from the
 * value the oracle says the key held at the previous cut and must end in the value it holds at
 * this one (a read there must return it; I6 has just confirmed it is durable). So a check costs
 * one segment, not the whole run, and a violation is reported at the drain that follows it.
 *
 * A write that leaves its key's record unchanged (the merge kept the existing record) is dropped
 * from the history. Sound: the commit order is one linearization of the writes, and in it a no-op
 * write changes nothing a read can see, so a correct ledger's reads still fit that order without
 * it (no false alarm); dropping writes only removes ways to explain a read, so nothing the full
 * history rejects is accepted. What is left writes a new record each time, and since the merge
 * only moves a record up its lattice no value comes back: values are distinct, and the segment is
 * decided by zones (no search, no budget). Should a value repeat anyway, the WGL search decides.
 *
 * Per-key operations live in reusable typed arrays; recording allocates nothing per write.
 */
import { RegisterOps, ZoneChecker, checkLinearizability, explainZones, registerModel, resultViolations, type Model, type Operation, type RegisterInput, type RunContext, type Value, type Violation } from "../../index.js";
import { KEYS, type DoneLedgerRecord } from "./model.js";
import type { LedgerPayload } from "./oracle.js";
import { NO_RECORD, RecordValues, describeRecord } from "./record-values.js";

/** Who performed an operation, kept beside it: a write id (>= 0), a reader, the cut's read. */
const READER = -1;
const CUT = -2;

export class LedgerHistory {
  readonly #ops: RegisterOps[] = KEYS.map(() => new RegisterOps());
  /** Per key and operation: the write id, READER or CUT (parallel to #ops). */
  readonly #who: Int32Array[] = KEYS.map(() => new Int32Array(16));
  /** Per key: its value at the last cut (where the segment starts), after the last commit, reads. */
  readonly #initial = new Int32Array(KEYS.length);
  readonly #current = new Int32Array(KEYS.length);
  readonly #reads = new Int32Array(KEYS.length);
  readonly #values = new RecordValues();
  readonly #zones = new ZoneChecker();
  #clock = 0;
  #pending = 0;

  /** A write was accepted: one operation per distinct key, open until it commits or fails. */
  accepted(id: number, recs: LedgerPayload): void {
    for (const r of recs) {
      const ops = this.#ops[r.k]!;
      if (ops.n > 0 && this.#who[r.k]![ops.n - 1] === id) continue; // a second record, same key
      this.#push(r.k, true, NO_RECORD, Infinity, id);
      this.#pending++;
    }
  }

  /** The write committed: each of its keys now holds `committed[k]`. */
  committed(id: number, recs: LedgerPayload, committed: readonly (DoneLedgerRecord | undefined)[]): void {
    for (const r of recs) {
      const i = this.#find(r.k, id);
      if (i < 0) continue; // a second record of the same key, already done
      this.#pending--;
      const value = this.#values.id(committed[r.k]);
      const ops = this.#ops[r.k]!;
      if (value === this.#current[r.k]) this.#remove(r.k, i);
      else {
        ops.value[i] = value;
        ops.ret[i] = this.#clock++;
        this.#current[r.k] = value;
      }
    }
  }

  /** The write failed at commit: it did not happen. */
  failed(id: number, recs: LedgerPayload): void {
    for (const r of recs) {
      const i = this.#find(r.k, id);
      if (i < 0) continue;
      this.#pending--;
      this.#remove(r.k, i);
    }
  }

  /** A read of key `k` returned `got`. */
  read(k: number, got: DoneLedgerRecord | null): void {
    this.#push(k, false, this.#values.id(got), this.#clock + 1, READER);
    this.#clock++;
    this.#reads[k]! += 1;
  }

  /**
   * Close the segment of every key at a drain point: check it from its starting value to the
   * value `now[k]` the key holds now, then start the next segment there. Returns the violations
   * (and an inconclusive entry should a fallback search run out of budget).
   */
  cut(ctx: RunContext, now: readonly (DoneLedgerRecord | undefined)[]): Violation[] {
    if (this.#pending > 0) throw new Error("a history cut needs a drain point: writes are still pending");
    let found: Violation[] = [];
    for (let k = 0; k < KEYS.length; k++) {
      const ops = this.#ops[k]!;
      if (ops.n === 0) continue;
      const end = this.#values.id(now[k]);
      // Writes alone are linearizable by construction (each writes the oracle's state after it,
      // so commit order is a valid order): only a segment with client reads needs a check.
      if (found.length === 0 && this.#reads[k]! > 0) {
        this.#push(k, false, end, this.#clock + 1, CUT);
        this.#clock++;
        found = this.#check(ctx, k);
      }
      this.#initial[k] = this.#current[k] = end;
      this.#reads[k] = 0;
      ops.clear();
    }
    return found;
  }

  #check(ctx: RunContext, k: number): Violation[] {
    const ops = this.#ops[k]!;
    const result = this.#zones.check(ops, this.#initial[k]!, true);
    if (result.kind === "ok") return [];
    const model = this.#model(k);
    const history = this.#history(k);
    if (result.kind === "fail") {
      const { stuck, explanation } = explainZones(model, history, result.failure);
      const witness = { partition: history, linearized: [], state: model.describeState(this.#initial[k]!), stuck, explanation };
      return resultViolations(ctx, "H1", model, history.length, { verdict: "not linearizable", explored: 0, partitions: 1, witness, failedPartitions: 1 });
    }
    return resultViolations(ctx, "H1", model, history.length, checkLinearizability(model, history, { maxStates: 1_000_000 }));
  }

  /** A register over record ids, reading as records, starting from the segment's value. */
  #model(k: number): Model<Value, RegisterInput, Value> {
    const start = this.#initial[k]!;
    const show = (v: Value | undefined): string => describeRecord(this.#values.record(Number(v ?? NO_RECORD)));
    return {
      ...registerModel,
      init: () => start,
      describe: (op) => `${op.process}: ${op.input.f === "write" ? `write ${show(op.input.value)}` : `read -> ${show(op.output)}`}`,
      describeState: (state) => show(state),
    };
  }

  /** The segment of key k as operations (only when a segment failed or needs the search). */
  #history(k: number): Operation<RegisterInput, Value>[] {
    const ops = this.#ops[k]!;
    const who = this.#who[k]!;
    const out: Operation<RegisterInput, Value>[] = [];
    for (let i = 0; i < ops.n; i++) {
      const w = who[i]!;
      const process = w >= 0 ? `w${w}` : w === READER ? `read ${KEYS[k]!.ovidHash}` : "drain read";
      const input: RegisterInput = ops.write[i] === 1 ? { f: "write", value: ops.value[i]! } : { f: "read" };
      out.push({ id: i, process, input, output: ops.write[i] === 1 ? undefined : ops.value[i]!, call: ops.call[i]!, ret: ops.ret[i]! });
    }
    return out;
  }

  #push(k: number, isWrite: boolean, value: number, ret: number, who: number): void {
    const i = this.#ops[k]!.push(isWrite, value, this.#clock++, ret);
    if (i >= this.#who[k]!.length) {
      const grown = new Int32Array(this.#who[k]!.length * 2);
      grown.set(this.#who[k]!);
      this.#who[k] = grown;
    }
    this.#who[k]![i] = who;
  }

  /** The open write of `id` on key k, or -1. Pending writes are few: scan from the end. */
  #find(k: number, id: number): number {
    const ops = this.#ops[k]!;
    const who = this.#who[k]!;
    for (let i = ops.n - 1; i >= 0; i--) if (who[i] === id && ops.write[i] === 1 && ops.ret[i] === Infinity) return i;
    return -1;
  }

  /** Remove op i of key k (a failed or no-op write), keeping the others in order. */
  #remove(k: number, i: number): void {
    const ops = this.#ops[k]!;
    ops.removeAt(i);
    this.#who[k]!.copyWithin(i, i + 1, ops.n + 1);
  }
}
