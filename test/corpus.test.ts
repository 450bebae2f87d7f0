/**
 * The regression corpus: every replay file in seeds/ is replayed and must meet its expectation,
 * so a fixed bug stays fixed, a checker keeps its teeth, and an accidental change of the trace
 * format or of RNG use is caught (with the first diverging step named).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReplay, verifyReplay } from "../src/index.js";
import { BUILTIN_TARGETS } from "../src/targets/index.js";
import { ROOT, simctl } from "./cli/helpers.js";

const DIR = join(ROOT, "seeds");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".json"));

describe("regression corpus", () => {
  it("holds a shrunk repro for every planted bug of every built-in target, and clean runs", () => {
    for (const target of BUILTIN_TARGETS.values()) {
      for (const bug of Object.keys(target.bugs)) expect(FILES).toContain(`${target.name}-${bug}.json`);
    }
    expect(FILES.filter((f) => f.includes("-clean-")).length).toBeGreaterThanOrEqual(3);
  });

  for (const file of FILES) {
    it(`${file} replays to its expected violation and trace hash`, async () => {
      const replay = parseReplay(JSON.parse(readFileSync(join(DIR, file), "utf8")), file);
      const target = BUILTIN_TARGETS.get(replay.target)!;
      const verdict = await verifyReplay(target, replay);
      expect(verdict.result.divergence).toBeUndefined();
      expect(verdict.hashMismatch).toBe(false);
      expect(verdict.violationMismatch).toBe(false);
      expect(replay.expect.traceHash).toBeDefined();
      if (replay.expect.violation === undefined) expect(verdict.result.violations).toEqual([]);
      else expect(verdict.result.violations[0]?.invariant).toBe(replay.expect.violation);
    });
  }

  // Every file is replayed above through the library; through the CLI, one repro per target (the
  // command is the same code path for all; a process per file cost half a minute of npm test).
  it("simctl replay FILE exits 1 with the same trace hash for a shrunk bug repro of every target", () => {
    const repros = FILES.filter((f) => !f.includes("-clean-"));
    const targetOf = (f: string): string => (JSON.parse(readFileSync(join(DIR, f), "utf8")) as { target: string }).target;
    const onePerTarget = [...BUILTIN_TARGETS.keys()].map((name) => repros.find((f) => targetOf(f) === name));
    expect(onePerTarget.every((f) => f !== undefined)).toBe(true);
    for (const file of onePerTarget as string[]) {
      const expected = JSON.parse(readFileSync(join(DIR, file), "utf8")) as { expect: { traceHash: string; violation: string } };
      const r = simctl(["replay", join(DIR, file), "--reporter", "json"]);
      expect(r.code, file).toBe(1);
      const report = JSON.parse(r.stdout) as { traceHash: string; violations: { invariant: string }[] };
      expect(report.traceHash).toBe(expected.expect.traceHash);
      expect(report.violations[0]?.invariant).toBe(expected.expect.violation);
    }
  });
});
