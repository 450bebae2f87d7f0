/**
 * Building a store through a factory, checked: a user's factory may return anything, and a store
 * that lacks a method of the contract should fail with that said, not with "x is not a function"
 * somewhere in the middle of a run.
 */
import type { DiskApi } from "../../index.js";
import { CONTRACT, type RaftStorage, type RaftStorageFactory } from "./contract.js";

export const STORAGE_METHODS = [
  "getMembershipConfig",
  "getInitialState",
  "saveHardState",
  "getLogEntries",
  "deleteLogsFrom",
  "appendEntryToLog",
  "replicateToLog",
  "applyEntryToStateMachine",
  "replicateToStateMachine",
  "doLogCompaction",
  "createSnapshot",
  "finalizeSnapshotInstallation",
  "getCurrentSnapshot",
] as const;

/** `factory(disk, nodeId)`, awaited and checked to be a RaftStorage. */
export async function openStore(factory: RaftStorageFactory, disk: DiskApi, nodeId: number): Promise<RaftStorage> {
  const store: unknown = await factory(disk, nodeId);
  if (store === null || typeof store !== "object") throw new Error(`the factory returned ${store === null ? "null" : typeof store}, not a RaftStorage (${CONTRACT})`);
  const missing = STORAGE_METHODS.filter((m) => typeof (store as Record<string, unknown>)[m] !== "function");
  if (missing.length > 0) throw new Error(`the factory's store has no method${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  return store as RaftStorage;
}

/** A module's default export as a factory, or an Error naming why it is not one. */
export function asFactory(implementation: unknown): RaftStorageFactory {
  if (typeof implementation !== "function") throw new Error(`the default export is ${implementation === null ? "null" : typeof implementation}, not a RaftStorage factory (${CONTRACT})`);
  return implementation as RaftStorageFactory;
}
