/**
 * The harness's own ceiling: a no-op target (draw one number, emit one event, no checks) run
 * through the same loop. The gap between this and the done-ledger is the target's own cost
 * (SUT + oracle + invariants), which the 1M steps/s goal is really about. Steps per CPU-second,
 * like the targets' figures; shown, not judged.
 */
import { defineTarget, runSeed } from "../src/index.js";
import { timedAsync } from "./cpu-wall.js";
import { interleave } from "./interleave.js";
import { summarize, type Summary } from "./stats.js";

const REPS = 5;
const OPS = 1_000_000;

const noop = defineTarget<number>({
  name: "noop",
  description: "no-op target for measuring the kernel",
  invariants: {},
  bugs: {},
  workloads: { default: "one number per step" },
  eventKinds: ["op"],
  create(ctx) {
    const op = ctx.kind("op");
    return {
      nextOp: () => ctx.ops.int(100),
      apply: (n: number) => ctx.emit(op, n),
      check: () => [],
      finish: () => [],
    };
  },
});

export async function benchKernel(): Promise<{ name: string; stepsPerSec: Summary }> {
  const [runs] = await interleave([() => timedAsync(() => runSeed(noop, 1, { ops: OPS, faultLevel: "sunny" }))], REPS);
  const rates = runs!.map((r) => r.result.steps / (r.cpuMs / 1000));
  return { name: `kernel only, no-op target (${OPS.toLocaleString("en-US")} ops)`, stepsPerSec: summarize(rates) };
}
