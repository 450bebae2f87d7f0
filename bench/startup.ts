/**
 * Start-up of a user's TypeScript target: `simctl sweep --target examples/cache-target.ts --seeds
 * 1` against bare `node -e ""`, run interleaved (node, simctl, node, simctl, ...) so both see the
 * same machine load. Wall from spawn to exit, and the child's CPU time (user + system, every
 * thread) from /usr/bin/time when the machine has it (bench/child.ts). The goal (issue 13): under
 * 1 s of wall beyond node's own start-up, judged on the medians.
 */
import { runNode, summarizeChildren, type ChildSummary } from "./child.js";
import { interleavePair } from "./interleave.js";

export const STARTUP_RUNS = 7;
const SWEEP = ["bin/simctl.js", "sweep", "--target", "examples/cache-target.ts", "--seeds", "1"] as const;
const BARE = ["-e", ""] as const;

export interface StartupResult {
  readonly command: string;
  readonly sweep: ChildSummary;
  readonly node: ChildSummary;
  /** Median sweep wall minus median node wall. */
  readonly beyondNodeMs: number;
}

export async function benchStartup(): Promise<StartupResult> {
  // The warm-up runs warm the file cache (tsx, the example); they are not counted.
  const [bare, sweeps] = await interleavePair(() => runNode(BARE), () => runNode(SWEEP), STARTUP_RUNS);
  const sweep = summarizeChildren(sweeps);
  const node = summarizeChildren(bare);
  return { command: `node ${SWEEP.join(" ")}`, sweep, node, beyondNodeMs: sweep.wallMs.median - node.wallMs.median };
}
