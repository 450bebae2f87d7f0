/**
 * A complete user target: a write-back cache in front of a slow disk. Copy this file to start
 * your own. Run it with:
 *
 *   npx simctl sweep --target ./examples/cache-target.ts --seeds 100 --fault-level stormy
 *   npx simctl sweep --target ./examples/cache-target.ts --bug read-from-disk --seeds 20
 */
import { defineTarget, type Instance, type RunContext, type Violation } from "simctl-dst";

/** Ops must be plain JSON: they are recorded in replay files and replayed verbatim. */
type CacheOp = { readonly t: "put"; readonly key: number; readonly value: number } | { readonly t: "get"; readonly key: number };

const KEYS = 8;

/** The system under test: writes land in the cache and reach the disk after a flush delay. */
class WriteBackCache {
  readonly #cache = new Map<number, number>();
  readonly #disk = new Map<number, number>();

  constructor(private readonly readFromDisk: boolean) {}

  put(key: number, value: number): void {
    this.#cache.set(key, value);
  }

  /** Called by the flush timer. */
  flush(key: number): void {
    const value = this.#cache.get(key);
    if (value !== undefined) this.#disk.set(key, value);
  }

  get(key: number): number | undefined {
    // The planted bug: serve reads from disk, missing writes that are not flushed yet.
    return this.readFromDisk ? this.#disk.get(key) : (this.#cache.get(key) ?? this.#disk.get(key));
  }
}

class CacheSim implements Instance<CacheOp> {
  readonly #sut: WriteBackCache;
  /** The oracle: the last value written to each key. */
  readonly #model = new Map<number, number>();
  readonly #found: Violation[] = [];
  readonly #kinds;
  readonly #slowFlush: number;

  constructor(readonly ctx: RunContext) {
    this.#sut = new WriteBackCache(ctx.bug === "read-from-disk");
    // Intern event kinds once; the hot path emits small integers.
    this.#kinds = { put: ctx.kind("op.put"), get: ctx.kind("op.get"), flush: ctx.kind("flush"), slow: ctx.kind("fault.slow-flush") };
    this.#slowFlush = ctx.faultKind("slow-flush");
  }

  nextOp(): CacheOp {
    const rng = this.ctx.ops;
    return rng.chance(0.5) ? { t: "put", key: rng.int(KEYS), value: rng.int(1000) } : { t: "get", key: rng.int(KEYS) };
  }

  apply(op: CacheOp): void {
    if (op.t === "put") {
      this.ctx.emit(this.#kinds.put, op.key, op.value);
      this.#sut.put(op.key, op.value);
      this.#model.set(op.key, op.value);
      // A background fault: the fault level decides how often a flush is slow. The decision is
      // recorded, so a replay and the shrinker see exactly the same slow flushes.
      const slowMs = this.ctx.faults.draw(this.#slowFlush, this.ctx.profile.delay, 10, 100);
      if (slowMs !== null) this.ctx.emit(this.#kinds.slow, slowMs);
      this.ctx.schedule(slowMs ?? 1, this.#kinds.flush, () => this.#sut.flush(op.key));
      return;
    }
    this.ctx.emit(this.#kinds.get, op.key);
    const got = this.#sut.get(op.key);
    const want = this.#model.get(op.key);
    if (got !== want) this.#found.push(this.ctx.violation("RYW", `get(${op.key}) returned ${got}, last write was ${want}`));
  }

  check(): readonly Violation[] {
    return this.#found.splice(0);
  }

  finish(): readonly Violation[] {
    return this.#found.splice(0);
  }

}

export default defineTarget<CacheOp>({
  name: "write-back-cache",
  description: "example user target: a write-back cache with delayed flushes",
  invariants: { RYW: "a read returns the last value written to its key" },
  bugs: { "read-from-disk": "reads skip the cache and miss unflushed writes" },
  workloads: { default: "half puts, half gets over 8 keys" },
  eventKinds: ["op.put", "op.get", "flush", "fault.slow-flush"],
  faultKinds: ["slow-flush"],
  describeOp: (op) => (op.t === "put" ? `put(${op.key}, ${op.value})` : `get(${op.key})`),
  create: (ctx) => new CacheSim(ctx),
});
