/**
 * How a disk reports a record that failed its checksum: the read's promise rejects with a
 * `DiskCorruption`, so corrupt contents can never be mistaken for data. A store catches it and
 * decides (truncate a torn tail, fetch the record from a peer and rewrite it, give up).
 * `instanceof DiskCorruption` holds whichever copy of simctl threw it.
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

/** A global brand, so `instanceof DiskCorruption` holds whichever copy of simctl threw it (a TypeScript module loaded through tsx gets its own copy of the library). */
const BRAND = Symbol.for("simctl.DiskCorruption");

export class DiskCorruption extends Error {
  override readonly name = "DiskCorruption";

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

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
    Object.defineProperty(this, BRAND, { value: true });
  }
}
