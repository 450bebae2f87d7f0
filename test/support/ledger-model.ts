/**
 * fast-check model-based testing of the done-ledger: commands are done-ledger ops, the model is the
 * oracle, the real system is the ledger driven through the simulation's glue, so every command is
 * judged by I1-I10. Shared by the model-based test and the fast-check comparison benchmark.
 */
import fc from "fast-check";
import { Simulation } from "../../src/core/context.js";
import type { Target } from "../../src/index.js";
import target from "../../src/targets/done-ledger/index.js";
import { STATUSES } from "../../src/targets/done-ledger/model.js";
import { describeLedgerOp, type LedgerOp } from "../../src/targets/done-ledger/ops.js";
import type { KeyedRecord, LedgerOracle } from "../../src/targets/done-ledger/oracle.js";
import { LedgerSim } from "../../src/targets/done-ledger/sim.js";

export type Model = { oracle: LedgerOracle };
export type Real = { sim: LedgerSim };

export class LedgerCommand implements fc.Command<Model, Real> {
  constructor(readonly op: LedgerOp) {}
  check(): boolean {
    return true;
  }
  /** Commands run so far (the benchmark counts steps with it). */
  static executed = 0;

  run(model: Model, real: Real): void {
    LedgerCommand.executed++;
    real.sim.apply(this.op);
    const violations = real.sim.check();
    if (violations.length > 0) throw new Error(`${violations[0]!.invariant}: ${violations[0]!.message}`);
    // The model is the oracle the glue keeps in lockstep: it must still agree on what is pending.
    if (model.oracle.writes.pending.size !== real.sim.ledger.pendingCount()) throw new Error("pending queues diverged");
  }
  toString(): string {
    return describeLedgerOp(this.op);
  }
}

/** Valid done-ledger records over the first `keys` keys (I3 and I4 hold on input). */
export function recordArbitrary(keys: number): fc.Arbitrary<KeyedRecord> {
  return fc
    .record({ k: fc.nat(keys - 1), status: fc.constantFrom(...STATUSES), bytes: fc.nat(999), findings: fc.nat(4), t: fc.nat(8), d: fc.nat(8), run: fc.nat(39) })
    .map((r) => ({
    k: r.k,
    status: r.status,
    bytesScanned: r.bytes,
    findingsCount: r.status === "scanned_clean" ? 0 : r.status === "scanned_with_findings" ? r.findings + 1 : r.findings,
    startedAt: r.t,
    finishedAt: r.t + r.d,
    errorCode: r.status.startsWith("failed") ? "E_IO" : null,
    runId: `run-${r.run}`,
  }));
}

const KEYS_USED = 4; // few keys, so writes collide
const record = recordArbitrary(KEYS_USED);
const order = fc.constantFrom("oldestFirst" as const, "newestFirst" as const);
const op: fc.Arbitrary<LedgerOp> = fc.oneof(
  { arbitrary: fc.array(record, { minLength: 1, maxLength: 3 }).map((recs) => ({ t: "upsert" as const, recs })), weight: 4 },
  { arbitrary: fc.array(fc.nat(KEYS_USED - 1), { minLength: 1, maxLength: 3 }).map((ovids) => ({ t: "get" as const, tenant: 0, policy: 0, ovids })), weight: 2 },
  fc.constant({ t: "snapshot" as const }),
  order.map((o) => ({ t: "releaseNext" as const, order: o })),
  fc.nat(8).map((pick) => ({ t: "releaseSpecific" as const, pick })),
  order.map((o) => ({ t: "releaseAll" as const, order: o })),
  fc.constant({ t: "failCommits" as const, n: 1 }),
  fc.constant({ t: "failSubmissions" as const, n: 1 }),
  fc.integer({ min: 1, max: 2 }).map((n) => ({ t: "delayWrites" as const, n })),
  fc.boolean().map((on) => ({ t: "autoComplete" as const, on })),
);
export const commands = fc.commands([op.map((o) => new LedgerCommand(o))], { maxCommands: 40 });

/** Delay a write, make its commit fail, release it (it fails), then retry it: it commits. */
export const RETRIED: KeyedRecord = { k: 0, status: "scanned_clean", bytesScanned: 42, findingsCount: 0, startedAt: 1, finishedAt: 2, errorCode: null, runId: "run-prefix" };
export const PREFIX: LedgerOp[] = [
  { t: "delayWrites", n: 1 },
  { t: "failCommits", n: 1 },
  { t: "upsert", recs: [RETRIED] },
  { t: "releaseAll", order: "oldestFirst" },
  { t: "upsert", recs: [RETRIED] },
];

export function setup(bug: string | null) {
  return (): { model: Model; real: Real } => {
    const ctx = new Simulation(target as Target<unknown>, { seed: 0, workload: "default", faultLevel: "sunny", bug, disabledFaults: new Set() });
    const sim = new LedgerSim(ctx);
    return { model: { oracle: sim.oracle }, real: { sim } };
  };
}

export function property(bug: string | null) {
  return fc.property(commands, (cmds) => {
    const make = setup(bug);
    let real: Real | undefined;
    fc.modelRun(() => {
      const s = make();
      real = s.real;
      return s;
    }, [...PREFIX.map((o) => new LedgerCommand(o)), ...cmds]);
    const end = real!.sim.finish();
    if (end.length > 0) throw new Error(`${end[0]!.invariant}: ${end[0]!.message}`);
  });
}

