/**
 * Linearizability of a read/write register whose writes all carry distinct values, decided
 * without search in O(n log n) from the time "zone" each value must be visible in (Gibbons and
 * Korach, "Testing shared memories", SIAM J. Comput. 1997; stated as below by Golab, Li and
 * Shah, "Analyzing consistency properties for fun and profit", PODC 2011).
 *
 * Group the operations by value into clusters: the write of a value and the reads that returned
 * it. For cluster a let f(a) be the earliest return and s(a) the latest call among its
 * operations. If f(a) < s(a), some operation of the cluster finished before another started, so
 * the value must be held through [f(a), s(a)]: a forward zone. Otherwise the cluster's operations
 * all overlap and the zone [s(a), f(a)] is backward: the value may be held for just an instant in
 * it. Given that every read has a write of its value that it does not precede, the history is
 * linearizable iff no two forward zones intersect and no backward zone lies inside a forward
 * zone. The initial value is a write that precedes everything.
 *
 * Written over parallel typed arrays and reusable scratch so that a caller checking many short
 * segments (the done-ledger's H1) allocates nothing per check.
 */

/** A register history in parallel arrays: op i is a write or a read of value id `value[i]`. */
export class RegisterOps {
  n = 0;
  write = new Uint8Array(16);
  value = new Int32Array(16);
  call = new Float64Array(16);
  /** Infinity for an open write (it may have taken effect at any time after its call). */
  ret = new Float64Array(16);

  push(isWrite: boolean, value: number, call: number, ret: number): number {
    if (this.n === this.write.length) this.#grow();
    const i = this.n++;
    this.write[i] = isWrite ? 1 : 0;
    this.value[i] = value;
    this.call[i] = call;
    this.ret[i] = ret;
    return i;
  }

  clear(): void {
    this.n = 0;
  }

  #grow(): void {
    const size = this.write.length * 2;
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.write = grow(this.write, (n) => new Uint8Array(n));
    this.value = grow(this.value, (n) => new Int32Array(n));
    this.call = grow(this.call, (n) => new Float64Array(n));
    this.ret = grow(this.ret, (n) => new Float64Array(n));
  }
}

/**
 * Why a history is not linearizable, as op indices: `read` returned a value no write wrote (and
 * not the initial one), or returned before that write was called; `overlap`: the forward zones
 * of two values intersect; `inside`: a value's whole cluster lies within another's forward zone.
 * For a cluster, `ops` lists the operations that bound its zone.
 */
export type ZoneFailure =
  | { readonly kind: "unwritten"; readonly read: number; readonly value: number }
  | { readonly kind: "before-write"; readonly read: number; readonly write: number; readonly value: number }
  | { readonly kind: "overlap" | "inside"; readonly outer: Zone; readonly inner: Zone };

/** A value's zone, with the operations that bound it (-1: the initial value's virtual write). */
export interface Zone {
  readonly value: number;
  readonly from: number;
  readonly to: number;
  readonly fromOp: number;
  readonly toOp: number;
}

export type ZoneResult = { readonly kind: "ok" } | { readonly kind: "fail"; readonly failure: ZoneFailure } | { readonly kind: "not-applicable"; readonly why: string };

/** Per cluster: bounds and the ops that set them. Scratch arrays, indexed by cluster. */
class Clusters {
  size = 0;
  writeOp = new Int32Array(16);
  minRet = new Float64Array(16);
  minRetOp = new Int32Array(16);
  maxCall = new Float64Array(16);
  maxCallOp = new Int32Array(16);

  reset(): void {
    this.size = 0;
  }

  add(): number {
    if (this.size === this.writeOp.length) this.#grow();
    const c = this.size++;
    this.writeOp[c] = -1;
    this.minRet[c] = Infinity;
    this.minRetOp[c] = -1;
    this.maxCall[c] = -Infinity;
    this.maxCallOp[c] = -1;
    return c;
  }

  include(c: number, op: number, call: number, ret: number): void {
    if (ret < this.minRet[c]!) {
      this.minRet[c] = ret;
      this.minRetOp[c] = op;
    }
    if (call > this.maxCall[c]!) {
      this.maxCall[c] = call;
      this.maxCallOp[c] = op;
    }
  }

  #grow(): void {
    const n = this.writeOp.length * 2;
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.writeOp = i32(this.writeOp);
    this.minRet = f64(this.minRet);
    this.minRetOp = i32(this.minRetOp);
    this.maxCall = f64(this.maxCall);
    this.maxCallOp = i32(this.maxCallOp);
  }
}

/**
 * Value id -> cluster index for the history being checked: a flat array for small ids (what
 * callers that number values themselves pass), a Map for any others. Reset by a generation
 * stamp, so a check of a short history costs no clearing.
 */
class ValueIndex {
  #stamp = new Int32Array(64);
  #cluster = new Int32Array(64);
  #generation = 0;
  readonly #large = new Map<number, number>();

  reset(): void {
    this.#generation++;
    if (this.#large.size > 0) this.#large.clear();
  }

  get(v: number): number | undefined {
    if (v >= 0 && v < SMALL_VALUES) return v < this.#stamp.length && this.#stamp[v] === this.#generation ? this.#cluster[v] : undefined;
    return this.#large.get(v);
  }

  set(v: number, c: number): void {
    if (v < 0 || v >= SMALL_VALUES) {
      this.#large.set(v, c);
      return;
    }
    if (v >= this.#stamp.length) this.#grow(v);
    this.#stamp[v] = this.#generation;
    this.#cluster[v] = c;
  }

  #grow(v: number): void {
    let n = this.#stamp.length;
    while (n <= v) n *= 2;
    const stamp = new Int32Array(n);
    stamp.set(this.#stamp);
    const cluster = new Int32Array(n);
    cluster.set(this.#cluster);
    this.#stamp = stamp;
    this.#cluster = cluster;
  }
}

const SMALL_VALUES = 1 << 20;

/** Checks register histories by zones; keep one and reuse it to check many histories. */
export class ZoneChecker {
  readonly #clusters = new Clusters();
  readonly #clusterOf = new ValueIndex();

  /**
   * Decide `ops` from initial value `init`, or say why this algorithm does not apply (a value
   * written twice or written equal to the initial value; two events at the same time). Pass
   * `timesDistinct` when the caller guarantees no two event times are equal.
   */
  check(ops: RegisterOps, init: number, timesDistinct = false): ZoneResult {
    const clusters = this.#clusters;
    const clusterOf = this.#clusterOf;
    clusters.reset();
    clusterOf.reset();
    // The initial value: a write that returned before anything was called.
    const initCluster = clusters.add();
    clusters.include(initCluster, -1, -Infinity, -Infinity);
    clusterOf.set(init, initCluster);
    for (let i = 0; i < ops.n; i++) {
      if (ops.write[i] !== 1) continue;
      const v = ops.value[i]!;
      if (clusterOf.get(v) !== undefined) return { kind: "not-applicable", why: "a value is written more than once" };
      const c = clusters.add();
      clusters.writeOp[c] = i;
      clusterOf.set(v, c);
    }
    for (let i = 0; i < ops.n; i++) {
      // An open read returned nothing: it constrains nothing.
      if (ops.write[i] === 1 || ops.ret[i] === Infinity) continue;
      const c = clusterOf.get(ops.value[i]!);
      if (c === undefined) return { kind: "fail", failure: { kind: "unwritten", read: i, value: ops.value[i]! } };
      const w = clusters.writeOp[c]!;
      if (w >= 0 && ops.ret[i]! < ops.call[w]!) return { kind: "fail", failure: { kind: "before-write", read: i, write: w, value: ops.value[i]! } };
      clusters.include(c, i, ops.call[i]!, ops.ret[i]!);
    }
    for (let c = 1; c < clusters.size; c++) {
      const w = clusters.writeOp[c]!;
      // An open write nobody read may be left out: it constrains nothing.
      if (ops.ret[w] !== Infinity || clusters.minRetOp[c] !== -1) clusters.include(c, w, ops.call[w]!, ops.ret[w]!);
    }
    if (!timesDistinct && !distinctTimes(ops)) return { kind: "not-applicable", why: "two events at the same time" };
    return this.#compare(ops);
  }

  /**
   * Forward zones pairwise disjoint, no backward zone inside a forward one. Zones are cluster
   * indices into the scratch arrays (objects are built only for a failure), sorted by start.
   */
  #compare(ops: RegisterOps): ZoneResult {
    const cl = this.#clusters;
    const forward = this.#forward;
    forward.length = 0;
    for (let c = 0; c < cl.size; c++) {
      if (cl.maxCallOp[c] === -1 && c !== 0) continue; // an unread open write: left out
      if (cl.minRet[c]! < cl.maxCall[c]!) forward.push(c);
    }
    if (forward.length > 1) forward.sort(this.#byStart);
    for (let i = 1; i < forward.length; i++) {
      if (cl.minRet[forward[i]!]! < cl.maxCall[forward[i - 1]!]!) return this.#failure(ops, "overlap", forward[i - 1]!, forward[i]!);
    }
    if (forward.length === 0) return { kind: "ok" };
    for (let c = 1; c < cl.size; c++) {
      const s = cl.maxCall[c]!;
      const f = cl.minRet[c]!;
      if (cl.maxCallOp[c] === -1 || f < s) continue; // left out, or forward
      const outer = this.#lastStartingBefore(s);
      if (outer >= 0 && f < cl.maxCall[outer]!) return this.#failure(ops, "inside", outer, c);
    }
    return { kind: "ok" };
  }

  readonly #forward: number[] = [];
  readonly #byStart = (a: number, b: number): number => this.#clusters.minRet[a]! - this.#clusters.minRet[b]!;

  /** The forward zone (cluster) with the latest start before `t`, or -1. */
  #lastStartingBefore(t: number): number {
    const zones = this.#forward;
    const starts = this.#clusters.minRet;
    let lo = 0;
    let hi = zones.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[zones[mid]!]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? zones[lo - 1]! : -1;
  }

  #failure(ops: RegisterOps, kind: "overlap" | "inside", outer: number, inner: number): ZoneResult {
    return { kind: "fail", failure: { kind, outer: this.#zone(ops, outer), inner: this.#zone(ops, inner) } };
  }

  #zone(ops: RegisterOps, c: number): Zone {
    const cl = this.#clusters;
    const value = c === 0 ? Number.NaN : ops.value[cl.writeOp[c]!]!;
    const f = cl.minRet[c]!;
    const s = cl.maxCall[c]!;
    return f < s ? { value, from: f, to: s, fromOp: cl.minRetOp[c]!, toOp: cl.maxCallOp[c]! } : { value, from: s, to: f, fromOp: cl.maxCallOp[c]!, toOp: cl.minRetOp[c]! };
  }
}

/**
 * Whether no two finite event times are equal. The zone rules compare times strictly; with ties
 * ("a call at the same time as a return is concurrent") the search decides instead.
 */
function distinctTimes(ops: RegisterOps): boolean {
  const times: number[] = [];
  for (let i = 0; i < ops.n; i++) {
    times.push(ops.call[i]!);
    if (ops.ret[i] !== Infinity) times.push(ops.ret[i]!);
  }
  times.sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) if (times[i] === times[i - 1]) return false;
  return true;
}
