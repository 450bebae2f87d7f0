/**
 * A complete user target: a write-back cache in front of a disk that sometimes stalls. Copy this
 * file to start your own. Run it with:
 *
 *   npx simctl sweep --target ./examples/cache-target.ts --seeds 100
 *   npx simctl sweep --target ./examples/cache-target.ts --bug read-from-disk --seeds 20
 *   npx simctl sweep --target ./examples/cache-target.ts --bug drop-failed-flush --seeds 20
 *
 * It shows the kernel's tools for systems that wait: cancellable timers (a newer write to a key
 * re-arms its flush, the older timer is cancelled and never fires), background faults decided in
 * events (a flush may find the disk stalled), `heal()` (the operator brings a stalled disk back
 * when the liveness phase starts), a check that only holds once the system is quiet (every write
 * reaches the disk), `describeEvent` for readable traces and `parseOp` for replay files.
 */
import { defineTarget, type Instance, type RunContext, type Timer, type Violation } from "simctl-dst";

/** Ops must be plain JSON: they are recorded in replay files and replayed verbatim. */
type CacheOp = { readonly t: "put"; readonly key: number; readonly value: number } | { readonly t: "get"; readonly key: number };

const KEYS = 8;
/** A flush happens this long after the last write to its key (unless the flush is slow). */
const FLUSH_MS = 5;
/** A flush that found the disk stalled tries again this much later. */
const RETRY_MS = 20;

/** The system under test: writes land in the cache and reach the disk when their key is flushed. */
class WriteBackCache {
  readonly #cache = new Map<number, number>();
  readonly disk = new Map<number, number>();
  stalled = false;

  constructor(private readonly readFromDisk: boolean) {}

  put(key: number, value: number): void {
    this.#cache.set(key, value);
  }

  /** Write a key back to the disk; false when the disk is stalled (nothing is written). */
  flush(key: number): boolean {
    if (this.stalled) return false;
    const value = this.#cache.get(key);
    if (value !== undefined) this.disk.set(key, value);
    return true;
  }

  get(key: number): number | undefined {
    // The planted bug read-from-disk: serve reads from disk, missing writes not flushed yet.
    return this.readFromDisk ? this.disk.get(key) : (this.#cache.get(key) ?? this.disk.get(key));
  }
}

/** An op read back from a replay file, checked: a malformed one is bad input (exit 2) naming it. */
function parseOp(json: unknown): CacheOp {
  const op = (typeof json === "object" && json !== null ? json : {}) as { t?: unknown; key?: unknown; value?: unknown };
  const isKey = (k: unknown): k is number => Number.isInteger(k) && (k as number) >= 0 && (k as number) < KEYS;
  if (op.t === "get" && isKey(op.key)) return { t: "get", key: op.key };
  if (op.t === "put" && isKey(op.key) && Number.isInteger(op.value)) return { t: "put", key: op.key, value: op.value as number };
  throw new Error(`not a cache op: ${JSON.stringify(json)}`);
}

const KINDS = ["op.put", "op.get", "flush", "flush.coalesced", "flush.retry", "disk.recover", "disk.heal", "fault.slow-flush", "fault.disk-stall"] as const;
type Kind = (typeof KINDS)[number];

class CacheSim implements Instance<CacheOp> {
  readonly #sut: WriteBackCache;
  /** The oracle: the last value written to each key. */
  readonly #model = new Map<number, number>();
  readonly #found: Violation[] = [];
  readonly #k: Readonly<Record<Kind, number>>;
  readonly #slowFlush: number;
  readonly #diskStall: number;
  /** The pending flush of each dirty key: one timer per key, re-armed by every write. */
  readonly #flushes = new Map<number, Timer>();
  #recovery: Timer | undefined;

  constructor(readonly ctx: RunContext) {
    this.#sut = new WriteBackCache(ctx.bug === "read-from-disk");
    // Intern event and fault kinds once; the hot path emits small integers.
    this.#k = Object.fromEntries(KINDS.map((k) => [k, ctx.kind(k)])) as Record<Kind, number>;
    this.#slowFlush = ctx.faultKind("slow-flush");
    this.#diskStall = ctx.faultKind("disk-stall");
  }

  nextOp(): CacheOp {
    const rng = this.ctx.ops;
    return rng.chance(0.5) ? { t: "put", key: rng.int(KEYS), value: rng.int(1000) } : { t: "get", key: rng.int(KEYS) };
  }

  apply(op: CacheOp): void {
    const { ctx } = this;
    if (op.t === "get") {
      ctx.emit(this.#k["op.get"], op.key);
      const got = this.#sut.get(op.key);
      const want = this.#model.get(op.key);
      if (got !== want) this.#found.push(ctx.violation("RYW", `get(${op.key}) returned ${got}, last write was ${want}`));
      return;
    }
    ctx.emit(this.#k["op.put"], op.key, op.value);
    this.#sut.put(op.key, op.value);
    this.#model.set(op.key, op.value);
    // Coalesce: the key's pending flush is cancelled (it never fires, and leaves no trace) and
    // armed again. A background fault makes the flush slow; the decision is recorded with this op.
    if (this.#flushes.get(op.key)?.cancel() === true) ctx.emit(this.#k["flush.coalesced"], op.key);
    const slowMs = ctx.faults.draw(this.#slowFlush, ctx.profile.delay, 10, 100);
    if (slowMs !== null) ctx.emit(this.#k["fault.slow-flush"], slowMs);
    this.#arm(op.key, slowMs ?? FLUSH_MS);
  }

  #arm(key: number, ms: number): void {
    this.#flushes.set(key, this.ctx.schedule(ms, this.#k.flush, () => this.#flush(key), key));
  }

  /** A flush timer fired. It runs long after the put that armed it, and belongs to that put's step. */
  #flush(key: number): void {
    const { ctx } = this;
    // A fault decided here is recorded under the put that armed this flush (its causing step).
    const stallMs = ctx.faults.draw(this.#diskStall, ctx.profile.drop, 50, 200);
    if (stallMs !== null && !this.#sut.stalled) {
      ctx.emit(this.#k["fault.disk-stall"], stallMs);
      this.#sut.stalled = true;
      this.#recovery = ctx.schedule(stallMs, this.#k["disk.recover"], () => (this.#sut.stalled = false));
    }
    if (this.#sut.flush(key)) {
      this.#flushes.delete(key);
      return;
    }
    ctx.emit(this.#k["flush.retry"], key);
    // The planted bug drop-failed-flush: a flush that finds the disk stalled is given up.
    if (ctx.bug === "drop-failed-flush") this.#flushes.delete(key);
    else this.#arm(key, RETRY_MS);
  }

  check(): readonly Violation[] {
    return this.#found.splice(0);
  }

  /** The liveness phase begins: faults have stopped; the operator brings a stalled disk back. */
  heal(): void {
    this.ctx.emit(this.#k["disk.heal"], this.#sut.stalled ? 1 : 0);
    this.#sut.stalled = false;
    this.#recovery?.cancel();
  }

  /** After the liveness phase every flush has run: each write must have reached the disk. */
  finish(): readonly Violation[] {
    const found = this.#found.splice(0);
    for (const [key, value] of this.#model) {
      const onDisk = this.#sut.disk.get(key);
      if (onDisk !== value) found.push(this.ctx.violation("DUR", `key ${key} holds ${onDisk} on disk once quiet, last write was ${value}`));
    }
    return found;
  }
}

export default defineTarget<CacheOp>({
  name: "write-back-cache",
  description: "example user target: a write-back cache with coalesced, delayed flushes to a disk that stalls",
  invariants: {
    RYW: "a read returns the last value written to its key",
    DUR: "once the system is quiet, every key's last write is on disk",
  },
  bugs: {
    "read-from-disk": { breaks: ["RYW"], description: "reads skip the cache and miss unflushed writes" },
    "drop-failed-flush": { breaks: ["DUR"], description: "a flush that finds the disk stalled is given up instead of retried" },
  },
  workloads: { default: "half puts, half gets over 8 keys" },
  eventKinds: KINDS,
  faultKinds: ["slow-flush", "disk-stall"],
  // Think time between steps: 0..10 simulated ms (override with --think-ms).
  thinkMs: { min: 0, max: 10 },
  // After the last op, flushes and retries get up to 5 simulated seconds to finish (--liveness-ms).
  livenessMsMax: 5_000,
  parseOp,
  describeOp: (op) => (op.t === "put" ? `put(${op.key}, ${op.value})` : `get(${op.key})`),
  describeEvent: (kind, a, b) => {
    switch (kind) {
      case "op.put":
        return `key ${a} = ${b}`;
      case "op.get":
      case "flush":
      case "flush.coalesced":
      case "flush.retry":
        return `key ${a}`;
      case "fault.slow-flush":
        return `${a} ms`;
      case "fault.disk-stall":
        return `for ${a} ms`;
      case "disk.heal":
        return a === 1 ? "ended a stall" : "nothing to heal";
      default:
        return "";
    }
  },
  create: (ctx) => new CacheSim(ctx),
});
