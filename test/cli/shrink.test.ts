/** simctl shrink, sweep --shrink, divergence reports and swarm output, from the built binary. */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simctl, tempDir } from "./helpers.js";

describe("simctl shrink", () => {
  it("prints a numbered repro and saves a replay file that reproduces the violation", () => {
    const out = join(tempDir(), "repro.json");
    const r = simctl(["shrink", "--seed", "8", "--fault-level", "stormy", "--bug", "dirty-read", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/I10: shrunk from \d+ to [1-3] steps? in \d+ runs/);
    expect(r.stdout).toMatch(/^\s+#0  /m);
    expect(r.stdout).toContain("✗ I10 at step");
    const file = JSON.parse(readFileSync(out, "utf8")) as { ops: unknown[]; expect: { violation: string; traceHash: string } };
    expect(file.ops.length).toBeLessThanOrEqual(3);
    expect(file.expect.violation).toBe("I10");
    for (let i = 0; i < 2; i++) {
      const replay = simctl(["replay", out, "--reporter", "json"]);
      expect(replay.code).toBe(1);
      expect((JSON.parse(replay.stdout) as { traceHash: string }).traceHash).toBe(file.expect.traceHash);
    }
  });

  it("shrinks a saved replay file (simctl shrink FILE)", () => {
    const dir = tempDir();
    const full = join(dir, "full.json");
    expect(simctl(["run", "--seed", "17", "--fault-level", "stormy", "--bug", "partial-commit", "--save", full]).code).toBe(1);
    const small = join(dir, "small.json");
    const r = simctl(["shrink", full, "--out", small]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/I8: shrunk from \d+ to [12] steps?/);
    const replay = simctl(["replay", small]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain("I8");
  });

  it("refuses a seed that does not fail, as bad input", () => {
    const r = simctl(["shrink", "--seed", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not fail/);
  });

  it("sweep --shrink --save-failures saves shrunk repros", () => {
    const dir = tempDir();
    const r = simctl(["sweep", "--seeds", "3", "--fault-level", "stormy", "--bug", "unsorted-snapshot", "--shrink", "--save-failures", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Shrunk repros (3)");
    const files = readdirSync(dir);
    expect(files).toHaveLength(3);
    for (const f of files) {
      const file = JSON.parse(readFileSync(join(dir, f), "utf8")) as { ops: unknown[] };
      expect(file.ops.length).toBeLessThanOrEqual(3);
      expect(simctl(["replay", join(dir, f)]).code).toBe(1);
    }
  });
});

describe("divergence report", () => {
  it("names the edited step as the first divergence, exit 3", () => {
    const dir = tempDir();
    const file = join(dir, "run.json");
    expect(simctl(["run", "--seed", "3", "--fault-level", "stormy", "--save", file]).code).toBe(0);
    const recorded = JSON.parse(readFileSync(file, "utf8")) as { ops: { op: { t: string; recs?: { bytesScanned: number }[] } }[] };
    const step = recorded.ops.findIndex((s, i) => i > 100 && s.op.t === "upsert");
    recorded.ops[step]!.op.recs![0]!.bytesScanned += 1;
    writeFileSync(file, JSON.stringify(recorded));
    const r = simctl(["replay", file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`DIVERGENCE at step ${step}:`);
    expect(r.stdout).toContain("the op differs from the recorded one");
  });
});

describe("swarm output", () => {
  it("prints the swarm choice with a violation and its replay command carries --swarm", () => {
    const r = simctl(["sweep", "--seeds", "10", "--fault-level", "stormy", "--swarm", "--bug", "provenance-lww"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/swarm: faults off: .*; op weights: upsert=\d+/);
    const line = r.stdout.split("\n").find((l) => l.includes("replay: npx simctl replay"))!;
    expect(line).toContain("--swarm");
    expect(simctl(line.trim().replace("replay: npx simctl ", "").split(" ")).code).toBe(1);
  });
});
