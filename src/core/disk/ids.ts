/**
 * The disk's event and fault kinds, interned once per disk (never per operation), with an error
 * that tells a target what to declare when it forgot them.
 */
import type { RunContext } from "../target.js";
import { DISK_EVENT_KINDS, DISK_FAULT_KINDS } from "./kinds.js";

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

/** Intern every disk kind in `ctx`; throws naming the first the target did not declare. */
export function internDiskKinds(ctx: Pick<RunContext, "kind" | "faultKind" | "target">): DiskIds {
  const declared = (get: (name: string) => number, what: string, list: string) => (name: string): number => {
    try {
      return get(name);
    } catch {
      throw new Error(`target '${ctx.target}' uses a disk but does not declare the ${what} '${name}': declare ${list}`);
    }
  };
  const event = declared((n) => ctx.kind(n), "event kind", "eventKinds: [...yours, ...DISK_EVENT_KINDS]");
  const fault = declared((n) => ctx.faultKind(n), "fault kind", "faultKinds: [...yours, ...DISK_FAULT_KINDS]");
  const e = (name: (typeof DISK_EVENT_KINDS)[number]): number => event(name);
  const f = (name: (typeof DISK_FAULT_KINDS)[number]): number => fault(name);
  return {
    events: {
      write: e("disk.write"),
      truncate: e("disk.truncate"),
      sync: e("disk.sync"),
      read: e("disk.read"),
      crashLost: e("disk.crash-lost"),
      crashKept: e("disk.crash-kept"),
      torn: e("disk.torn"),
      latent: e("disk.latent"),
      misdirected: e("disk.misdirected"),
      corruptRead: e("disk.corrupt-read"),
    },
    faults: {
      latency: f("disk.latency"),
      torn: f("disk.torn"),
      partial: f("disk.partial"),
      readFault: f("disk.read-fault"),
      misdirect: f("disk.misdirect"),
    },
  };
}
