/**
 * `simctl conformance raft-storage`: MemStore holds every clause; each planted bug breaks the
 * clause it is about; a user's store of another design (examples/) conforms, and its broken copy
 * fails naming the clause.
 */
import { describe, expect, it } from "vitest";
import { simctl } from "./helpers.js";

describe("simctl conformance raft-storage", () => {
  it("MemStore holds every clause; a planted bug breaks its clause, named (exit 1)", () => {
    const clean = simctl(["conformance", "raft-storage", "--clauses-only"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/CONFORMS: (\d+) of \1 clauses hold/);
    const bug = simctl(["conformance", "raft-storage", "--bug", "keep-old-snapshots", "--clauses-only"]);
    expect(bug.code).toBe(1);
    expect(bug.stdout).toMatch(/install-deletes-other-snapshots:[^\n]*│ BROKEN/);
    expect(bug.stdout).toContain("CONFORMANCE FAILED");
  });

  it("a user's store conforms, clauses and sweep; its off-by-one copy fails on the half-open range clause", () => {
    const good = simctl(["conformance", "raft-storage", "--impl", "./examples/raft-store-whole-state.ts", "--seeds", "10"]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/CONFORMS: (\d+) of \1 clauses hold; sweep passed/);
    const broken = simctl(["conformance", "raft-storage", "--impl", "./examples/raft-store-whole-state-broken.ts", "--seeds", "10"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/get-log-entries-half-open:[^\n]*│ BROKEN: getLogEntries\(3, 7\) answered/);
  });
});
