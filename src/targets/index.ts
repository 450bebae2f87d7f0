/**
 * The registry of built-in targets: name -> target. Each entry is a module whose default export
 * is `defineTarget(...)`, exactly like a user's target module.
 */
import type { Target } from "../index.js";
import asyncDriver from "./async-driver/builtin.js";
import doneLedger from "./done-ledger/index.js";
import failover from "./failover/builtin.js";
import findingsSink from "./findings-sink/index.js";
import raft from "./raft/index.js";
import raftStorage from "./raft-storage/index.js";
import replication from "./replication/index.js";

export const BUILTIN_TARGETS: ReadonlyMap<string, Target<unknown>> = new Map(
  [doneLedger as Target<unknown>, findingsSink as Target<unknown>, replication as Target<unknown>, raftStorage as Target<unknown>, raft as Target<unknown>, failover as Target<unknown>, asyncDriver as Target<unknown>].map((t) => [t.name, t]),
);

export const DEFAULT_TARGET = "done-ledger";
