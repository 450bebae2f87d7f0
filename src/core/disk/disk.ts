/**
 * A standalone simulated disk, for a target without a cluster (one store under test):
 *
 * ```ts
 * create(ctx) {
 *   const disk = new Disk(ctx);                 // the level's options, redrawn per seed with --swarm
 *   let store = new MyStore(disk);
 *   return {
 *     apply(op) { if (op.t === "crash") { disk.crash(); store = new MyStore(disk); } ... },
 *     ...
 *   };
 * }
 * ```
 *
 * Its completions are plain kernel events; `crash()` cancels the pending ones (their promises
 * never settle) and applies the crash to the contents. In a cluster, use `ClusterConfig.disk`
 * instead: each node's `host.disk`, crashed with its node.
 */
import type { RunContext } from "../target.js";
import { DiskHandle } from "./handle.js";
import { internDiskKinds } from "./ids.js";
import { DISK_FILES_MAX } from "./kinds.js";
import { runDiskOptions } from "./resolve.js";
import { DiskStore } from "./store.js";
import type { DiskOptions } from "./types.js";

/** Node numbers a disk may have (trace arguments pack node and file into one number below 2^32). */
export const DISK_NODES_MAX = 65_536;

export class Disk extends DiskHandle {
  readonly #store: DiskStore;

  /**
   * A disk with the options of `ctx`'s fault level (redrawn per seed with `--swarm`), `overrides`
   * applied (checked: an Error names a bad field); `node` numbers it in trace entries. Throws when
   * the target does not declare the disk's kinds.
   */
  constructor(ctx: RunContext, overrides?: Partial<DiskOptions>, node = 0) {
    if (!Number.isSafeInteger(node) || node < 0 || node >= DISK_NODES_MAX) throw new RangeError(`disk node must be an integer from 0 to ${DISK_NODES_MAX - 1}, got ${String(node)}`);
    const options = runDiskOptions(ctx, overrides);
    const store = new DiskStore(ctx, options, internDiskKinds(ctx, options), node);
    super(store, { alive: true, schedule: (delayMs, kind, fire, a, b) => ctx.schedule(delayMs, kind, fire, a, b) });
    this.#store = store;
  }

  /** Crash now: unsynced writes are lost (see `DiskOptions.partial`, `torn`), pending operations never settle. */
  crash(): void {
    this.#store.crash();
  }
}
