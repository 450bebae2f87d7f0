/**
 * MemStore's manifest: the node id, the hard state and a purged log prefix, in a file of two
 * slots written alternately, each with a sequence number (TigerBeetle's superblock copies, in
 * small). Why two: overwriting a record in place is not atomic, a crash can tear it, and the
 * acknowledged hard state must survive that; so a save overwrites the older slot and the newer one
 * stays intact until the save is synced. Loading takes the readable slot with the higher sequence.
 */
import { DiskCorruption, type DiskApi } from "../../../index.js";
import type { HardState } from "../contract.js";

export const MANIFEST_FILE = "manifest";

/** The log generation whose prefix below `start` is purged. */
export interface Purge {
  readonly gen: number;
  readonly start: number;
}

export interface ManifestState {
  readonly node: number;
  readonly hs: HardState | null;
  readonly purge: Purge | null;
}

interface Slot extends ManifestState {
  readonly seq: number;
}

export class Manifest {
  #seq: number;
  #state: ManifestState;

  private constructor(seq: number, state: ManifestState) {
    this.#seq = seq;
    this.#state = state;
  }

  get state(): ManifestState {
    return this.#state;
  }

  /** True when no slot was ever written (a pristine disk, or one whose first save a crash took). */
  get pristine(): boolean {
    return this.#seq === 0;
  }

  /** The newest readable slot of `disk`, or a pristine manifest for `nodeId`. */
  static async load(disk: DiskApi, nodeId: number): Promise<Manifest> {
    let best: Slot | undefined;
    for (let i = 0; i < Math.min(2, disk.length(MANIFEST_FILE)); i++) {
      const slot = await readSlot(disk, i);
      if (slot !== undefined && (best === undefined || slot.seq > best.seq)) best = slot;
    }
    if (best === undefined) return new Manifest(0, { node: nodeId, hs: null, purge: null });
    return new Manifest(best.seq, { node: best.node, hs: best.hs, purge: best.purge });
  }

  /** Write `next` to the older slot; with `sync`, resolve once it is durable. */
  async save(disk: DiskApi, next: ManifestState, sync: boolean): Promise<void> {
    this.#seq++;
    this.#state = next;
    const slot: Slot = { seq: this.#seq, ...next };
    // Sequence 1 goes to slot 0, 2 to slot 1, 3 to slot 0...: the newer slot is never overwritten.
    const index = (this.#seq + 1) % 2;
    void disk.write(MANIFEST_FILE, index, JSON.stringify(slot));
    if (sync) await disk.sync(MANIFEST_FILE);
  }
}

/** Slot `i`, or undefined when a crash tore it or lost it. */
async function readSlot(disk: DiskApi, i: number): Promise<Slot | undefined> {
  try {
    return JSON.parse(await disk.read(MANIFEST_FILE, i)) as Slot;
  } catch (err) {
    if (err instanceof DiskCorruption) return undefined;
    throw err;
  }
}
