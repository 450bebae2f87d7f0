/**
 * Start-up cost of the built CLI (issue 19): `node bin/simctl.js sweep --seeds 100` (500 ops,
 * stormy: the defaults) against bare `node -e 0`, interleaved after one warm-up each, CLI_PAIRS
 * pairs. Wall from spawn to exit and the child's CPU time (bench/child.ts). What simctl adds is
 * "beyond node" = median(sweep wall) - median(node wall), with the per-pair differences beside it;
 * the goal (<= 500 ms) is judged on the difference of the medians.
 */
import { runNode, summarizeChildren, type ChildSummary } from "./child.js";
import { interleavePair } from "./interleave.js";
import { pairedDifferences, type Summary } from "./stats.js";

export const CLI_PAIRS = 7;
const SWEEP = ["bin/simctl.js", "sweep", "--seeds", "100"] as const;
const BARE = ["-e", "0"] as const;

export interface CliSweepResult {
  readonly command: string;
  readonly bare: string;
  readonly sweep: ChildSummary;
  readonly node: ChildSummary;
  /** Median sweep wall minus median node wall: what the goal is judged on. */
  readonly beyondNodeMs: number;
  /** Sweep wall minus node wall, pair by pair. */
  readonly pairDiffMs: Summary;
}

export async function benchCliSweep(): Promise<CliSweepResult> {
  return beyondNode(SWEEP, BARE, CLI_PAIRS);
}

/** `node ...command` against `node ...bare`, `pairs` interleaved pairs after a warm-up each. */
export async function beyondNode(command: readonly string[], bare: readonly string[], pairs: number): Promise<CliSweepResult> {
  const [commands, bares] = await interleavePair(() => runNode(command), () => runNode(bare), pairs);
  const sweep = summarizeChildren(commands);
  const node = summarizeChildren(bares);
  return {
    command: `node ${command.join(" ")}`,
    bare: `node ${bare.join(" ")}`,
    sweep,
    node,
    beyondNodeMs: sweep.wallMs.median - node.wallMs.median,
    pairDiffMs: pairedDifferences(commands.map((r) => r.wallMs), bares.map((r) => r.wallMs)),
  };
}
