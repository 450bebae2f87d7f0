/**
 * A tiny target around a standalone Disk, for the disk tests: each step does what the test says
 * with the disk (usually without waiting: an outcome is noted when its promise settles). The test
 * reads the disk and the notes of the last run from the returned `worlds`.
 */
import {
  defineTarget,
  Disk,
  DISK_EVENT_KINDS,
  DISK_FAULT_KINDS,
  DiskCorruption,
  NET_EVENT_KINDS,
  NET_FAULT_KINDS,
  type DiskApi,
  type DiskOptions,
  type Instance,
  type RunContext,
  type Target,
  type Violation,
} from "../../../src/index.js";

/** A test target of `name` on numbered ops, declaring the disk's kinds (and the network's, `withNet`). */
export function testTarget(name: string, withNet: boolean, create: (ctx: RunContext) => Instance<number>): Target<number> {
  return defineTarget<number>({
    name,
    description: `${name}: a disk test`,
    invariants: {},
    bugs: {},
    workloads: { default: "numbers" },
    eventKinds: [...(withNet ? NET_EVENT_KINDS : []), ...DISK_EVENT_KINDS],
    faultKinds: [...(withNet ? NET_FAULT_KINDS : []), ...DISK_FAULT_KINDS],
    create,
  });
}

export interface DiskWorld {
  readonly ctx: RunContext;
  readonly disk: Disk;
  /** Anything a test wants to keep. */
  readonly notes: Record<string, unknown>;
}

export interface DiskSpec {
  readonly disk?: Partial<DiskOptions>;
  /** Each step (may return a promise: the step's op completes when it settles). */
  readonly step?: (world: DiskWorld, op: number) => void | Promise<void>;
  readonly finish?: (world: DiskWorld) => Violation[] | Promise<Violation[]>;
}

export interface DiskTarget {
  readonly target: Target<number>;
  /** The world of each run, in run order. */
  readonly worlds: DiskWorld[];
  last(): DiskWorld;
}

export function diskTarget(spec: DiskSpec): DiskTarget {
  const worlds: DiskWorld[] = [];
  const target = testTarget("disk", false, (ctx) => {
    const world: DiskWorld = { ctx, disk: new Disk(ctx, spec.disk), notes: {} };
    worlds.push(world);
    return {
      nextOp: () => ctx.ops.int(1000),
      apply: (op: number) => spec.step?.(world, op),
      check: () => [],
      finish: () => spec.finish?.(world) ?? [],
    };
  });
  return { target, worlds, last: () => worlds[worlds.length - 1]! };
}

/** What a read gave: its data, or the corruption it reported. */
export type ReadOutcome = { readonly data: string } | { readonly corrupt: DiskCorruption };

/** Settle `read` into an outcome; anything but a DiskCorruption is rethrown. */
export async function outcome(read: Promise<string>): Promise<ReadOutcome> {
  try {
    return { data: await read };
  } catch (err) {
    if (err instanceof DiskCorruption) return { corrupt: err };
    throw err;
  }
}

/** Every record of `file`, read one by one. */
export async function readAll(disk: DiskApi, file: string): Promise<ReadOutcome[]> {
  return Promise.all(Array.from({ length: disk.length(file) }, (_, i) => outcome(disk.read(file, i))));
}

/** Push `value` to the list `key` of the notes. */
export function note(world: DiskWorld, key: string, value: unknown): void {
  ((world.notes[key] ??= []) as unknown[]).push(value);
}

/** Steps exactly `ms` apart (no drawn think time), so a test knows when each op runs. */
export function every(ms: number): { thinkMsMin: number; thinkMsMax: number } {
  return { thinkMsMin: ms, thinkMsMax: ms };
}

/** `count` is within `sigmas` binomial standard deviations of `n * p`. */
export function nearRate(count: number, n: number, p: number, sigmas = 4): boolean {
  return Math.abs(count - n * p) <= sigmas * Math.sqrt(n * p * (1 - p));
}
