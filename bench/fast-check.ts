/**
 * simctl against fast-check (issue 19: >= 5x), both doing the same work per run: 100 cases of
 * exactly 500 done-ledger ops each, drawn with the default workload's op mix and weights, at sunny
 * (no background faults: fast-check has none), every op judged by the same SUT, oracle and
 * invariant checks (fast-check drives them through test/support/ledger-model.ts, as a user would
 * write it). simctl: an in-process sweep of 100 seeds x 500 ops. fast-check: fc.assert over
 * fc.modelRun of fc.array(command, length exactly 500), 100 runs, a fixed seed so every run does the
 * same work. In each of FC_PROCESSES fresh processes: one warm-up each, then FC_PAIRS interleaved
 * pairs, each run timed in CPU time. The ratio is simctl / fast-check steps per CPU-second per pair,
 * judged on the median of all the pairs. Several processes because fast-check's speed is a property
 * of the process, not of the run: on this machine a process settles at either ~115k or ~195k
 * steps/CPU-s (V8's optimisation of its generators, decided early and kept) and stays there within
 * 10%, so one process's pairs would measure that process's luck, not fast-check.
 */
import fc from "fast-check";
import { sweep } from "../src/index.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { KEYS, POLICIES, TENANTS } from "../src/targets/done-ledger/model.js";
import type { LedgerOp } from "../src/targets/done-ledger/ops.js";
import { DEFAULT_WEIGHTS } from "../src/targets/done-ledger/workload.js";
import { LedgerCommand, recordArbitrary, setup } from "../test/support/ledger-model.js";
import { timed, timedAsync, type CpuWall } from "./cpu-wall.js";
import { interleavePair } from "./interleave.js";
import { median, pairedRatios, summarize, type Summary } from "./stats.js";

export const FC_PROCESSES = 5;
export const FC_PAIRS = 3;
export const FC_CASES = 100;
export const FC_OPS = 500;
const STEPS = FC_CASES * FC_OPS;

/** One process's pairs: steps per CPU-second of each side, pair by pair. */
export interface VersusPairs {
  readonly simctl: readonly number[];
  readonly fastCheck: readonly number[];
}

export interface VersusResult {
  /** Steps per CPU-second of each side, over every pair. */
  readonly simctl: Summary;
  readonly fastCheck: Summary;
  /** simctl / fast-check steps per CPU-second, per pair. */
  readonly ratio: Summary;
  /** The median fast-check figure of each process, in order. */
  readonly fastCheckByProcess: readonly number[];
}

/** The default workload's op mix as a fast-check arbitrary (32 keys, batches of 1-8). */
function ledgerOps(): fc.Arbitrary<LedgerOp> {
  const record = recordArbitrary(KEYS.length);
  const order = fc.constantFrom("oldestFirst" as const, "newestFirst" as const);
  const n = fc.integer({ min: 1, max: 3 });
  const w = DEFAULT_WEIGHTS;
  return fc.oneof(
    { weight: w.upsert, arbitrary: fc.array(record, { minLength: 1, maxLength: 8 }).map((recs) => ({ t: "upsert" as const, recs })) },
    { weight: w.get, arbitrary: fc.record({ tenant: fc.nat(TENANTS.length - 1), policy: fc.nat(POLICIES.length - 1), ovids: fc.array(fc.nat(7), { minLength: 1, maxLength: 4 }) }).map((g) => ({ t: "get" as const, ...g })) },
    { weight: w.getRecord, arbitrary: fc.nat(KEYS.length - 1).map((k) => ({ t: "getRecord" as const, k })) },
    { weight: w.snapshot, arbitrary: fc.constant({ t: "snapshot" as const }) },
    { weight: w.releaseNext, arbitrary: order.map((o) => ({ t: "releaseNext" as const, order: o })) },
    { weight: w.releaseSpecific, arbitrary: fc.nat(63).map((pick) => ({ t: "releaseSpecific" as const, pick })) },
    { weight: w.releaseAll, arbitrary: order.map((o) => ({ t: "releaseAll" as const, order: o })) },
    { weight: w.failSubmissions, arbitrary: n.map((c) => ({ t: "failSubmissions" as const, n: c })) },
    { weight: w.failCommits, arbitrary: n.map((c) => ({ t: "failCommits" as const, n: c })) },
    { weight: w.delayWrites, arbitrary: n.map((c) => ({ t: "delayWrites" as const, n: c })) },
    { weight: w.autoComplete, arbitrary: fc.boolean().map((on) => ({ t: "autoComplete" as const, on })) },
  );
}

const CASE = fc.array(ledgerOps().map((op) => new LedgerCommand(op)), { minLength: FC_OPS, maxLength: FC_OPS });
const PROPERTY = fc.property(CASE, (cmds) => {
  const { model, real } = setup(null)();
  fc.modelRun(() => ({ model, real }), cmds);
  const end = real.sim.finish();
  if (end.length > 0) throw new Error(`${end[0]!.invariant}: ${end[0]!.message}`);
});

/** One fast-check run; throws unless exactly STEPS commands ran (LedgerCommand counts them). */
function fastCheckOnce(): CpuWall {
  const before = LedgerCommand.executed;
  const t = timed(() => fc.assert(PROPERTY, { numRuns: FC_CASES, seed: 1 }));
  const ran = LedgerCommand.executed - before;
  if (ran !== STEPS) throw new Error(`fast-check ran ${ran} commands, expected ${STEPS}`);
  return t;
}

async function simctlOnce(): Promise<CpuWall> {
  const target = BUILTIN_TARGETS.get("done-ledger")!;
  const t = await timedAsync(() => sweep(target, { base: 0, count: FC_CASES }, { ops: FC_OPS, faultLevel: "sunny" }));
  if (t.result.totalSteps !== STEPS) throw new Error(`simctl ran ${t.result.totalSteps} steps, expected ${STEPS}`);
  return t;
}

/** This process's pairs (run as a bench section in a fresh process). */
export async function benchVersusPairs(): Promise<VersusPairs> {
  const [ours, theirs] = await interleavePair(simctlOnce, fastCheckOnce, FC_PAIRS);
  const rate = (runs: readonly CpuWall[]): number[] => runs.map((r) => STEPS / (r.cpuMs / 1000));
  return { simctl: rate(ours), fastCheck: rate(theirs) };
}

/** The pairs of several processes, pooled. */
export function poolVersus(processes: readonly VersusPairs[]): VersusResult {
  const simctl = processes.flatMap((p) => p.simctl);
  const fastCheck = processes.flatMap((p) => p.fastCheck);
  return { simctl: summarize(simctl), fastCheck: summarize(fastCheck), ratio: pairedRatios(simctl, fastCheck), fastCheckByProcess: processes.map((p) => median(p.fastCheck)) };
}
