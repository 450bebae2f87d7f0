/**
 * The histogram and fault kinds of the disk model. A target with a disk declares them among its
 * own: `eventKinds: [...MY_KINDS, ...DISK_EVENT_KINDS]`, `faultKinds: [...DISK_FAULT_KINDS]`.
 *
 * Trace arguments: `a` is the disk's node and file, `node * DISK_FILES_MAX + file` (the file's
 * number in creation order; `DISK_FILES_MAX - 1` for `syncAll`), `b` a record index (writes,
 * reads, tears, corrupt reads, misdirected writes: the record hit), a length (truncates) or a
 * count (crash losses and keeps). `describeDiskEvent` renders them.
 */
export const DISK_EVENT_KINDS = [
  "disk.write",
  "disk.truncate",
  "disk.sync",
  "disk.read",
  "disk.crash-lost",
  "disk.crash-kept",
  "disk.torn",
  "disk.latent",
  "disk.misdirected",
  "disk.corrupt-read",
] as const;

/** Recorded fault decisions of the disk (each shrinkable like an op). */
export const DISK_FAULT_KINDS = ["disk.latency", "disk.torn", "disk.partial", "disk.read-fault", "disk.misdirect"] as const;

export type DiskEventKind = (typeof DISK_EVENT_KINDS)[number];
export type DiskFaultKind = (typeof DISK_FAULT_KINDS)[number];

/** Files one disk may hold (trace arguments pack the node and the file into one number). */
export const DISK_FILES_MAX = 65_536;
