/**
 * Wall time of the built CLI, `node bin/simctl.js sweep --seeds 100` (500 ops, stormy: the
 * defaults), measured from spawn to exit so it includes Node start-up and module loading: what a
 * user waits for at the prompt. REPS runs, median (min/max); a non-zero exit is a real error.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { summarize, type Summary } from "./stats.js";

const REPS = 5;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ARGS = ["bin/simctl.js", "sweep", "--seeds", "100"] as const;

export interface CliResult {
  readonly command: string;
  readonly wallMs: Summary;
}

function runOnce(): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, ARGS, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const wallMs = performance.now() - started;
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) {
    throw new Error(`'node ${ARGS.join(" ")}' exited with ${child.status ?? child.signal}\n${child.stdout}${child.stderr}`);
  }
  return wallMs;
}

export function benchCliSweep(): CliResult {
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) times.push(runOnce());
  return { command: `node ${ARGS.join(" ")}`, wallMs: summarize(times) };
}
