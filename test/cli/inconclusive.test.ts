/**
 * Inconclusive seeds through the built CLI: exit 4 when nothing failed (sweep, run, replay,
 * merge), 1 when something did, 0 when all passed; the worker pool carries the entries; the text,
 * JSON, JUnit and GitHub reporters show them; --save-failures skips them; merge reads /1 reports.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { parseSweepDoc, type SweepDoc } from "../../src/core/report.js";
import { replayCommands, simctl, tempDir } from "./helpers.js";

/** seed % 3 === 0 inconclusive; with --bug violate, seeds 0, 1, 4, 7 (of 0..8) fail. */
const TARGET = ["--target", "./test/fixtures/inconclusive-target.ts", "--ops", "20"];
const CLEAN = ["sweep", ...TARGET, "--seeds", "9"];
const BUGGY = [...CLEAN, "--bug", "violate"];

function readDoc(file: string): SweepDoc {
  return parseSweepDoc(JSON.parse(readFileSync(file, "utf8")), file);
}

describe("sweep with inconclusive seeds", () => {
  it("exits 4 with no violation, shows the inconclusive column, each inconclusive seed and the verdict line", () => {
    const r = simctl(CLEAN);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toMatch(/│ seeds │ passed │ failed │ inconclusive │ errored │ not run │/);
    expect(r.stdout).toMatch(/│ 9\s+│ 6\s+│ 0\s+│ 3\s+│ 0\s+│ 0\s+│/);
    expect(r.stdout).toContain("Inconclusive (3 seeds: a check ran out of budget; not a violation)");
    expect(r.stdout).not.toContain("Violations (");
    expect(r.stdout).toMatch(/^\? seed 3: H1 inconclusive at step #2 \(t=\d+ ms\)$/m);
    expect(r.stdout).toContain("could not be decided: explored 5000 states");
    expect(r.stdout).toContain("INCONCLUSIVE: 9 seeds, no violation, 3 inconclusive (6 passed, 0 failed, 3 inconclusive, 0 errored, 0 not run)");
    const replays = replayCommands(r.stdout);
    expect(replays.map((args) => args[args.indexOf("--seed") + 1])).toEqual(["0", "3", "6"]);
    const again = simctl(replays[1]!);
    expect(again.code, again.stderr).toBe(4);
    expect(again.stdout).toContain("INCONCLUSIVE: 1 seed, no violation, 1 inconclusive");
  });

  it("exits 0 when every seed passes and 1 when any fails, inconclusive ones or not", () => {
    const pass = simctl([...CLEAN, "--seed-base", "1", "--seeds", "2"]);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toContain("PASS: 2 seeds, no violation (2 passed, 0 failed, 0 inconclusive, 0 errored, 0 not run)");
    const fail = simctl(BUGGY);
    expect(fail.code, fail.stderr).toBe(1);
    expect(fail.stdout).toContain("FAIL: 4 of 9 seeds violated an invariant (3 passed, 4 failed, 2 inconclusive, 0 errored, 0 not run)");
    expect(fail.stdout).toContain("Violations (4 failing seeds)");
    expect(fail.stdout).toContain("Inconclusive (2 seeds");
  });

  it("JSON, JUnit and GitHub reporters carry inconclusive seeds; the pool gives the same report for any --jobs", () => {
    const dir = tempDir();
    const json = join(dir, "sweep.json");
    const xml = join(dir, "junit.xml");
    const r = simctl([...BUGGY, "--jobs", "3", "--reporter", "github", "--reporter", `json:${json}`, "--reporter", `junit:${xml}`]);
    expect(r.code, r.stderr).toBe(1);
    const doc = readDoc(json);
    expect(doc.format).toBe("simctl-sweep/2");
    expect(doc.summary).toMatchObject({ seeds: 9, passed: 3, failed: 4, inconclusive: 2, errored: 0, notRun: 0 });
    expect(doc.failures.map((f) => [f.seed, f.status])).toEqual([[0, "failed"], [1, "failed"], [3, "inconclusive"], [4, "failed"], [6, "inconclusive"], [7, "failed"]]);
    expect(doc.failures.find((f) => f.seed === 6)?.violations.every((v) => v.inconclusive === true)).toBe(true);
    expect(doc.failures.find((f) => f.seed === 0)?.violations.map((v) => v.inconclusive ?? false)).toEqual([false, true]);

    const oneJob = join(dir, "one.json");
    expect(simctl([...BUGGY, "--jobs", "1", "--reporter", `json:${oneJob}`]).code).toBe(1);
    const single = readDoc(oneJob);
    expect(single.seeds).toEqual(doc.seeds);
    expect(single.failures).toEqual(doc.failures);

    const warnings = r.stdout.split("\n").filter((l) => l.startsWith("::warning "));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^::warning title=simctl undecidable seed 3%3A H1 inconclusive::could not be decided: explored 5000 states%0Areplay: npx simctl replay .*--seed 3 /);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(4);
    expect(r.stdout).toMatch(/^::notice title=simctl undecidable::9 seeds: 3 passed, 4 failed, 2 inconclusive, 0 errored, 0 not run$/m);

    type Case = { "@_name": string; skipped?: { "@_message"?: string } | ""; failure?: object; "system-out"?: string };
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(xml, "utf8")) as { testsuites: { testsuite: { testcase: Case[] } } };
    const cases = parsed.testsuites.testsuite.testcase;
    expect(cases).toHaveLength(9);
    const skipped = cases.filter((c) => c.skipped !== undefined);
    expect(skipped.map((c) => c["@_name"])).toEqual(["seed 3", "seed 6"]);
    expect((skipped[0]!.skipped as { "@_message": string })["@_message"]).toBe("inconclusive: H1 at step #2: could not be decided: explored 5000 states");
    expect(skipped[0]!["system-out"]).toContain("replay: npx simctl replay");
    expect(cases.filter((c) => c.failure !== undefined)).toHaveLength(4);
  });

  it("--save-failures saves the failed seeds only, not the inconclusive ones", () => {
    const dir = tempDir();
    const r = simctl([...BUGGY, "--save-failures", dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["undecidable-seed-0.json", "undecidable-seed-1.json", "undecidable-seed-4.json", "undecidable-seed-7.json"]);
  });
});

describe("run and replay of one seed", () => {
  it("exit 4 when inconclusive without a violation, 1 with one, 0 when it passes; JSON shows the entries", () => {
    expect(simctl(["run", ...TARGET, "--seed", "3"]).code).toBe(4);
    expect(simctl(["run", ...TARGET, "--seed", "1"]).code).toBe(0);
    expect(simctl(["run", ...TARGET, "--seed", "1", "--bug", "violate"]).code).toBe(1);
    expect(simctl(["run", ...TARGET, "--seed", "0", "--bug", "violate"]).code).toBe(1);
    expect(simctl(["replay", ...TARGET, "--seed", "6"]).code).toBe(4);
    const json = simctl(["run", ...TARGET, "--seed", "3", "--reporter", "json"]);
    expect(json.code).toBe(4);
    const doc = JSON.parse(json.stdout) as { format: string; status: string; violations: unknown[]; inconclusive: { invariant: string; inconclusive: boolean }[] };
    expect(doc).toMatchObject({ format: "simctl-run/2", status: "inconclusive", violations: [] });
    expect(doc.inconclusive.map((v) => [v.invariant, v.inconclusive])).toEqual([["H1", true], ["H1", true]]);
  });
});

describe("merge with inconclusive seeds", () => {
  const dir = tempDir();
  const shards = (args: string[], name: string): string[] =>
    [1, 2].map((i) => {
      const file = join(dir, `${name}-${i}.json`);
      simctl([...args, "--shard", `${i}/2`, "--reporter", `json:${file}`]);
      return file;
    });

  it("sums the inconclusive seeds and exits 4 without a failure, 1 with one", () => {
    const clean = simctl(["merge", ...shards(CLEAN, "clean")]);
    expect(clean.code, clean.stderr).toBe(4);
    expect(clean.stdout).toContain("INCONCLUSIVE: 9 seeds, no violation, 3 inconclusive (6 passed, 0 failed, 3 inconclusive, 0 errored, 0 not run)");
    const buggy = simctl(["merge", ...shards(BUGGY, "buggy"), "--reporter", "json"]);
    expect(buggy.code, buggy.stderr).toBe(1);
    expect(parseSweepDoc(JSON.parse(buggy.stdout), "merged").summary).toMatchObject({ passed: 3, failed: 4, inconclusive: 2 });
  });

  it("reads simctl-sweep/1 reports of older versions", () => {
    const [a, b] = shards([...CLEAN, "--seed-base", "1", "--seeds", "4"], "old");
    const v1 = join(dir, "v1.json");
    const { inconclusive, ...summary } = (JSON.parse(readFileSync(a!, "utf8")) as SweepDoc).summary;
    expect(inconclusive).toBe(0);
    writeFileSync(v1, JSON.stringify({ ...(JSON.parse(readFileSync(a!, "utf8")) as SweepDoc), format: "simctl-sweep/1", summary }));
    const alone = simctl(["merge", v1, b!, "--reporter", "json"]);
    expect(alone.code, alone.stderr).toBe(4);
    expect(parseSweepDoc(JSON.parse(alone.stdout), "merged").summary).toMatchObject({ seeds: 4, passed: 3, inconclusive: 1 });
  });
});
