/**
 * MemStore's snapshots: one file each (`snap.<n>`), the seed's "snapshot directory". Its records
 * are the chunks of its contents (`c...`), then, once it is installed, a seal (`s{...}`) with its
 * metadata and the log generation it starts. The seal is the commit point of a compaction or an
 * installation: the new log generation is written and synced before it, so a crash leaves either
 * the old snapshot current with the old log, or the new one with the new log, never a mix.
 *
 * The numbers `n` name generations too (`log.<n>`, `sm.<n>`; 0 before any snapshot) and only
 * grow: the next is one past every number a file on the disk ever had. A store keeps one live
 * snapshot: once a seal is durable, the other snapshot files (older ones, and streams a leader
 * abandoned) and the older generations are deleted (cut to nothing). A crash between the seal and
 * the deletion leaves two sealed files; recovery takes the one with the higher sequence and
 * finishes the deletion.
 */
import { DiskCorruption, type DiskApi } from "../../../index.js";
import type { MembershipConfig, SnapshotHandle } from "../contract.js";

export function snapshotFile(n: number): string {
  return `snap.${n}`;
}

const NUMBERED = /^(?:log|sm|snap)\.(\d+)$/;
const SNAPSHOT_PREFIX = "snap.";
/** Names read so far: their number, or -1 when not numbered. Bounded; names repeat across seeds. */
const NUMBERS = new Map<string, number>();
const NUMBERS_MAX = 4096;

/**
 * The generation number in a file's name (`log.12`, `sm.12`, `snap.12`: 12), or -1. Every scan of
 * the disk's files reads every name: matching each with the pattern again was, through the match
 * arrays, a third of what a raft-storage step allocated.
 */
function numberOf(name: string): number {
  let n = NUMBERS.get(name);
  if (n === undefined) {
    const m = NUMBERED.exec(name);
    n = m === null ? -1 : Number(m[1]);
    if (NUMBERS.size < NUMBERS_MAX) NUMBERS.set(name, n);
  }
  return n;
}
const CHUNK = "c";
const SEAL = "s";

/** What a seal records: the snapshot's metadata and where its log generation starts. */
export interface Seal {
  /** Sealed snapshots are ordered by this, not by file number (a stream may outlive a compaction). */
  readonly seq: number;
  readonly n: number;
  readonly id: string;
  readonly index: number;
  readonly term: number;
  readonly membership: MembershipConfig;
  /** The index of record 0 of `log.<n>`. */
  readonly logBase: number;
}

/** A snapshot file as a handle: written chunk by chunk, read whole (without its seal). */
export class SnapshotFile implements SnapshotHandle {
  readonly name: string;
  #closed = false;

  constructor(
    readonly disk: DiskApi,
    readonly n: number,
    readonly id: string,
    /** A handle on a sealed snapshot only reads. */
    readOnly = false,
  ) {
    this.name = snapshotFile(n);
    this.#closed = readOnly;
  }

  async write(chunk: string): Promise<void> {
    if (this.#closed) throw new Error(`snapshot ${this.id} was shut down: no more writes`);
    await this.disk.append(this.name, CHUNK + chunk);
  }

  async shutdown(): Promise<void> {
    this.#closed = true;
    await this.disk.sync(this.name);
  }

  async read(): Promise<string> {
    const records = await this.disk.readRange(this.name, 0, this.disk.length(this.name));
    return records
      .filter((r) => r.startsWith(CHUNK))
      .map((r) => r.slice(1))
      .join("");
  }
}

export function snapshotId(n: number): string {
  return `snap-${n}`;
}

/** A fresh number: one past any generation number a file on the disk ever had. */
export function nextNumber(disk: DiskApi): number {
  let max = 0;
  for (const name of disk.files()) max = Math.max(max, numberOf(name));
  return max + 1;
}

/** A new, empty snapshot file. */
export function createSnapshotFile(disk: DiskApi): SnapshotFile {
  const n = nextNumber(disk);
  // A truncate to 0 creates the file, so the next number moves past it at once.
  void disk.truncate(snapshotFile(n), 0);
  return new SnapshotFile(disk, n, snapshotId(n));
}

/** Seal `file` with `seal`: durable, and so current, when this resolves. */
export async function sealSnapshot(file: SnapshotFile, seal: Seal): Promise<void> {
  void file.disk.append(file.name, SEAL + JSON.stringify(seal));
  await file.disk.sync(file.name);
}

/**
 * The sealed snapshots on the disk, in file order. `firstFound` (a planted bug) stops at the first,
 * trusting that only one is ever left.
 */
export async function sealedSnapshots(disk: DiskApi, firstFound: boolean): Promise<Seal[]> {
  const out: Seal[] = [];
  const numbers: number[] = [];
  for (const name of disk.files()) if (name.startsWith(SNAPSHOT_PREFIX) && numberOf(name) >= 0) numbers.push(numberOf(name));
  numbers.sort((a, b) => a - b);
  for (const n of numbers) {
    const length = disk.length(snapshotFile(n));
    if (length === 0) continue;
    const seal = await readSeal(disk, n, length);
    if (seal === undefined) continue;
    out.push(seal);
    if (firstFound) break;
  }
  return out;
}

async function readSeal(disk: DiskApi, n: number, length: number): Promise<Seal | undefined> {
  try {
    const last = await disk.read(snapshotFile(n), length - 1);
    return last.startsWith(SEAL) ? (JSON.parse(last.slice(1)) as Seal) : undefined;
  } catch (err) {
    // A seal torn by a crash: the installation it would have committed never happened.
    if (err instanceof DiskCorruption) return undefined;
    throw err;
  }
}

/**
 * Cut the numbered files of every generation but `keep` to nothing (only those numbered up to
 * `upTo` when given: a compaction leaves a snapshot being streamed alone); true when any was cut.
 */
export function deleteGenerations(disk: DiskApi, keep: number, upTo = Number.MAX_SAFE_INTEGER): boolean {
  let cut = false;
  for (const name of disk.files()) {
    const number = numberOf(name);
    const n = number < 0 ? keep : number;
    if (n === keep || n > upTo || disk.length(name) === 0) continue;
    void disk.truncate(name, 0);
    cut = true;
  }
  return cut;
}
