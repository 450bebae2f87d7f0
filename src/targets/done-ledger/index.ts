/**
 * The done-ledger target: an in-memory done-ledger (monotonic lattice merge over pending writes
 * with fault injection), its oracle and invariants I1-I10. Built only from the public API, the
 * way a user's target is.
 *
 * Its store contract (contract.ts) is what a user's backend implements: `--impl ./my-store.ts`
 * plugs one in (plugged.ts), and the contract's clause checks run on the built-in reference
 * store here and on the user's store there. The contract's types are exported below.
 */
import { defineTarget } from "../../index.js";
import { BUGS } from "./bugs.js";
import { ledgerClauses } from "./clauses.js";
import { INVARIANTS } from "./invariants.js";
import { describeLedgerOp, parseLedgerOp, shrinkLedgerOp, type LedgerOp } from "./ops.js";
import { LEDGER_IMPL } from "./plugged.js";
import { referenceLedgerStore } from "./reference-store.js";
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
  // The plugged target runs other ops (held batches, deliveries): the CLI treats every target as
  // Target<unknown>, and a plugged target's ops only ever meet its own parseOp and describeOp.
  impl: LEDGER_IMPL,
  clauses: ledgerClauses(referenceLedgerStore),
  create: (ctx) => new LedgerSim(ctx),
});

export type { DoneLedgerRecord, DoneLedgerStore, DoneLedgerStoreFactory, LedgerEntry, LedgerKey, Status } from "./contract.js";
export { LEDGER_CONTRACT } from "./contract.js";
export { referenceLedgerStore } from "./reference-store.js";
export { pluggedLedgerTarget } from "./plugged.js";
