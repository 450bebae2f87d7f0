/**
 * Sweeps at scale: --jobs and shards give identical results, hostile targets are contained by the
 * pool, merge refuses bad inputs, the CI reporters produce valid JUnit XML / JSON / annotations,
 * and Ctrl-C leaves a valid partial report.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { parseSweepDoc, type SweepDoc } from "../../src/core/report.js";
import { ROOT, simctl, sweepDoc, tempDir } from "./helpers.js";

const BUGGY = ["--seeds", "40", "--fault-level", "stormy", "--swarm", "--bug", "newest-first-drains-oldest"];


describe("--jobs and --shard", () => {
  it("give the same seeds, statuses, trace hashes, failures and histogram for jobs 1, 2, 4 and 4 merged shards", () => {
    const one = sweepDoc([...BUGGY, "--jobs", "1"]);
    expect(one.summary.failed).toBeGreaterThan(0);
    expect(one.summary.passed).toBeGreaterThan(0);
    for (const jobs of ["2", "4"]) {
      const other = sweepDoc([...BUGGY, "--jobs", jobs]);
      expect(other.seeds).toEqual(one.seeds);
      expect(other.histogram).toEqual(one.histogram);
      expect(other.failures.map((f) => f.seed)).toEqual(one.failures.map((f) => f.seed));
    }
    const dir = tempDir();
    const files = [1, 2, 3, 4].map((i) => join(dir, `shard-${i}.json`));
    files.forEach((file, i) => {
      const r = simctl(["sweep", ...BUGGY, "--shard", `${i + 1}/4`, "--reporter", `json:${file}`]);
      expect([0, 1]).toContain(r.code);
    });
    const merged = simctl(["merge", ...files, "--reporter", "json"]);
    expect(merged.code).toBe(1);
    const doc = parseSweepDoc(JSON.parse(merged.stdout), "merge");
    expect(doc.seeds).toEqual(one.seeds);
    expect(doc.histogram).toEqual(one.histogram);
    expect(doc.failures.map((f) => [f.seed, f.traceHash])).toEqual(one.failures.map((f) => [f.seed, f.traceHash]));
  });

  it("rejects a shard that is not i/n with 1 <= i <= n", () => {
    for (const shard of ["5/4", "0/4", "x", "1/0"]) {
      const r = simctl(["sweep", "--shard", shard]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("a sweep nothing can kill", () => {
  it("reports loops, never-settling finishes, throws, process.exit and out-of-memory per seed, and runs the rest", () => {
    const r = simctl([
      "sweep", "--target", "./test/fixtures/hostile-pool-target.ts", "--seeds", "12", "--ops", "20",
      "--seed-timeout", "2", "--worker-heap-mb", "64", "--jobs", "2", "--reporter", "json",
    ]);
    expect(r.code, r.stderr).toBe(1);
    const doc = parseSweepDoc(JSON.parse(r.stdout), "stdout");
    const kind = (seed: number): string => doc.failures.find((f) => f.seed === seed)?.violations[0]?.invariant ?? "passed";
    const expected = ["passed", "hang", "hang", "exception", "crash", "crash"];
    for (let seed = 0; seed < 12; seed++) expect(kind(seed), `seed ${seed}`).toBe(expected[seed % 6]);
    expect(doc.summary).toMatchObject({ seeds: 12, passed: 2, failed: 2, errored: 8, notRun: 0 });
    expect(doc.failures.find((f) => f.seed === 4)?.violations[0]?.message).toMatch(/process\.exit/);
    expect(doc.failures.find((f) => f.seed === 5)?.violations[0]?.message).toMatch(/memory/);
  });
});

describe("simctl merge refuses bad inputs with one line, exit 2", () => {
  const dir = tempDir();
  const a = join(dir, "a.json");
  const b = join(dir, "b.json");
  simctl(["sweep", "--seeds", "10", "--shard", "1/2", "--reporter", `json:${a}`]);
  simctl(["sweep", "--seeds", "10", "--shard", "2/2", "--reporter", `json:${b}`]);
  const variant = (name: string, edit: (d: SweepDoc) => object): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(b, "utf8")) as SweepDoc)));
    return file;
  };
  const malformed = join(dir, "bad.json");
  writeFileSync(malformed, "{ nope");
  const cases: [string, string[], RegExp][] = [
    ["different targets", [a, variant("t.json", (d) => ({ ...d, target: "findings-sink" }))], /is for target 'findings-sink'/],
    ["different options", [a, variant("o.json", (d) => ({ ...d, options: { ...d.options, ops: 7 } }))], /other options/],
    ["overlapping shards", [a, a, b], /the shards overlap/],
    ["missing seeds", [a], /seed 5 is missing/],
    ["malformed JSON", [a, malformed], /is not valid JSON/],
    ["not a report", [a, variant("x.json", () => ({ hello: 1 }))], /not a simctl sweep report/],
    ["a report whose seeds and failures disagree", [a, variant("f.json", (d) => ({ ...d, seeds: d.seeds.map((s, i) => (i === 0 ? { ...s, status: "failed" } : s)) }))], /is failed in its seeds but absent in its failures/],
    ["an interrupted shard", [a, variant("n.json", (d) => ({ ...d, seeds: d.seeds.map((s, i) => (i === 0 ? { ...s, status: "not-run" } : s)) }))], /seeds not run/],
  ];
  for (const [name, files, message] of cases) {
    it(name, () => {
      const r = simctl(["merge", ...files]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("merges complete shards into a passing verdict", () => {
    const r = simctl(["merge", a, b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PASS: 10 seeds");
  });
});

describe("pool and reporter guards", () => {
  it("workers that die before running any seed end the sweep with one line, exit 2", () => {
    const r = simctl(["sweep", "--seeds", "4", "--jobs", "1", "--worker-heap-mb", "1", "--ops", "10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/worker threads die before running any seed/);
  });

  it("a JSON report cannot share stdout with the text report", () => {
    const r = simctl(["sweep", "--seeds", "2", "--reporter", "json", "--reporter", "text"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot share stdout/);
  });
});

describe("CI reporters", () => {
  it("JUnit XML parses, with one testcase per seed and a failure per failed seed; JSON validates", () => {
    const dir = tempDir();
    const xml = join(dir, "junit.xml");
    const json = join(dir, "report.json");
    const r = simctl(["sweep", "--seeds", "8", "--fault-level", "stormy", "--bug", "dirty-read", "--reporter", "text", "--reporter", `junit:${xml}`, "--reporter", `json:${json}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Histogram");
    const doc = parseSweepDoc(JSON.parse(readFileSync(json, "utf8")), json);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(xml, "utf8")) as {
      testsuites: { testsuite: { testcase: { "@_name": string; failure?: { "@_message": string; "@_type": string } }[] } };
    };
    const cases = parsed.testsuites.testsuite.testcase;
    expect(cases).toHaveLength(8);
    const failures = cases.filter((c) => c.failure !== undefined);
    expect(failures).toHaveLength(doc.summary.failed);
    expect(failures[0]?.failure?.["@_type"]).toBe("I10");
    expect(readFileSync(xml, "utf8")).toContain("replay: npx simctl replay");
  });

  it("github annotations carry the invariant and the replay command", () => {
    const r = simctl(["sweep", "--seeds", "3", "--fault-level", "stormy", "--bug", "dirty-read", "--reporter", "github"]);
    expect(r.code).toBe(1);
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^::error title=simctl done-ledger seed 0%3A I10::.*%0Areplay%3A npx simctl replay|^::error title=simctl done-ledger seed 0%3A I10::.*%0Areplay: npx simctl replay/);
    expect(r.stdout).toMatch(/^::notice /m);
  });
});

describe("interrupt", () => {
  it("Ctrl-C stops the sweep with exit 130 and a valid partial report with unrun seeds marked", async () => {
    const file = join(tempDir(), "partial.json");
    const child = spawn(process.execPath, [join(ROOT, "bin", "simctl.js"), "sweep", "--seeds", "400", "--ops", "20000", "--jobs", "1", "--fault-level", "stormy", "--reporter", `json:${file}`], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted:");
    const doc = parseSweepDoc(JSON.parse(readFileSync(file, "utf8")), file);
    const s = doc.summary;
    expect(s.notRun).toBeGreaterThan(0);
    expect(s.passed + s.failed + s.errored + s.notRun).toBe(400);
    expect(new Set(doc.seeds.map((x) => x.seed)).size).toBe(400);
  });
});
