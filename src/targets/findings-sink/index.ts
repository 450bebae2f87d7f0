/**
 * The findings-sink target: an in-memory findings store (findings, occurrences, observations;
 * validate-then-mutate, parents first) on the same store core as the done-ledger, its oracle and
 * invariants F1-F8. Built only from the public API, the way a user's target is.
 */
import { defineTarget } from "../../index.js";
import { SWIZZLE_KINDS } from "../shared/store-kinds.js";
import { BUGS } from "./bugs.js";
import { INVARIANTS } from "./invariants.js";
import { describeSinkOp, parseSinkOp, shrinkSinkOp, type SinkOp } from "./ops.js";
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
  create: (ctx) => new SinkSim(ctx),
});
