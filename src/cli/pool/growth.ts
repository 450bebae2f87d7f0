/**
 * When the sweep pool starts one more worker. `--jobs N` is an upper bound: the pool starts with
 * one worker and adds another only when the new one would pay for itself.
 *
 * Why: a worker thread is a V8 isolate of its own. Measured on done-ledger (500 ops a seed), each
 * one costs ~0.1 s of CPU to load simctl and the target, then ~0.3 s more while V8 tiers the
 * target's code up (its first ~80 seeds run 2-8x slower than warm ones); isolates share no JIT
 * code, so every worker pays again. A 1,000-seed sweep is ~1 s of warm CPU: a second worker can
 * never win back its ~0.4 s there, while in a 10,000-seed sweep (~10 s) it easily does.
 *
 * The rule: a worker costs ~0.4 s of CPU; it is worth starting when that is at most ~10% of the
 * work it takes over, i.e. when `seedsLeft * perSeedMs / (workers + 1) >= EXTRA_WORKER_PAYBACK_MS`.
 * `perSeedMs` is each worker's RECENT per-seed wall time (the average since its start is
 * inflated by warm-up), averaged over the workers. How many workers run depends on timing; which
 * seeds run and their results never do (each seed's run is independent and deterministic).
 */

/**
 * Work (wall ms) a new worker must take over: ~10x its ~0.4 s start-up and warm-up CPU, so that
 * the extra CPU of the sweep stays under ~10%. Wall per-seed time overstates CPU per-seed time on
 * a loaded machine (up to ~2x measured on 2 shared cores); 4 s keeps a 1,000-seed done-ledger
 * sweep (~1 s of work) on one worker even then.
 */
export const EXTRA_WORKER_PAYBACK_MS = 4_000;
/**
 * A worker's per-seed time counts only once it has reported results for this long: its first
 * results come from cold code. 250 ms is over half of done-ledger's warm-up and leaves the later
 * seeds of the window close to warm.
 */
export const WARM_MS = 250;
/** The recent window a per-seed time is measured over (~100 warm done-ledger seeds)... */
export const WINDOW_MS = 100;
/** ...but at least this many seeds, so slow seeds are not judged on one interval. */
const WINDOW_SEEDS_MIN = 4;
/**
 * A worker on the same seed for this long says seeds are slow (or it hangs, and until the
 * watchdog fires it runs nothing): its per-seed time is then at least that long, even before
 * its first result. Well above warm-up, so a cold first seed alone never looks slow.
 */
export const STALL_MS = 1_000;
/** How often the pool re-checks while no result arrives (a slow or stuck seed). */
export const CHECK_EVERY_MS = 100;
/** Result times kept per worker: a window of fast seeds (~1 ms each) with room to spare. */
const EVENTS_KEPT = 256;

/** One worker's recent result times. */
export class SeedMeter {
  /** When the worker began running seeds (its `ready`), then its result times, oldest first. */
  readonly #events: number[] = [];
  #firstResult: number | null = null;

  /** The worker is loaded and starts on seeds. */
  begin(now: number): void {
    if (this.#events.length === 0) this.#events.push(now);
  }

  result(now: number): void {
    this.#firstResult ??= now;
    this.#events.push(now);
    if (this.#events.length > 2 * EVENTS_KEPT) this.#events.splice(0, EVENTS_KEPT);
  }

  /** The worker's per-seed wall time now, or null while it is too early to tell. */
  perSeedMs(now: number): number | null {
    const last = this.#events.at(-1);
    if (last === undefined) return null;
    const stalled = now - last >= STALL_MS ? now - last : null;
    if (this.#firstResult === null || now - this.#firstResult < WARM_MS) return stalled;
    return Math.max(this.#recent(), stalled ?? 0);
  }

  /** Mean interval over the results of the last {@link WINDOW_MS}, at least {@link WINDOW_SEEDS_MIN} of them. */
  #recent(): number {
    const events = this.#events;
    const end = events.length - 1;
    let start = Math.max(0, end - WINDOW_SEEDS_MIN);
    while (start > 0 && events[end]! - events[start - 1]! <= WINDOW_MS) start--;
    return end > start ? (events[end]! - events[start]!) / (end - start) : 0;
  }
}

/** Whether to start one more worker, given each running worker's meter. */
export function shouldGrow(meters: readonly SeedMeter[], seedsLeft: number, jobs: number, now: number): boolean {
  const workers = meters.length;
  if (workers === 0 || workers >= jobs || seedsLeft <= workers) return false;
  let sum = 0;
  for (const meter of meters) {
    const perSeed = meter.perSeedMs(now);
    // A worker still warming up (or just started) makes the pool's speed unknown: wait.
    if (perSeed === null) return false;
    sum += perSeed;
  }
  return (seedsLeft * (sum / workers)) / (workers + 1) >= EXTRA_WORKER_PAYBACK_MS;
}
