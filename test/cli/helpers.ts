/** Spawn the built CLI (`bin/simctl.js` over `dist/`), as a user would. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
