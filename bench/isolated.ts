/**
 * Every measured section of `npm run bench` runs in a fresh `node` process of its own
 * (bench/section.ts), and this process only orchestrates and prints. Measured in one long-lived
 * process, a figure depended on what ran before it: the shared store driver and run loop, warmed
 * by the done-ledger, were polymorphic by the time the findings-sink ran (its sweep measured
 * ~430-470k steps/CPU-s there against ~530k alone), the heap the shrinking section grew was still
 * being collected during the network targets' runs, and the H1 section patches a prototype. A
 * user's `simctl` process runs one target, which is what a fresh process per section measures.
 * Inside a section the rules are unchanged: a warm-up, then interleaved runs, CPU time per run.
 */
import { runNode } from "./child.js";

/** Run `section` with `args` in a fresh process; its JSON result. Its warnings pass through. */
export function inFreshProcess<T>(section: string, ...args: string[]): T {
  const run = runNode(["--import", "tsx", "bench/section.ts", section, ...args]);
  for (const line of run.stderr.split("\n")) if (line.startsWith("warning:")) console.warn(line);
  const last = run.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as T;
  } catch {
    throw new Error(`bench section '${[section, ...args].join(" ")}' printed no JSON result; its output:\n${run.stdout}${run.stderr}`);
  }
}
