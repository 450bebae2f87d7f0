/**
 * Start-up of a user's TypeScript target: `simctl sweep --target examples/cache-target.ts --seeds
 * 1` against bare `node -e ""`, run interleaved (node, simctl, node, simctl, ...) so both see the
 * same machine load. Wall from spawn to exit, and the child's CPU time (user + system, every
 * thread) from /usr/bin/time when the machine has it. The goal (issue 13): under 1 s of wall
 * beyond node's own start-up, judged on the medians.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { summarize, type Summary } from "./stats.js";

export const STARTUP_RUNS = 7;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TIME = "/usr/bin/time";
const SWEEP = ["bin/simctl.js", "sweep", "--target", "examples/cache-target.ts", "--seeds", "1"] as const;
const BARE = ["-e", ""] as const;

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
}

export interface StartupResult {
  readonly command: string;
  readonly sweep: { readonly wallMs: Summary; readonly cpuMs: Summary | undefined };
  readonly node: { readonly wallMs: Summary; readonly cpuMs: Summary | undefined };
  /** Median sweep wall minus median node wall. */
  readonly beyondNodeMs: number;
}

function once(args: readonly string[]): Sample {
  const timed = existsSync(TIME);
  const argv = timed ? ["-f", "cpu %U %S", process.execPath, ...args] : [...args];
  const started = performance.now();
  const child = spawnSync(timed ? TIME : process.execPath, argv, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const wallMs = performance.now() - started;
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) throw new Error(`'node ${args.join(" ")}' exited with ${child.status ?? child.signal}\n${child.stdout}${child.stderr}`);
  const m = /cpu (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*$/.exec(child.stderr);
  return { wallMs, cpuMs: m === null ? undefined : (Number(m[1]) + Number(m[2])) * 1000 };
}

function summary(samples: readonly Sample[]): { wallMs: Summary; cpuMs: Summary | undefined } {
  const cpu = samples.map((s) => s.cpuMs);
  return { wallMs: summarize(samples.map((s) => s.wallMs)), cpuMs: cpu.every((c) => c !== undefined) ? summarize(cpu as number[]) : undefined };
}

export function benchStartup(): StartupResult {
  once(SWEEP); // warm the file cache (tsx, the example) once; not counted
  const sweeps: Sample[] = [];
  const bare: Sample[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    bare.push(once(BARE));
    sweeps.push(once(SWEEP));
  }
  const sweep = summary(sweeps);
  const node = summary(bare);
  return { command: `node ${SWEEP.join(" ")}`, sweep, node, beyondNodeMs: sweep.wallMs.median - node.wallMs.median };
}
