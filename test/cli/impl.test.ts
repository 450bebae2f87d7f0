/**
 * `--impl`: a user's implementation of a target's contract runs under the target's checks, in the
 * target's worker; a broken one is caught and replays with the same flag; a module that does not
 * fit the contract, or a target without one, is bad input.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { replayCommands, simctl, tempDir } from "./helpers.js";

const TARGET = "test/fixtures/impl-target.ts";

describe("--impl", () => {
  it("runs a correct implementation clean and catches a broken one, whose replay command plugs it in again", () => {
    const good = simctl(["sweep", "--target", TARGET, "--impl", "test/fixtures/impl-counter-good.mjs", "--seeds", "5", "--reporter", "json"]);
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as { impl?: string }).impl).toBe("test/fixtures/impl-counter-good.mjs"); // the report says what was certified
    const bad = simctl(["sweep", "--target", TARGET, "--impl", "test/fixtures/impl-counter-lossy.mjs", "--seeds", "5"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("C1");
    expect(bad.stdout).toContain("simctl sweep  target=counter-contract impl=test/fixtures/impl-counter-lossy.mjs seeds=0..4");
    const [replay] = replayCommands(bad.stdout);
    expect(replay).toContain("--impl");
    const again = simctl(replay!);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/trace hash matches|C1/);
  });

  it("refuses a module that does not fit the contract, a missing module and a target without a contract", () => {
    const misfit = simctl(["run", "--target", TARGET, "--impl", "test/fixtures/impl-not-a-factory.mjs", "--seed", "1"]);
    expect(misfit.code).toBe(2);
    expect(misfit.stderr.trim().split("\n")).toHaveLength(1);
    expect(misfit.stderr).toContain("does not fit target 'counter-contract' (a function returning a counter { inc(): void; get(): number }): the default export is number, not a counter factory");
    const missing = simctl(["run", "--target", TARGET, "--impl", "test/fixtures/nope.mjs", "--seed", "1"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--impl module 'test/fixtures/nope.mjs' not found");
    const none = simctl(["run", "--target", "test/fixtures/det-steady-target.mjs", "--impl", "test/fixtures/impl-counter-good.mjs", "--seed", "1"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("target 'det-steady' takes no --impl");
  });
});

describe("simctl conformance", () => {
  it("checks every clause of a user's implementation, then sweeps it; a broken one fails naming its clause", () => {
    const good = simctl(["conformance", TARGET, "--impl", "test/fixtures/impl-counter-good.mjs", "--seeds", "5"]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/starts-at-zero: a new counter reads 0\s*│ holds/);
    expect(good.stdout).toContain("CONFORMS: 2 of 2 clauses hold; sweep passed");
    const bad = simctl(["conformance", TARGET, "--impl", "test/fixtures/impl-counter-lossy.mjs", "--seeds", "5"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("BROKEN: after 5 incs it read 4");
    expect(bad.stdout).toContain("CONFORMANCE FAILED: 1 of 2 clauses hold; sweep exited 1");
    const planted = simctl(["conformance", TARGET, "--bug", "lose-fifth", "--clauses-only"]);
    expect(planted.code).toBe(1);
    expect(planted.stdout).toContain("BROKEN: after 5 incs it read 4");
    expect(planted.stdout).toContain("1 of 2 clauses hold; sweep skipped (--clauses-only)");
    expect(simctl(["conformance", TARGET, "--clauses-only"]).code).toBe(0);
    const none = simctl(["conformance", "test/fixtures/det-steady-target.mjs", "--clauses-only"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("target 'test/fixtures/det-steady-target.mjs' declares no contract clauses to check");
  });
});

describe("merge and --impl", () => {
  it("refuses to merge shards of different implementations, naming them", () => {
    const dir = tempDir();
    const [a, b] = [join(dir, "a.json"), join(dir, "b.json")];
    expect(simctl(["sweep", "--target", TARGET, "--impl", "test/fixtures/impl-counter-good.mjs", "--seeds", "4", "--shard", "1/2", "--reporter", `json:${a}`]).code).toBe(0);
    expect(simctl(["sweep", "--target", TARGET, "--seeds", "4", "--shard", "2/2", "--reporter", `json:${b}`]).code).toBe(0);
    const merged = simctl(["merge", a, b]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain("was run with no --impl");
    expect(merged.stderr).toContain("with --impl test/fixtures/impl-counter-good.mjs");
  });
});
