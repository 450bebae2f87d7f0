/**
 * Readable text for the disk's trace entries, for a target's `describeEvent`:
 *
 * ```ts
 * describeEvent: (kind, a, b) => describeDiskEvent(kind, a, b) ?? describeNetEvent(kind, a, b) ?? describeMine(kind, a, b),
 * ```
 *
 * Files are named by their number on their disk (creation order): the trace holds numbers only.
 */
import type { NodeName } from "../net/describe.js";
import { DISK_FILES_MAX } from "./kinds.js";

const byNumber: NodeName = (id) => `n${id}`;

/** The node whose disk a `disk.*` entry happened on, for a target's `eventNode`; undefined for any other kind. */
export function diskEventNode(kind: string, a: number): number | undefined {
  return kind.startsWith("disk.") ? Math.floor(a / DISK_FILES_MAX) : undefined;
}

/** A phrase for a `disk.*` entry, or undefined for any other kind. */
export function describeDiskEvent(kind: string, a: number, b: number, name: NodeName = byNumber): string | undefined {
  if (!kind.startsWith("disk.")) return undefined;
  const node = Math.floor(a / DISK_FILES_MAX);
  const id = a % DISK_FILES_MAX;
  const file = `${name(node)} file ${id === DISK_FILES_MAX - 1 ? "*" : String(id)}`;
  switch (kind) {
    case "disk.write":
    case "disk.read":
    case "disk.torn":
    case "disk.latent":
    case "disk.corrupt-read":
      return `${file} record ${b}`;
    case "disk.misdirected":
      return `${file}, landed on record ${b}`;
    case "disk.truncate":
      return `${file} to ${b} records`;
    case "disk.sync":
      return file;
    case "disk.crash-lost":
      return `${file}: ${b} unsynced write${b === 1 ? "" : "s"} lost`;
    case "disk.crash-kept":
      return `${file}: ${b} unsynced write${b === 1 ? "" : "s"} kept`;
    default:
      return undefined;
  }
}
