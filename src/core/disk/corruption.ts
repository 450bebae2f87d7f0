/**
 * How a disk reports a record that failed its checksum: the read's promise rejects with a
 * `DiskCorruption`, so corrupt contents can never be mistaken for data. A store catches it and
 * decides (truncate a torn tail, fetch the record from a peer and rewrite it, give up).
 *
 * ```ts
 * try {
 *   entry = JSON.parse(await host.disk.read("log", i));
 * } catch (err) {
 *   if (!(err instanceof DiskCorruption)) throw err;
 *   await host.disk.truncate("log", err.index);   // an unsynced tail the crash tore or lost
 * }
 * ```
 */
import type { CorruptionReason } from "./types.js";

const WHY: Readonly<Record<CorruptionReason, string>> = {
  torn: "a write torn by a crash",
  lost: "a hole left where a crash lost a write",
  misdirected: "a misdirected write",
  latent: "a latent read fault",
};

export class DiskCorruption extends Error {
  override readonly name = "DiskCorruption";

  constructor(
    /** The node whose disk it is. */
    readonly node: number,
    readonly file: string,
    /** The record that failed its checksum (the first one, for a range read). */
    readonly index: number,
    /** What the simulator knows caused it (for diagnostics; a real disk would not say). */
    readonly reason: CorruptionReason,
  ) {
    super(`disk of node ${node}: record ${index} of file '${file}' failed its checksum (${WHY[reason]})`);
  }
}
