/**
 * A user's module is loaded once per command: the worker that loads it to learn its tables runs
 * the sweep's seeds too (with one job), and gets it back for the shrinks and replay files after.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simctl, tempDir } from "./helpers.js";

const TARGET = "test/fixtures/load-count-target.mjs";

function loads(args: readonly string[]): { code: number; loads: number; stdout: string } {
  const log = join(tempDir(), "loads.log");
  const r = simctl(args, { SIMCTL_TEST_LOAD_LOG: log });
  let text = "";
  try {
    text = readFileSync(log, "utf8");
  } catch {
    // never loaded
  }
  return { code: r.code, loads: text.split("\n").filter((l) => l === "loaded").length, stdout: r.stdout + r.stderr };
}

describe("a user's target module is loaded once", () => {
  it("by a small sweep", () => {
    const r = loads(["sweep", "--target", TARGET, "--seeds", "3"]);
    expect(r.code).toBe(0);
    expect(r.loads).toBe(1);
  });

  it("by a failing sweep that shrinks and saves its failures afterwards", () => {
    const dir = tempDir();
    const r = loads(["sweep", "--target", TARGET, "--seeds", "2", "--bug", "seven", "--shrink", "--save-failures", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Shrunk repros (2)");
    expect(r.loads).toBe(1);
  });

  it("by a small sweep with two jobs: the pool adds no second worker that would not pay for itself", () => {
    const r = loads(["sweep", "--target", TARGET, "--seeds", "40", "--jobs", "2"]);
    expect(r.code).toBe(0);
    expect(r.loads).toBe(1);
  });
});
