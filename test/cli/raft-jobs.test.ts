/** The raft target through the CLI: the same status and trace hash per seed for --jobs 1, --jobs 2 and two merged shards. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSweepDoc } from "../../src/core/report.js";
import { simctl, sweepDoc, tempDir } from "./helpers.js";

// double-vote fails none of seeds 0-7 at 150 ops under swarm (when written); 20 seeds give some failing, most passing.
const SEEDS = 20;
const ARGS = ["--target", "raft", "--seeds", String(SEEDS), "--ops", "150", "--swarm", "--bug", "double-vote"];

describe("raft across jobs and shards", () => {
  it("gives every seed the same status and trace hash", () => {
    const one = sweepDoc([...ARGS, "--jobs", "1"]);
    expect(one.seeds).toHaveLength(SEEDS);
    expect(one.summary.failed).toBeGreaterThan(0); // the bug is seen, so the hashes cover failing runs too
    expect(one.summary.failed).toBeLessThan(SEEDS); // and passing runs as well
    expect(sweepDoc([...ARGS, "--jobs", "2"]).seeds).toEqual(one.seeds);
    const dir = tempDir();
    const files = [1, 2].map((i) => join(dir, `shard-${i}.json`));
    files.forEach((file, i) => expect([0, 1]).toContain(simctl(["sweep", ...ARGS, "--shard", `${i + 1}/2`, "--reporter", `json:${file}`]).code));
    const merged = simctl(["merge", ...files, "--reporter", "json"]);
    expect(parseSweepDoc(JSON.parse(merged.stdout), "merge").seeds).toEqual(one.seeds);
  });
});
