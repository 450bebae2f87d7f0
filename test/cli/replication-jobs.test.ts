/** The replication target through the CLI: the same trace hashes for --jobs 1, --jobs 2 and two merged shards. */
import { describe, expect, it } from "vitest";
import { expectSameAcrossJobsAndShards } from "./helpers.js";

const ARGS = ["--target", "replication", "--seeds", "8", "--ops", "200", "--swarm", "--bug", "timeout-counted-as-reject"];

describe("replication across jobs and shards", () => {
  it("gives every seed the same status and trace hash", () => {
    const one = expectSameAcrossJobsAndShards(ARGS);
    expect(one.summary.failed).toBeGreaterThan(0); // the bug is seen, so the hashes cover failing runs too
  });
});
