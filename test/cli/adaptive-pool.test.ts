/**
 * `--jobs N` is an upper bound: the pool starts one worker and adds more only while they pay for
 * their start-up (src/cli/pool/growth.ts). How many run depends on timing; the report must not.
 * `SIMCTL_POOL_STATS=1` prints how many ran on stderr.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSweepDoc, type SweepDoc } from "../../src/core/report.js";
import { simctl, tempDir } from "./helpers.js";

interface Stats {
  readonly peak: number;
  readonly replaced: number;
}

function sweep(args: readonly string[]): { doc: SweepDoc; stats: Stats } {
  // To a file: a failing sweep's JSON report outgrows spawnSync's stdout buffer.
  const file = join(tempDir(), "sweep.json");
  const r = simctl(["sweep", ...args, "--reporter", `json:${file}`], { SIMCTL_POOL_STATS: "1" });
  expect([0, 1], r.stderr).toContain(r.code);
  const line = /simctl: pool: (\{.*\})/.exec(r.stderr);
  expect(line, r.stderr).not.toBeNull();
  return { doc: parseSweepDoc(JSON.parse(readFileSync(file, "utf8")), file), stats: JSON.parse(line![1]!) as Stats };
}

/** The report without its wall time, the one field that may differ between runs. */
function timeless(doc: SweepDoc): object {
  return { ...doc, summary: { ...doc.summary, wallMs: 0 } };
}

describe("the adaptive pool", () => {
  it("runs a small sweep under --jobs 4 on one worker, with the report of --jobs 1", () => {
    const args = ["--seeds", "300", "--fault-level", "stormy", "--bug", "dirty-read"];
    const four = sweep([...args, "--jobs", "4"]);
    const one = sweep([...args, "--jobs", "1"]);
    // ~0.3 s of work: a second worker could never win back its start-up.
    expect(four.stats).toEqual({ peak: 1, replaced: 0 });
    expect(one.stats).toEqual({ peak: 1, replaced: 0 });
    expect(four.doc.summary.failed).toBeGreaterThan(0);
    expect(timeless(four.doc)).toEqual(timeless(one.doc));
  });

  it("reports a hung seed at its seed, and adds a worker for the rest while that one is stuck", () => {
    const args = ["--target", "./test/cli/fixtures/stuck-seed-target.mjs", "--seeds", "40", "--ops", "10", "--seed-timeout", "4"];
    const { doc, stats } = sweep([...args, "--jobs", "2"]);
    expect(doc.summary).toMatchObject({ seeds: 40, passed: 39, errored: 1, notRun: 0 });
    expect(doc.failures.map((f) => [f.seed, f.violations[0]?.invariant, f.violations[0]?.step])).toEqual([[0, "hang", 3]]);
    // The stuck worker looks slow after STALL_MS (1 s), long before the 4 s watchdog fires.
    expect(stats).toEqual({ peak: 2, replaced: 1 });
    expect(timeless(doc)).toEqual(timeless(sweep([...args, "--jobs", "1"]).doc));
  });
});
