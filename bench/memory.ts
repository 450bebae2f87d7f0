/**
 * Memory of a long run (issue 19: under 200 MiB): the done-ledger's seed 1 at stormy for 1,000,000
 * ops, each time in a fresh child process so that its peak RSS is the run's alone (not this
 * bench's heap). The child imports the built library (dist/), reports its steps, its CPU time
 * (process.cpuUsage around the run) and process.resourceUsage().maxRSS at the end, which is the
 * peak over the child's life. MEMORY_RUNS runs, median; nothing to interleave with.
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { ROOT, runNode } from "./child.js";
import { summarize, type Summary } from "./stats.js";

export const MEMORY_RUNS = 3;
export const MEMORY_OPS = 1_000_000;

export interface MemoryResult {
  readonly steps: number;
  readonly maxRssMiB: Summary;
  readonly stepsPerCpuSec: Summary;
}

interface ChildReport {
  readonly steps: number;
  readonly violations: number;
  readonly cpuMs: number;
  readonly maxRssKiB: number;
}

const dist = (path: string): string => JSON.stringify(pathToFileURL(join(ROOT, "dist", path)).href);
const CHILD = `
import { runSeed } from ${dist("index.js")};
import { BUILTIN_TARGETS } from ${dist("targets/index.js")};
const cpu = process.cpuUsage();
const r = await runSeed(BUILTIN_TARGETS.get("done-ledger"), 1, { ops: ${MEMORY_OPS}, faultLevel: "stormy" });
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ steps: r.steps, violations: r.violations.length, cpuMs: (used.user + used.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS }));
`;

function once(): ChildReport {
  const out = runNode(["--input-type=module", "-e", CHILD]).stdout.trim().split("\n").at(-1) ?? "";
  const report = JSON.parse(out) as ChildReport;
  if (report.violations > 0) console.warn(`warning: the ${MEMORY_OPS}-op run stopped at a violation after ${report.steps} steps`);
  return report;
}

export function benchMemory(): MemoryResult {
  const runs = Array.from({ length: MEMORY_RUNS }, once);
  return {
    steps: runs[0]!.steps,
    maxRssMiB: summarize(runs.map((r) => r.maxRssKiB / 1024)),
    stepsPerCpuSec: summarize(runs.map((r) => r.steps / (r.cpuMs / 1000))),
  };
}
