/**
 * Sweeps at scale:
 *  - `--jobs 2` vs `--jobs 1` on a 1,000-seed CLI sweep (goal >= 1.8x on 2 cores);
 *  - in-process sweep cost as seeds x ops grows over 4 sizes: the per-step cost must stay flat;
 *  - simctl vs fast-check's `fc.modelRun` driving the same done-ledger glue (same SUT, oracle and
 *    invariant checks, same op weights): what a TypeScript user would otherwise write.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import { sweep } from "../src/index.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { KEYS, POLICIES, TENANTS } from "../src/targets/done-ledger/model.js";
import type { LedgerOp } from "../src/targets/done-ledger/ops.js";
import { DEFAULT_WEIGHTS } from "../src/targets/done-ledger/workload.js";
import { LedgerCommand, recordArbitrary, setup } from "../test/support/ledger-model.js";
import { median } from "./stats.js";

const ROOT = join(import.meta.dirname, "..");

/** Median wall time (ms) of the CLI sweeping 1,000 seeds with `jobs` workers. */
export function cliSweepMs(jobs: number, reps = 3): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "simctl.js"), "sweep", "--seeds", "1000", "--jobs", String(jobs), "--no-progress"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    if (r.status !== 0) throw new Error(`sweep --jobs ${jobs} exited ${r.status}: ${r.stderr}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

export interface ScalePoint {
  readonly seeds: number;
  readonly ops: number;
  readonly steps: number;
  readonly ms: number;
  readonly nsPerStep: number;
}

/** In-process sweeps of growing size (seeds x ops), done-ledger stormy. */
export async function sweepScaling(): Promise<ScalePoint[]> {
  const target = BUILTIN_TARGETS.get("done-ledger")!;
  const sizes: [number, number][] = [
    [25, 500],
    [100, 500],
    [400, 500],
    [400, 2000],
  ];
  await sweep(target, { base: 0, count: 50 }, { ops: 500, faultLevel: "stormy" });
  const points: ScalePoint[] = [];
  for (const [seeds, ops] of sizes) {
    const started = performance.now();
    const report = await sweep(target, { base: 0, count: seeds }, { ops, faultLevel: "stormy" });
    const ms = performance.now() - started;
    points.push({ seeds, ops, steps: report.totalSteps, ms, nsPerStep: (ms * 1e6) / report.totalSteps });
  }
  return points;
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

/** fast-check fc.modelRun over the same glue: steps/s for `runs` cases of up to 500 commands. */
export function fastCheckStepsPerSec(runs = 100): number {
  const commands = fc.commands([ledgerOps().map((op) => new LedgerCommand(op))], { maxCommands: 500, size: "max" });
  const property = fc.property(commands, (cmds) => {
    const { model, real } = setup(null)();
    fc.modelRun(() => ({ model, real }), cmds);
    real.sim.finish();
  });
  fc.assert(property, { numRuns: 10, seed: 1 });
  LedgerCommand.executed = 0;
  const started = performance.now();
  fc.assert(property, { numRuns: runs, seed: 2 });
  return LedgerCommand.executed / ((performance.now() - started) / 1000);
}

/** simctl's in-process sweep steps/s at sunny, for the side-by-side. */
export async function simctlStepsPerSec(): Promise<number> {
  const target = BUILTIN_TARGETS.get("done-ledger")!;
  await sweep(target, { base: 0, count: 20 }, { ops: 500, faultLevel: "sunny" });
  const started = performance.now();
  const report = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: "sunny" });
  return report.totalSteps / ((performance.now() - started) / 1000);
}
