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
 * Operations of every key go to one log in arrival order (what a key's segment needs is picked
 * out of it only when that key is checked, which a correct ledger almost never needs): one set of
 * arrays per run rather than one per key, which a sweep of short seeds paid for on every seed.
 */
import { RegisterOps, ZoneChecker, checkLinearizability, explainZones, registerModel, resultViolations, type Model, type Operation, type RegisterInput, type RunContext, type Value, type Violation } from "../../index.js";
import { KEYS, type DoneLedgerRecord } from "./model.js";
import type { LedgerPayload } from "./oracle.js";
import { SegmentValues, describeRecord, same } from "./segment-values.js";

/** Who performed an operation, kept beside it: a write id (>= 0), a reader, the cut's read. */
const READER = -1;
const CUT = -2;

export class LedgerHistory {
  /**
   * Every key's operations this segment, in order: key, write (1) or read (0), value, call,
   * return and who performed it, in plain arrays that keep their storage from one segment to the
   * next (typed arrays growing past 64 bytes are allocated off V8's heap, a cost every seed paid).
   */
  readonly #log = new OpLog();
  /** Per key: operations in this segment (0: none). */
  readonly #touched: number[] = perKey(0);
  /**
   * Per key: the distinct records of its segment (0: where it starts), the one the last commit
   * left, and whether a read saw another.
   */
  readonly #values: SegmentValues[] = KEYS.map(() => new SegmentValues());
  readonly #current: number[] = perKey(0);
  readonly #suspect: number[] = perKey(0);
  /** The zone checker and one key's operations, built for the first check a run needs. */
  #zones: ZoneChecker | undefined;
  #keyOps: RegisterOps | undefined;
  #keyWho: number[] = [];
  /** Per pending write: when it was accepted. Per key: the last write that committed on it. */
  readonly #acceptedAt = new PendingClocks();
  readonly #lastWrite: number[] = perKey(-1);
  #clock = 0;

  /**
   * A write was accepted. Its operations are recorded when it commits (they run from now until
   * then); a write that fails, or leaves a key's record unchanged, leaves no operation there.
   */
  accepted(id: number): void {
    this.#acceptedAt.set(id, this.#clock++);
  }

  /** The write committed: each of its keys now holds `committed[k]`. */
  committed(id: number, recs: LedgerPayload, committed: readonly (DoneLedgerRecord | undefined)[]): void {
    const call = this.#acceptedAt.take(id);
    if (call === undefined) return;
    const ret = this.#clock++;
    for (const r of recs) {
      const k = r.k;
      if (this.#lastWrite[k] === id) continue; // a second record of the same key
      this.#lastWrite[k] = id;
      const values = this.#values[k]!;
      const record = committed[k];
      if (same(values.records[this.#current[k]!], record)) continue; // a no-op write: dropped
      const value = values.id(record, -1, true);
      this.#push(k, true, value, call, ret, id);
      this.#current[k] = value;
    }
  }

  /** The write failed at commit: it did not happen. */
  failed(id: number): void {
    this.#acceptedAt.take(id);
  }

  /** A read of key `k` returned `got`. */
  read(k: number, got: DoneLedgerRecord | null): void {
    const value = this.#values[k]!.id(got, this.#current[k]!, false);
    this.#push(k, false, value, this.#clock, this.#clock + 1, READER);
    this.#clock += 2;
    // A read of the value the last commit left fits the commit order; any other needs a check.
    if (value !== this.#current[k]) this.#suspect[k] = 1;
  }

  /**
   * Close the segment of every key at a drain point: check it from its starting value to the
   * value `now[k]` the key holds now, then start the next segment there. Returns the violations
   * (and an inconclusive entry should a fallback search run out of budget).
   */
  cut(ctx: RunContext, now: readonly (DoneLedgerRecord | undefined)[]): Violation[] {
    if (this.#acceptedAt.size > 0) throw new Error("a history cut needs a drain point: writes are still pending");
    let found: Violation[] = [];
    for (let k = 0; k < KEYS.length; k++) {
      if (this.#touched[k] === 0) continue;
      const values = this.#values[k]!;
      const end = values.id(now[k], this.#current[k]!, true);
      // The commit order (each write taking effect when it commits) is a linearization unless a
      // read saw something other than the last committed value: only then is there a question,
      // and the zone test decides it exactly. (Writes alone always fit the commit order.)
      if (found.length === 0 && (this.#suspect[k] === 1 || end !== this.#current[k])) {
        this.#push(k, false, end, this.#clock, this.#clock + 1, CUT);
        this.#clock += 2;
        found = this.#check(ctx, k);
      }
      values.start(now[k]);
      this.#current[k] = 0;
      this.#suspect[k] = 0;
      this.#touched[k] = 0;
    }
    this.#log.n = 0;
    return found;
  }

  #check(ctx: RunContext, k: number): Violation[] {
    const ops = this.#opsOf(k);
    const result = (this.#zones ??= new ZoneChecker()).check(ops, 0, true);
    if (result.kind === "ok") return [];
    const model = this.#model(k);
    const history = this.#history(k, ops);
    if (result.kind === "fail") {
      const { stuck, explanation } = explainZones(model, history, result.failure);
      const witness = { partition: history, linearized: [], state: model.describeState(0), stuck, explanation };
      return resultViolations(ctx, "H1", model, history.length, { verdict: "not linearizable", explored: 0, partitions: 1, witness, failedPartitions: 1 });
    }
    return resultViolations(ctx, "H1", model, history.length, checkLinearizability(model, history, { maxStates: 1_000_000 }));
  }

  /** Key k's operations of this segment, picked out of the log in order (who beside them). */
  #opsOf(k: number): RegisterOps {
    const log = this.#log;
    const ops = (this.#keyOps ??= new RegisterOps());
    ops.clear();
    this.#keyWho.length = 0;
    for (let i = 0; i < log.n; i++) {
      if (log.key[i] !== k) continue;
      ops.push(log.write[i] === 1, log.value[i]!, log.call[i]!, log.ret[i]!);
      this.#keyWho.push(log.who[i]!);
    }
    return ops;
  }

  /** A register over the segment's record numbers, shown as records, starting from number 0. */
  #model(k: number): Model<Value, RegisterInput, Value> {
    const records = this.#values[k]!.records;
    const show = (v: Value | undefined): string => describeRecord(records[Number(v ?? 0)]);
    return {
      ...registerModel,
      init: () => 0,
      describe: (op) => `${op.process}: ${op.input.f === "write" ? `write ${show(op.input.value)}` : `read -> ${show(op.output)}`}`,
      describeState: (state) => show(state),
    };
  }

  /** The segment of key k as operations (only when a segment failed or needs the search). */
  #history(k: number, ops: RegisterOps): Operation<RegisterInput, Value>[] {
    const who = this.#keyWho;
    const out: Operation<RegisterInput, Value>[] = [];
    for (let i = 0; i < ops.n; i++) {
      const w = who[i]!;
      const process = w >= 0 ? `w${w}` : w === READER ? `read ${KEYS[k]!.ovidHash}` : "drain read";
      const input: RegisterInput = ops.write[i] === 1 ? { f: "write", value: ops.value[i]! } : { f: "read" };
      out.push({ id: i, process, input, output: ops.write[i] === 1 ? undefined : ops.value[i]!, call: ops.call[i]!, ret: ops.ret[i]! });
    }
    return out;
  }

  #push(k: number, isWrite: boolean, value: number, call: number, ret: number, who: number): void {
    const log = this.#log;
    const i = log.n++;
    log.key[i] = k;
    log.write[i] = isWrite ? 1 : 0;
    log.value[i] = value;
    log.call[i] = call;
    log.ret[i] = ret;
    log.who[i] = who;
    this.#touched[k] = 1;
  }
}

/** The operations of a segment, every key's, as parallel arrays; entries past `n` are stale. */
class OpLog {
  n = 0;
  readonly key: number[] = [];
  readonly write: number[] = [];
  readonly value: number[] = [];
  readonly call: number[] = [];
  readonly ret: number[] = [];
  readonly who: number[] = [];
}

/**
 * When each pending write was accepted, by write id: a ring indexed by the id's low bits (ids
 * increase, and few writes are pending at once), with a map for the rare id whose slot is taken.
 */
class PendingClocks {
  // Plain arrays: a typed array this size lives off the heap and cost a sweep microseconds per seed.
  readonly #ids: number[] = new Array<number>(RING).fill(-1);
  readonly #clocks: number[] = new Array<number>(RING).fill(0);
  readonly #spill = new Map<number, number>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  set(id: number, clock: number): void {
    const slot = id & (RING - 1);
    if (this.#ids[slot] === -1) {
      this.#ids[slot] = id;
      this.#clocks[slot] = clock;
    } else this.#spill.set(id, clock);
    this.#size++;
  }

  /** The clock of a pending write, removing it; undefined when it is not pending. */
  take(id: number): number | undefined {
    const slot = id & (RING - 1);
    if (this.#ids[slot] === id) {
      this.#ids[slot] = -1;
      this.#size--;
      return this.#clocks[slot];
    }
    const clock = this.#spill.get(id);
    if (clock !== undefined) {
      this.#spill.delete(id);
      this.#size--;
    }
    return clock;
  }
}

const RING = 256;

/**
 * A number per key. Plain arrays rather than typed ones: a typed array over 64 bytes is allocated
 * off V8's heap, and a history is built per seed (a sweep of short seeds paid for it every seed).
 */
function perKey(fill: number): number[] {
  return new Array<number>(KEYS.length).fill(fill);
}
