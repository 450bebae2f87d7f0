/** The replication target through the CLI: the same trace hashes for --jobs 1, --jobs 2 and two merged shards. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSweepDoc } from "../../src/core/report.js";
import { simctl, sweepDoc, tempDir } from "./helpers.js";

const ARGS = ["--target", "replication", "--seeds", "8", "--ops", "200", "--swarm", "--bug", "timeout-counted-as-reject"];

const doc = sweepDoc;

describe("replication across jobs and shards", () => {
  it("gives every seed the same status and trace hash", () => {
    const one = doc([...ARGS, "--jobs", "1"]);
    expect(one.summary.failed).toBeGreaterThan(0); // the bug is seen, so the hashes cover failing runs too
    expect(doc([...ARGS, "--jobs", "2"]).seeds).toEqual(one.seeds);
    const dir = tempDir();
    const files = [1, 2].map((i) => join(dir, `shard-${i}.json`));
    files.forEach((file, i) => expect([0, 1]).toContain(simctl(["sweep", ...ARGS, "--shard", `${i + 1}/2`, "--reporter", `json:${file}`]).code));
    const merged = simctl(["merge", ...files, "--reporter", "json"]);
    expect(parseSweepDoc(JSON.parse(merged.stdout), "merge").seeds).toEqual(one.seeds);
  });
});
