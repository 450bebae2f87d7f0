/**
 * `sweep --check-determinism [PERCENT]`: a share of the seeds is run twice more and compared op by
 * op, state by state, by trace hash and verdict; a target that reads Math.random, or keeps state
 * between runs, is nondeterministic (exit 3) with the first step that differs.
 */
import { describe, expect, it } from "vitest";
import { simctl } from "./helpers.js";

interface DeterminismDoc {
  readonly summary: { readonly seeds: number; readonly passed: number };
  readonly determinism?: { readonly percent: number; readonly checked: number; readonly nondeterministic: readonly { seed: number; step: number | null; what: string }[] };
}

function sweepJson(args: readonly string[]): { code: number; doc: DeterminismDoc; stderr: string } {
  const r = simctl(["sweep", "--seeds", "20", "--ops", "30", "--reporter", "json", ...args]);
  return { code: r.code, doc: JSON.parse(r.stdout) as DeterminismDoc, stderr: r.stderr };
}

describe("sweep --check-determinism", () => {
  it("catches a nextOp that reads Math.random at step 0, by its op digest (exit 3)", () => {
    const r = sweepJson(["--target", "./test/fixtures/det-random-target.mjs", "--check-determinism", "10"]);
    expect(r.code).toBe(3);
    expect(r.doc.summary.passed).toBe(20);
    expect(r.doc.determinism?.checked).toBe(2);
    expect(r.doc.determinism?.nondeterministic.map((n) => [n.seed, n.step])).toEqual([[9, 0], [19, 0]]);
    expect(r.doc.determinism?.nondeterministic[0]!.what).toMatch(/^the op differs/);
  });

  it("catches state carried between runs at the step where it shows (exit 3)", () => {
    const r = sweepJson(["--target", "./test/fixtures/det-random-target.mjs", "--bug", "leak-state", "--check-determinism", "10"]);
    expect(r.code).toBe(3);
    expect(r.doc.determinism?.nondeterministic.map((n) => n.step)).toEqual([3, 3]);
    expect(r.doc.determinism?.nondeterministic[0]!.what).toMatch(/^the state after it differs/);
  });

  it("passes a deterministic user target and a built-in one (exit 0), checking the share asked for", () => {
    const user = sweepJson(["--target", "./test/fixtures/det-steady-target.mjs", "--check-determinism", "50"]);
    expect(user.code).toBe(0);
    expect(user.doc.determinism).toEqual({ percent: 50, checked: 10, nondeterministic: [] });
    const builtin = sweepJson(["--fault-level", "stormy", "--swarm", "--check-determinism"]);
    expect(builtin.code).toBe(0);
    expect(builtin.doc.determinism).toEqual({ percent: 10, checked: 2, nondeterministic: [] });
  });

  it("refuses a share outside (0, 100] before running anything (exit 2, one line)", () => {
    for (const bad of ["0", "101", "abc"]) {
      const r = simctl(["sweep", "--seeds", "5", "--check-determinism", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain("--check-determinism");
    }
  });
});
