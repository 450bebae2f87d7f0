/**
 * What a second worker costs (issue 19): the CLI sweeping 1,000 seeds with `--jobs 1` and with
 * `--jobs 2`, interleaved after one warm-up each, JOBS_PAIRS pairs. The goal is on CPU time (user
 * + system of the child and all its threads; workers are threads), paired ratio jobs 2 / jobs 1
 * <= 1.1x on the median: splitting the seeds over workers may not burn more than 10% extra CPU.
 * The wall speed-up is shown for information only: on a shared 2-core machine it measures the
 * neighbours' load as much as simctl.
 */
import { cpuTimes, runNode, summarizeChildren, type ChildRun, type ChildSummary } from "./child.js";
import { interleavePair } from "./interleave.js";
import { pairedRatios, type Summary } from "./stats.js";

export const JOBS_PAIRS = 5;
export const JOBS_SEEDS = 1000;

export interface JobsResult {
  readonly one: ChildSummary;
  readonly two: ChildSummary;
  /** CPU jobs 2 / jobs 1 per pair; undefined without GNU time. */
  readonly cpuRatio: Summary | undefined;
  /** Wall jobs 1 / jobs 2 per pair. */
  readonly wallSpeedup: Summary;
}

const sweep = (jobs: number) => (): ChildRun => runNode(["bin/simctl.js", "sweep", "--seeds", String(JOBS_SEEDS), "--jobs", String(jobs), "--no-progress"]);

export async function benchJobs(): Promise<JobsResult> {
  const [one, two] = await interleavePair(sweep(1), sweep(2), JOBS_PAIRS);
  const cpuOne = cpuTimes(one);
  const cpuTwo = cpuTimes(two);
  return {
    one: summarizeChildren(one),
    two: summarizeChildren(two),
    cpuRatio: cpuOne === undefined || cpuTwo === undefined ? undefined : pairedRatios(cpuTwo, cpuOne),
    wallSpeedup: pairedRatios(one.map((r) => r.wallMs), two.map((r) => r.wallMs)),
  };
}
