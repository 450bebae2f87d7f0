/** list, run --trace, --reporter json, --out, scenarios and a user's own target module. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, simctl, tempDir } from "./helpers.js";

describe("simctl list", () => {
  it("lists targets with invariants, bugs, workloads and fault levels, as text and JSON", () => {
    const text = simctl(["list"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("done-ledger");
    expect(text.stdout).toMatch(/I6\s+once nothing is pending, durable state equals the oracle's committed model/);
    const json = JSON.parse(simctl(["list", "--reporter", "json"]).stdout) as {
      faultLevels: string[];
      targets: { name: string; invariants: Record<string, string>; bugs: Record<string, { breaks: string[]; description: string }> }[];
    };
    expect(json.faultLevels).toEqual(["sunny", "stormy", "radioactive"]);
    const ledger = json.targets.find((t) => t.name === "done-ledger");
    expect(Object.keys(ledger?.invariants ?? {})).toHaveLength(11);
    expect(ledger?.bugs["dirty-read"]).toEqual({ breaks: ["I10", "H1"], description: expect.stringMatching(/^batchGet returns pending writes/) as unknown });
  });
});

describe("simctl run", () => {
  it("sweeps stormy by default and says what it checked: invariants, the level's faults, a histogram legend", () => {
    for (const target of ["done-ledger", "findings-sink"]) {
      const r = simctl(["sweep", "--target", target, "--seeds", "100"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("fault-level=stormy");
      expect(r.stdout).toContain("Unreached kinds: none");
      expect(r.stdout).toMatch(target === "done-ledger" ? /Invariants checked \(11\): I1, I2, .*, I10, H1\n/ : /Invariants checked \(8\): F1, .*, F8\n/);
      expect(r.stdout).toContain("Faults (stormy): submit-fail 5% of writes, commit-fail 5% of writes, delay 15% of writes (1..40 ms)");
      expect(r.stdout).toMatch(/Histogram {2}\(ops applied and events recorded, per kind, summed over the seeds; bars scaled to the largest\)/);
    }
    expect(simctl(["run", "--seed", "1", "--fault-level", "sunny"]).stdout).toContain("Faults (sunny): no background faults (every probability 0)");
  });

  it("shows an entry reported twice in one step once, with its count", () => {
    const r = simctl(["sweep", "--seeds", "3", "--bug", "dirty-read"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ seed 1: I10 at step #47 (t=113 ms) (×2: the same entry, reported 2 times in the step)");
    expect(r.stdout.match(/✗ seed 1: I10 at step #47/g)).toHaveLength(1);
  });

  it("writes the full trace as JSON lines with --trace", () => {
    const trace = join(tempDir(), "trace.jsonl");
    const r = simctl(["run", "--seed", "2", "--ops", "50", "--trace", trace]);
    expect(r.code).toBe(0);
    const lines = readFileSync(trace, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { step: number; kind: string });
    expect(lines.length).toBeGreaterThan(50);
    expect(lines[0]).toMatchObject({ step: 0 });
    expect(lines.at(-1)!.step).toBeLessThanOrEqual(50);
  });
});

describe("reports", () => {
  it("--reporter json --out writes a complete sweep report to a file", () => {
    const out = join(tempDir(), "nested", "report.json");
    const r = simctl(["sweep", "--seeds", "10", "--fault-level", "stormy", "--bug", "double-apply", "--reporter", "json", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`json report written to ${out}`);
    const report = JSON.parse(readFileSync(out, "utf8")) as {
      format: string;
      summary: { seeds: number; passed: number; failed: number };
      seeds: { seed: number; status: string }[];
      failures: { seed: number; replay: string; violations: { invariant: string }[] }[];
    };
    expect(report.format).toBe("simctl-sweep/2");
    expect(report.summary.passed + report.summary.failed).toBe(10);
    expect(report.seeds.map((s) => s.seed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(report.failures[0]?.violations[0]?.invariant).toBe("I9");
    expect(report.failures[0]?.replay).toContain("--bug double-apply");
    expect(readdirSync(join(out, "..")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("scenarios", () => {
  const dir = join(ROOT, "scenarios");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    it(`${file} runs clean (3 seeds), flags override it`, () => {
      const r = simctl(["sweep", "--scenario", join(dir, file), "--seeds", "3", "--reporter", "json"]);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as { summary: { seeds: number }; options: Record<string, unknown> };
      expect(report.summary.seeds).toBe(3);
      const scenario = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>;
      expect(report.options.faultLevel).toBe(scenario.faultLevel);
    });
  }

  it("a scenario's weights change the op mix", () => {
    const base = JSON.parse(simctl(["sweep", "--seeds", "3", "--fault-level", "stormy", "--ops", "400", "--reporter", "json"]).stdout) as { histogram: Record<string, number> };
    const heavy = JSON.parse(simctl(["sweep", "--scenario", join(dir, "done-ledger-read-heavy.json"), "--seeds", "3", "--reporter", "json"]).stdout) as {
      histogram: Record<string, number>;
    };
    expect(heavy.histogram["op.get"]!).toBeGreaterThan(base.histogram["op.get"]! * 1.5);
  });
});

describe("a user's own target module", () => {
  const example = "./examples/cache-target.ts";

  it("loads a TypeScript target by path: clean without bugs, caught with its bug, replayable", () => {
    expect(existsSync(join(ROOT, example))).toBe(true);
    const clean = simctl(["sweep", "--target", example, "--seeds", "30", "--fault-level", "stormy"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("Unreached kinds: none");
    const buggy = simctl(["sweep", "--target", example, "--seeds", "10", "--bug", "read-from-disk"]);
    expect(buggy.code).toBe(1);
    expect(buggy.stdout).toContain("RYW");
    const line = buggy.stdout.split("\n").find((l) => l.includes("replay: npx simctl replay"))!;
    const replay = simctl(line.trim().replace("replay: npx simctl ", "").split(" "));
    expect(replay.code).toBe(1);
  });

  it("a module that is not a target is bad input", () => {
    const r = simctl(["sweep", "--target", "./vitest.config.ts"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no default export made with defineTarget/);
  });
});
