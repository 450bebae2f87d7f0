/**
 * The plugged findings-sink: the findings-sink target around a user's store (`--impl
 * ./my-store.ts`, whose default export is a {@link FindingsStoreFactory}). Same oracle and
 * invariants F1-F7 as the built-in target, checked through the store's own reads; no pending queue
 * or fault knobs (a backend has none), so out-of-order and replayed batches come from the wire
 * instead (held batches delivered out of order, delay and duplicate faults). F8 (the in-memory
 * fault controls) does not apply.
 */
import { defineTarget, type ImplContract, type Target } from "../../index.js";
import { CALLS_INVARIANT, CALLS_STATEMENT } from "../shared/plugged-driver.js";
import { describePluggedEvent, PLUGGED_EVENT_KINDS, PLUGGED_FAULT_KINDS } from "../shared/plugged-kinds.js";
import { asStoreFactory } from "../shared/store-call.js";
import { findingsClauses } from "./clauses.js";
import { FINDINGS_CONTRACT, type FindingsStoreFactory } from "./contract.js";
import { INVARIANTS } from "./invariants.js";
import { describeSinkEvent, SINK_KINDS } from "./kinds.js";
import { describePluggedSinkOp, parsePluggedSinkOp, shrinkPluggedSinkOp, type PluggedSinkOp } from "./plugged-ops.js";
import { SinkStoreSim } from "./store-sim.js";

export const PLUGGED_INVARIANTS = {
  F1: INVARIANTS.F1,
  F2: INVARIANTS.F2,
  F3: INVARIANTS.F3,
  F4: INVARIANTS.F4,
  F5: INVARIANTS.F5,
  F6: INVARIANTS.F6,
  F7: "the store's state equals the oracle's: on every read, and in full (snapshots, durableCounts) once nothing is in flight",
  [CALLS_INVARIANT]: CALLS_STATEMENT,
} as const;

const EVENT_KINDS = [...SINK_KINDS, ...PLUGGED_EVENT_KINDS];

/** How a user's store plugs into the findings-sink target (the built-in and the plugged one alike). */
export const FINDINGS_IMPL: ImplContract = {
  contract: FINDINGS_CONTRACT,
  plug: (implementation) => pluggedSinkTarget(asStoreFactory<FindingsStoreFactory>(implementation, "findings store", FINDINGS_CONTRACT)),
};

export function pluggedSinkTarget(factory: FindingsStoreFactory): Target<PluggedSinkOp> {
  return defineTarget<PluggedSinkOp>({
    name: "findings-sink",
    description: "a findings store of yours (--impl) against the three-layer oracle: conflicts, orphans, replays, out-of-order and duplicated batches, reads",
    invariants: PLUGGED_INVARIANTS,
    bugs: {},
    workloads: {
      default: "batches mixing new rows, exact replays, conflicts, orphans, malformed rows and observation updates; held batches delivered out of order; reads",
      "out-of-order": "rounds of overlapping batches on hot observations held in flight, some replayed, delivered in shuffled order",
    },
    eventKinds: EVENT_KINDS,
    faultKinds: PLUGGED_FAULT_KINDS,
    parseOp: parsePluggedSinkOp,
    describeOp: describePluggedSinkOp,
    describeEvent: (kind, a, b) => describePluggedEvent(kind, a, b) ?? describeSinkEvent(kind, a, b),
    shrinkOp: shrinkPluggedSinkOp,
    impl: FINDINGS_IMPL,
    clauses: findingsClauses(factory),
    create: (ctx) => new SinkStoreSim(ctx, factory),
  });
}
