/**
 * The done-ledger target: an in-memory done-ledger (monotonic lattice merge over pending writes
 * with fault injection), its oracle and invariants I1-I10. Built only from the public API, the
 * way a user's target is.
 */
import { defineTarget } from "../../index.js";
import { BUGS } from "./bugs.js";
import { INVARIANTS } from "./invariants.js";
import { describeLedgerOp, parseLedgerOp, shrinkLedgerOp, type LedgerOp } from "./ops.js";
import { describeLedgerEvent, EVENT_KINDS, FAULT_KINDS, LedgerSim, SWIZZLE_KINDS } from "./sim.js";

export default defineTarget<LedgerOp>({
  name: "done-ledger",
  description: "in-memory done-ledger: monotonic lattice merge, pending writes, injected submit/commit failures",
  invariants: INVARIANTS,
  bugs: BUGS,
  workloads: {
    default: "weighted upserts (batches of 1-8 over 32 keys), reads, releases and fault-counter ops",
    "swizzle-clog": "overlapping delayed batches on hot keys, released in shuffled order, commit failures on a subset",
  },
  eventKinds: EVENT_KINDS,
  workloadKinds: { "swizzle-clog": SWIZZLE_KINDS },
  faultKinds: FAULT_KINDS,
  parseOp: parseLedgerOp,
  describeOp: describeLedgerOp,
  describeEvent: describeLedgerEvent,
  shrinkOp: shrinkLedgerOp,
  create: (ctx) => new LedgerSim(ctx),
});
