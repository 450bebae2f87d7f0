/**
 * The sweep's worker pool: up to N worker threads run seeds side by side; results come back in
 * any order and the accumulator sorts them, so `--jobs N` gives the same report as `--jobs 1`.
 *
 * N is an upper bound: the pool starts one worker and adds another only while the work left
 * would repay its start-up and warm-up (see growth.ts). A worker that replaces a lost one is a
 * replacement, not an extra worker.
 *
 * Seeds go to a worker in small chunks and come back one result at a time, so a worker never
 * idles waiting for the main thread between seeds (one round trip per seed cost a third of a
 * 1,000-seed sweep).
 *
 * The pool is also the watchdog. A seed with no result `seedTimeoutMs` after the previous one is
 * a `hang` (the worker is terminated: only a thread can be stopped in the middle of a synchronous
 * infinite loop); a worker that dies while running a seed (out of memory, `process.exit`, an
 * uncaught error) is a `crash`. Either way that seed is reported with its kind, the rest of its
 * chunk goes back in the queue, and a fresh worker takes over. Each worker is a
 * {@link WatchedWorker}: the same watchdog, heap limit and classification every other path that
 * runs a user's target uses.
 */
import { InputError } from "../../core/errors.js";
import type { ResolvedOptions } from "../../core/options.js";
import type { RunResult } from "../../core/run.js";
import type { WorkerMessage } from "./protocol.js";
import { CHECK_EVERY_MS, SeedMeter, shouldGrow } from "./growth.js";
import { hangMessage, lostResult, WatchedWorker, type LostKind } from "./watched-worker.js";

/** A worker that has loaded the target already (a target session's), lent to the pool. */
export interface LentWorker {
  readonly worker: WatchedWorker;
  /** Called with the worker when the pool is done with it and it is idle and alive. */
  readonly giveBack: (worker: WatchedWorker) => void;
}

export interface PoolOptions {
  /** The most workers at a time. */
  readonly jobs: number;
  readonly setup: { readonly targetSpec: string; readonly implSpec?: string | undefined; readonly cwd: string };
  /** The options every seed runs with. */
  readonly options: ResolvedOptions;
  /** The first worker, already loaded; the pool spawns the others. */
  readonly lent?: LentWorker | undefined;
  /** Wall-clock limit per seed; null for none. */
  readonly seedTimeoutMs: number | null;
  /** Old-generation heap limit per worker, in MB (undefined: Node's default). */
  readonly heapMb?: number | undefined;
  /** The target's name, for the violations of lost seeds. */
  readonly targetName: string;
}

interface Slot {
  worker: WatchedWorker;
  /** Seeds sent and not answered yet, in the order the worker runs them. */
  chunk: number[];
  dead: boolean;
  /** Its recent per-seed time, for the decision to add a worker. */
  readonly meter: SeedMeter;
}

/** How many workers a pool ran (for `SIMCTL_POOL_STATS`; the report never depends on it). */
export interface PoolStats {
  /** The most workers running at once. */
  readonly peak: number;
  /** Workers started to replace a hung or crashed one. */
  readonly replaced: number;
}

const CHUNK_MAX = 16;
const BARREN_DEATHS_MAX = 3;

export class SeedPool {
  readonly #queue: number[];
  #next = 0;
  /** Seeds handed back from a lost worker's chunk; run before the queue goes on. */
  readonly #retry: number[] = [];
  #cancelled = false;
  #abandoned: number[] = [];
  /** Workers that died in a row before running a single seed (a target that cannot load). */
  #barrenDeaths = 0;
  #failure: Error | null = null;
  #done: () => void = () => undefined;
  readonly #slots = new Set<Slot>();
  /** The lent worker until the pool is done with it (then given back or killed). */
  #lent: LentWorker | undefined;
  /** The lent worker until a slot takes it. */
  #unused: WatchedWorker | undefined;
  #peak = 0;
  #replaced = 0;
  /** Re-checks whether to add a worker while the pool runs. */
  #growTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly options: PoolOptions,
    seeds: readonly number[],
    readonly onResult: (result: RunResult) => void,
  ) {
    this.#queue = [...seeds];
    this.#lent = options.lent;
    this.#unused = options.lent?.worker;
  }

  /** Run every seed; resolves when all are done or the pool was cancelled. */
  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#done = () => (this.#failure !== null ? reject(this.#failure) : resolve());
      this.#spawn();
      if (this.#queue.length === 0) return this.#finish();
      // A timer, not each result: a slow or stuck seed sends none. Unref'd: the workers keep
      // the process alive while there is work.
      if (this.options.jobs > 1 && this.#slots.size > 0) this.#growTimer = setInterval(() => this.#grow(), CHECK_EVERY_MS).unref();
    });
  }

  /** Stop: no new seed starts; seeds in flight are abandoned (see {@link running}). */
  cancel(): void {
    this.#abandoned = this.running();
    this.#cancelled = true;
    this.#finish();
  }

  /** Seeds never started (after a cancel). */
  unstarted(): number[] {
    return [...this.#retry, ...this.#queue.slice(this.#next)];
  }

  /** Seeds in flight now, or abandoned when the pool was cancelled. */
  running(): number[] {
    if (this.#cancelled) return this.#abandoned;
    return [...this.#slots].flatMap((s) => s.chunk);
  }

  stats(): PoolStats {
    return { peak: this.#peak, replaced: this.#replaced };
  }

  #remaining(): number {
    return this.#retry.length + this.#queue.length - this.#next;
  }

  /** Add one worker if the work left repays its start-up (see growth.ts). */
  #grow(): void {
    if (this.#cancelled || this.#failure !== null) return;
    const meters = [...this.#slots].map((s) => s.meter);
    if (shouldGrow(meters, this.#remaining(), this.options.jobs, performance.now())) this.#spawn();
  }

  #spawn(): void {
    const handlers = { onMessage: (m: WorkerMessage) => this.#message(slot, m), onDeath: (message: string) => this.#died(slot, message) };
    const lent = this.#unused;
    this.#unused = undefined;
    const usable = lent !== undefined && !lent.dead;
    const worker = usable ? lent : new WatchedWorker({ setup: this.options.setup, heapMb: this.options.heapMb, ...handlers });
    const slot: Slot = { chunk: [], dead: false, worker, meter: new SeedMeter() };
    this.#slots.add(slot);
    this.#peak = Math.max(this.#peak, this.#slots.size);
    if (!usable) return;
    // A lent worker is loaded already: no `ready` will come, so it gets its first chunk now.
    slot.meter.begin(performance.now());
    lent.rebind(handlers);
    lent.busy();
    this.#dispatch(slot);
  }

  #message(slot: Slot, m: WorkerMessage): void {
    if (slot.dead) return;
    if (m.type === "fatal") {
      this.#failure = m.input ? new InputError(m.message) : new Error(m.message);
      return this.#finish();
    }
    if (m.type === "ready") slot.meter.begin(performance.now());
    if (m.type === "result") {
      this.#barrenDeaths = 0;
      slot.meter.result(performance.now());
      slot.chunk.shift();
      this.#arm(slot);
      this.onResult(m.result);
      if (slot.chunk.length > 0) return;
    }
    this.#dispatch(slot);
  }

  #dispatch(slot: Slot): void {
    if (this.#cancelled || this.#remaining() === 0) return this.#retireIdle(slot);
    // Chunks shrink near the end so the workers running then finish together.
    const size = Math.max(1, Math.min(CHUNK_MAX, Math.floor(this.#remaining() / (this.#slots.size * 4))));
    const chunk: number[] = [];
    while (chunk.length < size && this.#retry.length > 0) chunk.push(this.#retry.shift()!);
    while (chunk.length < size && this.#next < this.#queue.length) chunk.push(this.#queue[this.#next++]!);
    slot.chunk = chunk;
    this.#arm(slot);
    slot.worker.post({ type: "seeds", seeds: chunk, options: this.options.options });
  }

  /** (Re)start the watchdog for the seed at the head of the slot's chunk. */
  #arm(slot: Slot): void {
    const limit = this.options.seedTimeoutMs;
    const seed = slot.chunk[0];
    if (seed === undefined) return slot.worker.disarm();
    slot.worker.arm(limit, () => {
      if (!slot.dead && slot.chunk[0] === seed) this.#lose(slot, "hang", hangMessage(limit!));
    });
  }

  #died(slot: Slot, message: string): void {
    if (slot.dead) return;
    if (slot.chunk.length > 0) return this.#lose(slot, "crash", message);
    // A worker that dies between chunks lost nothing; replace it if there is work left, unless
    // workers keep dying before running anything (respawning would then loop forever).
    this.#retire(slot);
    if (++this.#barrenDeaths >= BARREN_DEATHS_MAX) {
      this.#failure = new InputError(`worker threads die before running any seed (${message.replace(/^the worker /, "")}); is --worker-heap-mb too small?`);
      return this.#finish();
    }
    this.#replaceOrFinish();
  }

  /** The seed at the head of the slot's chunk is lost: report it, requeue the rest, replace the worker. */
  #lose(slot: Slot, invariant: LostKind, message: string): void {
    const [seed, ...rest] = slot.chunk;
    this.#retry.unshift(...rest);
    slot.chunk = [];
    this.#retire(slot);
    if (seed !== undefined) this.onResult(lostResult(this.options.targetName, this.options.options, seed, invariant, message, slot.worker.where(seed)));
    this.#replaceOrFinish();
  }

  #replaceOrFinish(): void {
    if (!this.#cancelled && this.#remaining() > 0) {
      this.#replaced++;
      this.#spawn();
    } else if (this.#slots.size === 0) this.#finish();
  }

  #retireIdle(slot: Slot): void {
    this.#retire(slot, true);
    if (this.#slots.size === 0) this.#finish();
  }

  /** Stop using a slot's worker: kill it, or give a lent one back when it is idle. */
  #retire(slot: Slot, idle = false): void {
    slot.dead = true;
    this.#slots.delete(slot);
    const lent = this.#lent;
    if (lent !== undefined && slot.worker === lent.worker) {
      this.#lent = undefined;
      if (idle && !slot.worker.dead) {
        slot.worker.disarm();
        return lent.giveBack(slot.worker);
      }
    }
    slot.worker.kill();
  }

  #finish(): void {
    clearInterval(this.#growTimer);
    for (const slot of [...this.#slots]) this.#retire(slot);
    const unused = this.#unused;
    this.#unused = undefined;
    if (unused !== undefined && !unused.dead) this.#lent?.giveBack(unused);
    const done = this.#done;
    this.#done = () => undefined;
    done();
  }
}
