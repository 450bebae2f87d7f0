/**
 * The disk's event and fault kinds, interned once per disk (never per operation), with an error
 * that tells a target what to declare when it forgot them.
 */
import type { RunContext } from "../target.js";
import { DISK_EVENT_KINDS, DISK_FAULT_KINDS } from "./kinds.js";
import type { DiskOptions } from "./types.js";

/** Interned ids of {@link DISK_EVENT_KINDS} (histogram kinds). */
export interface DiskEventIds {
  readonly write: number;
  readonly truncate: number;
  readonly sync: number;
  readonly read: number;
  readonly crashLost: number;
  readonly crashKept: number;
  readonly torn: number;
  readonly latent: number;
  readonly misdirected: number;
  readonly corruptRead: number;
}

/** Interned ids of {@link DISK_FAULT_KINDS} (recorded decisions). */
export interface DiskFaultIds {
  readonly latency: number;
  readonly torn: number;
  readonly partial: number;
  readonly readFault: number;
  readonly misdirect: number;
}

export interface DiskIds {
  readonly events: DiskEventIds;
  readonly faults: DiskFaultIds;
}

/** Ids of kinds a disk never uses: its media faults when their probability is 0 (never drawn). */
const UNUSED = -1;

/**
 * Intern the disk's kinds in `ctx`; throws naming the first the target did not declare. The kinds
 * of a media fault whose probability is 0 (`readFault`, `misdirect`; swarm keeps a 0 at 0) are not
 * needed: a target that switches them off need not declare kinds it can never reach.
 */
export function internDiskKinds(ctx: Pick<RunContext, "kind" | "faultKind" | "target">, options: Pick<DiskOptions, "readFault" | "misdirect">): DiskIds {
  const declared = (get: (name: string) => number, what: string, list: string) => (name: string): number => {
    try {
      return get(name);
    } catch {
      throw new Error(`target '${ctx.target}' uses a disk but does not declare the ${what} '${name}': declare ${list}`);
    }
  };
  const event = declared((n) => ctx.kind(n), "event kind", "eventKinds: [...yours, ...DISK_EVENT_KINDS]");
  const fault = declared((n) => ctx.faultKind(n), "fault kind", "faultKinds: [...yours, ...DISK_FAULT_KINDS]");
  const e = (name: (typeof DISK_EVENT_KINDS)[number], used = true): number => (used ? event(name) : UNUSED);
  const f = (name: (typeof DISK_FAULT_KINDS)[number], used = true): number => (used ? fault(name) : UNUSED);
  const latent = options.readFault > 0;
  const misdirect = options.misdirect > 0;
  return {
    events: {
      write: e("disk.write"),
      truncate: e("disk.truncate"),
      sync: e("disk.sync"),
      read: e("disk.read"),
      crashLost: e("disk.crash-lost"),
      crashKept: e("disk.crash-kept"),
      torn: e("disk.torn"),
      latent: e("disk.latent", latent),
      misdirected: e("disk.misdirected", misdirect),
      corruptRead: e("disk.corrupt-read"),
    },
    faults: {
      latency: f("disk.latency"),
      torn: f("disk.torn"),
      partial: f("disk.partial"),
      readFault: f("disk.read-fault", latent),
      misdirect: f("disk.misdirect", misdirect),
    },
  };
}
