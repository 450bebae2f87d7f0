/** A sweep's failing seeds as readable lines, for test assertions and their messages. */
import { runSeed, type RunOptions, type Target } from "../../src/index.js";

/** Each failing seed of 0..count-1 as `seed: invariant: message` (first violation), or `seed: inconclusive`. */
export async function failures<Op>(target: Target<Op>, count: number, options: RunOptions): Promise<string[]> {
  const out: string[] = [];
  for (let seed = 0; seed < count; seed++) {
    const r = await runSeed(target, seed, options);
    const v = r.violations[0];
    if (v !== undefined) out.push(`${seed}: ${v.invariant}: ${v.message}`);
    else if (r.inconclusive.length > 0) out.push(`${seed}: inconclusive: ${r.inconclusive[0]!.message}`);
  }
  return out;
}
