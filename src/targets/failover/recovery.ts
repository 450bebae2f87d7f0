/**
 * How a new primary rebuilds its state before it serves, and how a standby of a replaying backend
 * keeps a checkpoint. A backend whose contract says `recoveryRequiresReplay` holds a log: the
 * standby replays it from its checkpoint (the records since, each setting one key); any other
 * reads the whole state. Both return the state with the journal position and manifest version it
 * reflects, or undefined when the store did not answer (the caller retries while it holds the lease).
 */
import type { FailoverHost } from "./manager.js";
import { KEYS, type Value } from "./model.js";

/** A state and where in the store's history it stands. */
export interface Checkpoint {
  readonly values: readonly Value[];
  /** Journal position the values reflect. */
  readonly position: number;
  /** The manifest version seen with them. */
  readonly version: number;
}

export const EMPTY_CHECKPOINT: Checkpoint = Object.freeze({ values: Object.freeze(KEYS.map((): Value => [])), position: 0, version: 0 });

/** The checkpoint a restarted node persisted, or the empty one. */
export function restoredCheckpoint(durable: unknown): Checkpoint {
  const c = durable as Partial<Checkpoint> | undefined;
  if (c === undefined || !Array.isArray(c.values) || typeof c.position !== "number" || typeof c.version !== "number") return EMPTY_CHECKPOINT;
  return c as Checkpoint;
}

/** Read the whole state. */
export async function readState(host: FailoverHost): Promise<Checkpoint | undefined> {
  const answer = await host.call({ t: "read" });
  if (answer === "timeout" || answer.t !== "state") return undefined;
  return { values: answer.values, position: answer.position, version: answer.version };
}

/** Replay the journal from `from`'s position onto its values. */
export async function replayFrom(host: FailoverHost, from: Checkpoint): Promise<Checkpoint | undefined> {
  const answer = await host.call({ t: "replay", from: from.position });
  if (answer === "timeout" || answer.t !== "journal") return undefined;
  const values = [...from.values];
  for (const record of answer.records) values[record.key] = record.value;
  return { values, position: answer.position, version: answer.version };
}
