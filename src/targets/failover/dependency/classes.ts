/** The mechanics of every backend class, by class. */
import type { BackendClass } from "../contract.js";
import { kvConsensus } from "./kv-consensus.js";
import { logReplicated } from "./log-replicated.js";
import type { ClassMechanics } from "./mechanics.js";
import { objectManifest } from "./object-manifest.js";
import { sqlQuorum } from "./sql-quorum.js";

const MECHANICS: Record<BackendClass, ClassMechanics> = {
  "sql-quorum": sqlQuorum,
  "kv-consensus": kvConsensus,
  "log-replicated": logReplicated,
  "object-manifest": objectManifest,
};

export function mechanicsOf(cls: BackendClass): ClassMechanics {
  return MECHANICS[cls];
}
