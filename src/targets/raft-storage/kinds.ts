/**
 * The raft-storage target's histogram kinds and how their trace arguments read. Its own kinds come
 * first (each op when it starts running, then what it met), the disk's follow.
 */
import { describeDiskEvent, DISK_EVENT_KINDS } from "../../index.js";

export const OP_KINDS = [
  "op.append",
  "op.replicate",
  "op.truncate",
  "op.vote",
  "op.apply",
  "op.apply-batch",
  "op.compact",
  "op.install",
  "op.read",
  "op.state",
  "op.membership",
  "op.snapshot",
  "op.crash",
  "op.restart",
] as const;

export const OUTCOME_KINDS = [
  /** An op with nothing to do (no entry to apply, nothing new to compact, no conflict to delete). */
  "op.skipped",
  /** A replication re-sent entries the log already held. */
  "log.resend",
  /** An application answered a client-level error. */
  "apply.client-error",
  "install.ahead",
  "install.within",
  /** A crash or restart cut a mutating call short. */
  "crash.mid-call",
  "crash.idle",
  /** What recovery found of the call cut short: all of it, none of it, part of it. */
  "recovery.kept",
  "recovery.lost",
  "recovery.partial",
  /** The rebuilt store reported fewer applied entries than before (Raft re-applies them). */
  "recovery.regressed",
] as const;

export const TARGET_KINDS = [...OP_KINDS, ...OUTCOME_KINDS] as const;
/**
 * The disk's media faults (latent read errors, misdirected writes) are off for this target (see
 * sim.ts): they destroy synced data one store cannot recover, so their kinds are not declared.
 */
export const MEDIA_FAULT_EVENTS: readonly string[] = ["disk.latent", "disk.misdirected"];
export const MEDIA_FAULTS: readonly string[] = ["disk.read-fault", "disk.misdirect"];
export const EVENT_KINDS: readonly string[] = [...TARGET_KINDS, ...DISK_EVENT_KINDS.filter((k) => !MEDIA_FAULT_EVENTS.includes(k))];

export type KindName = (typeof TARGET_KINDS)[number];

/** The trace arguments of the target's kinds in words: `a` an index, `b` a count. */
export function describeRaftStorageEvent(kind: string, a: number, b: number): string | undefined {
  const disk = describeDiskEvent(kind, a, b);
  if (disk !== undefined) return disk;
  switch (kind) {
    case "op.append":
    case "op.apply":
    case "op.compact":
    case "op.install":
    case "install.ahead":
    case "install.within":
    case "apply.client-error":
      return `index ${a}`;
    case "op.replicate":
    case "op.apply-batch":
    case "log.resend":
      return `from index ${a}, ${b} entr${b === 1 ? "y" : "ies"}`;
    case "op.truncate":
    case "op.read":
      return `[${a}, ${b})`;
    case "op.vote":
      return `term ${a}, vote ${b < 0 ? "none" : b}`;
    case "recovery.regressed":
      return `last applied ${b}, was ${a}`;
    default:
      return kind.startsWith("op.") || kind.startsWith("crash.") || kind.startsWith("recovery.") ? "" : undefined;
  }
}
