/**
 * H1's share of a done-ledger step: one long run (seed 1, 200,000 ops, stormy) with H1 on and
 * with it off, interleaved (on off on off ...) after a warm-up of each, CPU time and wall.
 *
 * "Off" leaves the product code alone: for those runs the methods of LedgerHistory.prototype
 * (accepted, committed, failed, read, cut) are replaced by no-ops (cut returns no violations),
 * and put back for the "on" runs. What remains in "off" is everything else of a step, so
 * H1 share = 1 - cpu_off / cpu_on, from the CPU-time medians; the per-pair shares' median and
 * range show how steady that is.
 */
import { runSeed, type Target } from "../src/index.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { LedgerHistory } from "../src/targets/done-ledger/history.js";
import { summarizeRuns, timedAsync, type CpuWall, type CpuWallSummary } from "./cpu-wall.js";
import { summarize, type Summary } from "./stats.js";

export const H1_PAIRS = 7;
const SEED = 1;
const OPS = 200_000;
const FAULT_LEVEL = "stormy";

export interface H1Variant {
  readonly name: string;
  readonly steps: number;
  readonly time: CpuWallSummary;
  /** Steps per second of CPU time and of wall, from the medians. */
  readonly cpuStepsPerSec: number;
  readonly wallStepsPerSec: number;
}

export interface H1Result {
  readonly run: string;
  readonly on: H1Variant;
  readonly off: H1Variant;
  /** 1 - cpu_off / cpu_on of the medians. */
  readonly share: number;
  /** The same per (on, off) pair. */
  readonly pairShares: Summary;
}

const METHODS = ["accepted", "committed", "failed", "read", "cut"] as const;
type Method = (typeof METHODS)[number];

/** Switch H1 off (no-op recorder methods) or back on (the originals). */
function h1Switch(): (on: boolean) => void {
  const proto = LedgerHistory.prototype as unknown as Record<Method, unknown>;
  const originals = new Map(METHODS.map((m) => [m, proto[m]]));
  const noop = (): void => {};
  const noViolations = (): never[] => [];
  return (on) => {
    for (const m of METHODS) proto[m] = on ? originals.get(m) : m === "cut" ? noViolations : noop;
  };
}

export async function benchH1(): Promise<H1Result> {
  const target = BUILTIN_TARGETS.get("done-ledger") as Target<unknown> | undefined;
  if (target === undefined) throw new Error("built-in target 'done-ledger' not found");
  const setH1 = h1Switch();
  const once = async (on: boolean): Promise<CpuWall & { result: number }> => {
    setH1(on);
    try {
      return await timedAsync(async () => (await runSeed(target, SEED, { ops: OPS, faultLevel: FAULT_LEVEL })).steps);
    } finally {
      setH1(true);
    }
  };
  await once(true);
  await once(false);
  const on: CpuWall[] = [];
  const off: CpuWall[] = [];
  const steps = { on: 0, off: 0 };
  for (let i = 0; i < H1_PAIRS; i++) {
    const a = await once(true);
    const b = await once(false);
    on.push(a);
    off.push(b);
    steps.on = a.result;
    steps.off = b.result;
  }
  // A violation would stop a run early and make the comparison meaningless: say so.
  if (steps.on !== OPS || steps.off !== OPS) console.warn(`warning: H1 bench: ${steps.on} (on) and ${steps.off} (off) of ${OPS} steps ran`);
  const variant = (name: string, n: number, runs: CpuWall[]): H1Variant => {
    const time = summarizeRuns(runs);
    return { name, steps: n, time, cpuStepsPerSec: n / (time.cpuMs.median / 1000), wallStepsPerSec: n / (time.wallMs.median / 1000) };
  };
  const vOn = variant("H1 on", steps.on, on);
  const vOff = variant("H1 off (recorder methods no-ops)", steps.off, off);
  return {
    run: `done-ledger seed ${SEED}, ${OPS.toLocaleString("en-US")} ops, ${FAULT_LEVEL}`,
    on: vOn,
    off: vOff,
    share: 1 - vOff.time.cpuMs.median / vOn.time.cpuMs.median,
    pairShares: summarize(on.map((a, i) => 1 - off[i]!.cpuMs / a.cpuMs)),
  };
}
