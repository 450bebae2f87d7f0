/**
 * Timing a child `node` process from spawn to exit: wall (what a user waits for, Node start-up
 * included) and, under GNU time, the child's CPU time (user + system of the process and every one
 * of its threads: workers, GC and compiler threads) and peak RSS. Without GNU time those two are
 * undefined and a goal judged on them says "not measured". A non-zero exit is a real error.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { summarize, type Summary } from "./stats.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TIME = "/usr/bin/time";
const MARK = "simctl-bench-time";
const HAS_TIME = existsSync(TIME);

export interface ChildRun {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly maxRssKiB: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildSummary {
  readonly wallMs: Summary;
  readonly cpuMs: Summary | undefined;
}

/** Run `node ...args` in the repository root; its figures. */
export function runNode(args: readonly string[]): ChildRun {
  const argv = HAS_TIME ? ["-f", `${MARK} %U %S %M`, process.execPath, ...args] : [...args];
  const started = performance.now();
  const child = spawnSync(HAS_TIME ? TIME : process.execPath, argv, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: "1" } });
  const wallMs = performance.now() - started;
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) throw new Error(`'node ${args.join(" ")}' exited with ${child.status ?? child.signal}\n${child.stdout}${child.stderr}`);
  // GNU time prints its line last on stderr; %U and %S are in seconds (10 ms resolution), %M KiB.
  const m = new RegExp(`${MARK} (\\d+(?:\\.\\d+)?) (\\d+(?:\\.\\d+)?) (\\d+)\\s*$`).exec(child.stderr);
  return { wallMs, cpuMs: m === null ? undefined : (Number(m[1]) + Number(m[2])) * 1000, maxRssKiB: m === null ? undefined : Number(m[3]), stdout: child.stdout, stderr: child.stderr };
}

/** The CPU times of `runs`, or undefined when any is missing. */
export function cpuTimes(runs: readonly ChildRun[]): number[] | undefined {
  const cpu = runs.map((r) => r.cpuMs);
  return cpu.every((c) => c !== undefined) ? (cpu as number[]) : undefined;
}

export function summarizeChildren(runs: readonly ChildRun[]): ChildSummary {
  const cpu = cpuTimes(runs);
  return { wallMs: summarize(runs.map((r) => r.wallMs)), cpuMs: cpu === undefined ? undefined : summarize(cpu) };
}
