/**
 * The plugged done-ledger: the done-ledger target around a user's store (`--impl ./my-store.ts`,
 * whose default export is a {@link DoneLedgerStoreFactory}). Same oracle and merge invariants as
 * the built-in target, checked through the store's own reads; no pending queue or fault knobs
 * (a backend has none), so out-of-order and replayed batches come from the wire instead (held
 * batches delivered out of order, delay and duplicate faults). I7-I9 (the in-memory fault
 * controls) and H1 (a history of overlapping calls; here calls never overlap) do not apply.
 */
import { defineTarget, type ImplContract, type Target } from "../../index.js";
import { describePluggedEvent, PLUGGED_EVENT_KINDS, PLUGGED_FAULT_KINDS } from "../shared/plugged-kinds.js";
import { CALLS_INVARIANT, CALLS_STATEMENT } from "../shared/plugged-driver.js";
import { asStoreFactory } from "../shared/store-call.js";
import { ledgerClauses } from "./clauses.js";
import { LEDGER_CONTRACT, type DoneLedgerStoreFactory } from "./contract.js";
import { INVARIANTS } from "./invariants.js";
import { describePluggedLedgerOp, parsePluggedLedgerOp, shrinkPluggedLedgerOp, type PluggedLedgerOp } from "./plugged-ops.js";
import { describeLedgerEvent, LEDGER_KINDS } from "./sim.js";
import { LedgerStoreSim } from "./store-sim.js";

export const PLUGGED_INVARIANTS = {
  I1: INVARIANTS.I1,
  I2: INVARIANTS.I2,
  I3: INVARIANTS.I3,
  I4: INVARIANTS.I4,
  I5: INVARIANTS.I5,
  I6: "after each batch its keys read back as the oracle's committed rows; once nothing is in flight, the whole store (its snapshot) equals the oracle's committed model",
  I10: "reads return exactly the committed state (never a batch still in flight); snapshots are sorted",
  I11: "a batch that changes nothing per the merge (a replay, a duplicate delivery, a staler record) leaves every row as it was",
  [CALLS_INVARIANT]: CALLS_STATEMENT,
} as const;

const EVENT_KINDS = [...LEDGER_KINDS, "op.replay", ...PLUGGED_EVENT_KINDS];

function describeEvent(kind: string, a: number, b: number): string | undefined {
  if (kind === "op.replay") return `${a} record(s)`;
  return describePluggedEvent(kind, a, b) ?? describeLedgerEvent(kind, a, b);
}

/** How a user's store plugs into the done-ledger target (the built-in and the plugged one alike). */
export const LEDGER_IMPL: ImplContract = {
  contract: LEDGER_CONTRACT,
  plug: (implementation) => pluggedLedgerTarget(asStoreFactory<DoneLedgerStoreFactory>(implementation, "done-ledger store", LEDGER_CONTRACT)),
};

export function pluggedLedgerTarget(factory: DoneLedgerStoreFactory): Target<PluggedLedgerOp> {
  return defineTarget<PluggedLedgerOp>({
    name: "done-ledger",
    description: "a done-ledger store of yours (--impl) against the lattice-merge oracle: replays, out-of-order and duplicated batches, reads",
    invariants: PLUGGED_INVARIANTS,
    bugs: {},
    workloads: {
      default: "weighted upserts (batches of 1-8 over 32 keys), held batches delivered out of order, replays of earlier batches, reads",
      "out-of-order": "rounds of overlapping batches on hot keys held in flight, some replayed, delivered in shuffled order",
    },
    eventKinds: EVENT_KINDS,
    faultKinds: PLUGGED_FAULT_KINDS,
    parseOp: parsePluggedLedgerOp,
    describeOp: describePluggedLedgerOp,
    describeEvent,
    shrinkOp: shrinkPluggedLedgerOp,
    impl: LEDGER_IMPL,
    clauses: ledgerClauses(factory),
    create: (ctx) => new LedgerStoreSim(ctx, factory),
  });
}
