/**
 * The findings-sink target: an in-memory findings store (findings, occurrences, observations;
 * validate-then-mutate, parents first) on the same store core as the done-ledger, its oracle and
 * invariants F1-F8. Built only from the public API, the way a user's target is.
 *
 * Its store contract (contract.ts) is what a user's backend implements: `--impl ./my-store.ts`
 * plugs one in (plugged.ts), and the contract's clause checks run on the built-in reference
 * store here and on the user's store there. The contract's types are exported below.
 */
import { defineTarget } from "../../index.js";
import { SWIZZLE_KINDS } from "../shared/store-kinds.js";
import { BUGS } from "./bugs.js";
import { findingsClauses } from "./clauses.js";
import { INVARIANTS } from "./invariants.js";
import { describeSinkOp, parseSinkOp, shrinkSinkOp, type SinkOp } from "./ops.js";
import { FINDINGS_IMPL } from "./plugged.js";
import { referenceFindingsStore } from "./reference-store.js";
import { describeSinkEvent, EVENT_KINDS, FAULT_KINDS, SinkSim } from "./sim.js";

export default defineTarget<SinkOp>({
  name: "findings-sink",
  description: "in-memory findings store: three-layer upsert with referential integrity, pending writes, injected failures",
  invariants: INVARIANTS,
  bugs: BUGS,
  workloads: {
    default: "batches mixing new rows, exact replays, conflicts, orphans, malformed rows and observation updates",
    "swizzle-clog": "overlapping delayed batches on hot observations, released in shuffled order, commit failures on a subset",
  },
  eventKinds: EVENT_KINDS,
  workloadKinds: { "swizzle-clog": SWIZZLE_KINDS },
  faultKinds: FAULT_KINDS,
  parseOp: parseSinkOp,
  describeOp: describeSinkOp,
  describeEvent: describeSinkEvent,
  shrinkOp: shrinkSinkOp,
  // The plugged target runs other ops (held batches, deliveries): the CLI treats every target as
  // Target<unknown>, and a plugged target's ops only ever meet its own parseOp and describeOp.
  impl: FINDINGS_IMPL,
  clauses: findingsClauses(referenceFindingsStore),
  create: (ctx) => new SinkSim(ctx),
});

export type { DurableCounts, Finding, FindingRow, FindingsBatch, FindingsErrorKind, FindingsStore, FindingsStoreError, FindingsStoreFactory, Observation, ObservationRow, Occurrence, OccurrenceRow } from "./contract.js";
export { FINDINGS_CONTRACT } from "./contract.js";
export { ERROR_KINDS, FindingsSinkError } from "./errors.js";
export { referenceFindingsStore } from "./reference-store.js";
export { pluggedSinkTarget } from "./plugged.js";
