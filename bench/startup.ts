/**
 * Start-up of a user's TypeScript target: `simctl sweep --target examples/cache-target.ts --seeds
 * 1` against bare `node -e ""`, run interleaved (node, simctl, node, simctl, ...) so both see the
 * same machine load. Wall from spawn to exit, and the child's CPU time (user + system, every
 * thread) from /usr/bin/time when the machine has it (bench/child.ts). The goal (issue 13): under
 * 1 s of wall beyond node's own start-up, judged on the medians.
 */
import { beyondNode, type CliSweepResult } from "./cli-sweep.js";

export const STARTUP_RUNS = 7;
const SWEEP = ["bin/simctl.js", "sweep", "--target", "examples/cache-target.ts", "--seeds", "1"] as const;
const BARE = ["-e", ""] as const;

export type StartupResult = CliSweepResult;

/** The warm-up runs warm the file cache (tsx, the example); they are not counted. */
export function benchStartup(): Promise<StartupResult> {
  return beyondNode(SWEEP, BARE, STARTUP_RUNS);
}
