/** The raft target through the CLI: the same status and trace hash per seed for --jobs 1, --jobs 2 and two merged shards. */
import { describe, expect, it } from "vitest";
import { expectSameAcrossJobsAndShards } from "./helpers.js";

// 20 seeds of double-vote under swarm: some fail, most pass, so the hashes cover both.
const SEEDS = 20;
const ARGS = ["--target", "raft", "--seeds", String(SEEDS), "--ops", "150", "--swarm", "--bug", "double-vote"];

describe("raft across jobs and shards", () => {
  it("gives every seed the same status and trace hash", () => {
    const one = expectSameAcrossJobsAndShards(ARGS);
    expect(one.seeds).toHaveLength(SEEDS);
    expect(one.summary.failed).toBeGreaterThan(0);
    expect(one.summary.failed).toBeLessThan(SEEDS);
  });
});
