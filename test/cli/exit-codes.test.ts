/** Exit codes 0, 1 and 2 of the built binary, and one-line errors for every kind of bad input. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simctl, tempDir } from "./helpers.js";

describe("simctl exit codes", () => {
  it("sweep --seeds 100 exits 0 and prints the summary, histogram and verdict", () => {
    const r = simctl(["sweep", "--seeds", "100"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("seeds=0..99");
    expect(r.stdout).toContain("Histogram");
    expect(r.stdout).toMatch(/op\.upsert\s+\d+\s+█+/);
    expect(r.stdout).toContain("PASS: 100 seeds, no violation");
  });

  it("a sweep with a planted bug exits 1 and prints a replay command per failing seed", () => {
    const r = simctl(["sweep", "--seeds", "5", "--fault-level", "stormy", "--bug", "dirty-read"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL: 5 of 5 seeds violated an invariant");
    expect(r.stdout.match(/replay: npx simctl replay/g)?.length).toBe(5);
  });

  const dir = tempDir();
  const badJson = join(dir, "bad.json");
  writeFileSync(badJson, "{ not json");
  const badReplay = join(dir, "bad-replay.json");
  writeFileSync(badReplay, JSON.stringify({ format: "simctl-replay/1", target: "done-ledger", seed: -4 }));
  const badScenario = join(dir, "bad-scenario.json");
  writeFileSync(badScenario, JSON.stringify({ faultLevel: "cloudy" }));

  const cases: [string, string[], RegExp][] = [
    ["unknown target", ["sweep", "--target", "nope"], /unknown target 'nope'/],
    ["unknown workload", ["sweep", "--workload", "nope"], /unknown workload 'nope'/],
    ["unknown bug", ["sweep", "--bug", "nope"], /unknown bug 'nope'/],
    ["unknown fault level", ["sweep", "--fault-level", "cloudy"], /unknown fault level 'cloudy'/],
    ["negative seed", ["run", "--seed", "-1"], /seed must be an integer/],
    ["fractional seed", ["run", "--seed", "1.5"], /seed must be an integer/],
    ["non-numeric seed", ["run", "--seed", "abc"], /seed must be an integer/],
    ["seed over 2^53-1", ["run", "--seed", "9007199254740992"], /seed must be an integer/],
    ["--seeds 0", ["sweep", "--seeds", "0"], /--seeds must be a positive integer/],
    ["missing scenario", ["sweep", "--scenario", join(dir, "none.json")], /cannot read scenario file/],
    ["malformed scenario JSON", ["sweep", "--scenario", badJson], /is not valid JSON/],
    ["invalid scenario", ["sweep", "--scenario", badScenario], /scenario file .* is invalid at faultLevel/],
    ["missing replay file", ["replay", join(dir, "none.json")], /cannot read replay file/],
    ["malformed replay file", ["replay", badJson], /is not valid JSON/],
    ["invalid replay file", ["replay", badReplay], /not a valid replay file at seed/],
    ["unknown flag", ["sweep", "--frobnicate"], /unknown option '--frobnicate'/],
    ["unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
    ["bad reporter", ["sweep", "--reporter", "xml"], /unknown reporter 'xml'/],
    ["bad --expect-hash", ["replay", "--seed", "1", "--expect-hash", "zz"], /--expect-hash must be 16 hex/],
  ];

  for (const [name, args, message] of cases) {
    it(`${name}: one line on stderr, exit 2, no stack trace`, () => {
      const r = simctl(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });
  }
});
