/** Spawn the built CLI (`bin/simctl.js` over `dist/`), as a user would. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { parseSweepDoc, type SweepDoc } from "../../src/core/report.js";

export const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "simctl.js");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function simctl(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The replay commands a failing sweep printed, as argument lists for `simctl`. */
export function replayCommands(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("replay: npx simctl replay "))
    .map((l) => l.trim().replace("replay: npx simctl ", "").split(" "));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "simctl-test-"));
}

/** The JSON report of `simctl sweep ARGS`, checked; the sweep must exit 0 or 1. */
export function sweepDoc(args: readonly string[]): SweepDoc {
  const r = simctl(["sweep", ...args, "--reporter", "json"]);
  expect([0, 1]).toContain(r.code);
  return parseSweepDoc(JSON.parse(r.stdout), "stdout");
}

/**
 * `sweep ARGS` under --jobs 1, --jobs 2 and as two merged shards: every seed must have the same
 * status and trace hash in all three. Answers the --jobs 1 document, for more assertions.
 */
export function expectSameAcrossJobsAndShards(args: readonly string[]): SweepDoc {
  const one = sweepDoc([...args, "--jobs", "1"]);
  expect(sweepDoc([...args, "--jobs", "2"]).seeds).toEqual(one.seeds);
  const dir = tempDir();
  const files = [1, 2].map((i) => join(dir, `shard-${i}.json`));
  files.forEach((file, i) => expect([0, 1]).toContain(simctl(["sweep", ...args, "--shard", `${i + 1}/2`, "--reporter", `json:${file}`]).code));
  const merged = simctl(["merge", ...files, "--reporter", "json"]);
  expect(parseSweepDoc(JSON.parse(merged.stdout), "merge").seeds).toEqual(one.seeds);
  return one;
}
