/**
 * Harness integrity, stopping early (issue 11): SIGTERM like SIGINT (143, partial report, failing
 * seeds printed), a second signal absorbed while the report is written, --max-failures, and
 * output that stays proportional to a large failing sweep.
 */
import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { FAILURE_LIMITS, parseSweepDoc, type SweepDoc } from "../../src/core/report.js";
import { ROOT, simctl, tempDir } from "./helpers.js";

const BIN = join(ROOT, "bin", "simctl.js");

function accountedFor(d: SweepDoc, seeds: number): void {
  const s = d.summary;
  expect(s.seeds).toBe(seeds);
  expect(s.passed + s.failed + s.inconclusive + s.errored + s.notRun).toBe(seeds);
  expect(new Set(d.seeds.map((x) => x.seed)).size).toBe(seeds);
  expect(d.seeds.filter((x) => x.status === "failed").length).toBe(s.failed);
  expect(d.failures.filter((f) => f.status === "failed").length).toBe(s.failed);
}

/**
 * Start a slow sweep (2 ms per step, so a seed is ~20 ms), wait until `after` seeds are done,
 * send `signals` (spaced `gapMs` apart), and return the exit code, stderr and the JSON report.
 */
async function signalled(signals: NodeJS.Signals[], gapMs: number, after = 4): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; file: string }> {
  const file = join(tempDir(), "partial.json");
  const child = spawn(process.execPath, [BIN, "sweep", "--target", "./test/fixtures/out-slow-target.mjs", "--seeds", "400", "--ops", "10", "--jobs", "1", "--reporter", `json:${file}`, "--reporter", "text"], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stderr = "";
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (code, signal) => resolve([code, signal])));
  await new Promise<void>((resolve) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if ((stderr.match(/out-slow: seed \d+ done/g) ?? []).length >= after) resolve();
    });
  });
  for (const [i, signal] of signals.entries()) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    child.kill(signal);
  }
  const [code, signal] = await exited;
  return { code, signal, stderr, file };
}

describe("signals stop a sweep cleanly", () => {
  it("SIGTERM: exit 143, the failing seeds so far printed, a valid partial report that says why it stopped", async () => {
    const r = await signalled(["SIGTERM"], 0);
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toContain("SIGTERM: stopping");
    expect(r.stderr).toMatch(/interrupted: \d+ seeds not run; failing seeds so far:\n {2}npx simctl replay --target \.\/test\/fixtures\/out-slow-target\.mjs --seed 0 /);
    const doc = parseSweepDoc(JSON.parse(readFileSync(r.file, "utf8")), r.file);
    accountedFor(doc, 400);
    expect(doc.summary.notRun).toBeGreaterThan(0);
    expect(doc.summary.failed).toBeGreaterThan(0);
    expect(doc.stopped).toEqual({ reason: "SIGTERM", message: "interrupted by SIGTERM" });
  });

  it("a second Ctrl-C right after the first is absorbed: exit 130 and the report is written", async () => {
    const r = await signalled(["SIGINT", "SIGINT"], 15);
    expect(r.code, r.stderr).toBe(130);
    const doc = parseSweepDoc(JSON.parse(readFileSync(r.file, "utf8")), r.file);
    accountedFor(doc, 400);
    expect(doc.stopped?.reason).toBe("SIGINT");
  });

  it("a third signal quits at once and says so (or the report was already complete)", async () => {
    const r = await signalled(["SIGINT", "SIGINT", "SIGINT"], 1);
    expect(r.code, r.stderr).toBe(130);
    if (r.stderr.includes("quitting now")) expect(r.stderr).toContain("the report was not written");
    else accountedFor(parseSweepDoc(JSON.parse(readFileSync(r.file, "utf8")), r.file), 400);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("--max-failures", () => {
  const args = ["sweep", "--seeds", "40", "--fault-level", "stormy", "--bug", "dirty-read", "--ops", "60", "--max-failures", "3"];

  it("stops after 3 failing seeds; the rest are not run and the report says why (in-process and on workers)", () => {
    for (const jobs of [[], ["--jobs", "2"]]) {
      const r = simctl([...args, ...jobs, "--reporter", "json"]);
      expect(r.code, r.stderr).toBe(1);
      const doc = parseSweepDoc(JSON.parse(r.stdout), "stdout");
      accountedFor(doc, 40);
      expect(doc.summary.failed).toBe(3);
      expect(doc.summary.notRun).toBeGreaterThan(0);
      expect(doc.stopped).toEqual({ reason: "max-failures", message: "stopped after 3 failing seeds (--max-failures 3)" });
    }
  });

  it("the text report ends with why it stopped; merge refuses the stopped shard, saying why", () => {
    const r = simctl(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Stopped early: stopped after 3 failing seeds \(--max-failures 3\); \d+ seeds not run\nFAIL: 3 of 40 seeds/);
    const file = join(tempDir(), "stopped.json");
    expect(simctl([...args, "--reporter", `json:${file}`]).code).toBe(1);
    const merged = simctl(["merge", file]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toMatch(/seeds not run \(stopped after 3 failing seeds \(--max-failures 3\)\)/);
  });
});

describe("a large failing sweep stays proportional", () => {
  it("text: the first 20 failing seeds, then counts per invariant; GitHub: 20 annotations and a notice", () => {
    const args = ["sweep", "--seeds", "60", "--fault-level", "stormy", "--bug", "dirty-read", "--ops", "100"];
    const text = simctl(args);
    expect(text.code).toBe(1);
    const failed = Number(/FAIL: (\d+) of 60 seeds/.exec(text.stdout)?.[1]);
    expect(failed).toBeGreaterThan(20);
    expect(text.stdout.match(/replay: npx simctl replay/g)).toHaveLength(20);
    expect(text.stdout).toContain(`… and ${failed - 20} more seeds like these`);
    expect(text.stdout).toMatch(new RegExp(`By invariant[\\s\\S]*│ I10 +│ ${failed} +│ 0 +│`));
    const github = simctl([...args, "--reporter", "github"]);
    expect(github.stdout.match(/^::error /gm)).toHaveLength(20);
    expect(github.stdout).toMatch(new RegExp(`^::notice title=simctl done-ledger%3A ${failed - 20} more seeds not annotated::I10: ${failed} seeds`, "m"));
  });

  it("whatever a target returns: entries, texts and details are bounded and the cuts counted; rendering never fails", () => {
    const dir = tempDir();
    const json = join(dir, "huge.json");
    const xml = join(dir, "huge.xml");
    const r = simctl(["sweep", "--target", "./test/fixtures/out-huge-target.mjs", "--seeds", "120", "--ops", "3", "--keep-going", "--reporter", "text", "--reporter", `json:${json}`, "--reporter", `junit:${xml}`]);
    expect(r.code, r.stderr).toBe(1);
    const doc = parseSweepDoc(JSON.parse(readFileSync(json, "utf8")), json);
    accountedFor(doc, 120);
    expect(doc.failures).toHaveLength(120);
    const first = doc.failures[0]!;
    expect(first.violations).toHaveLength(FAILURE_LIMITS.entriesPerSeed);
    expect(first.truncated?.entries).toBeGreaterThanOrEqual(90 - FAILURE_LIMITS.entriesPerSeed);
    expect(first.truncated?.chars).toBeGreaterThan(0);
    expect(first.truncated?.details).toBe(FAILURE_LIMITS.entriesPerSeed);
    expect(first.violations[0]!.message.length).toBeLessThan(FAILURE_LIMITS.textChars + 50);
    expect(JSON.stringify(first.violations[0]!.details).length).toBeLessThan(FAILURE_LIMITS.detailChars + 1000);
    expect(first.recentOps.length).toBeGreaterThan(0);
    const late = doc.failures[110]!;
    expect(late.violations).toHaveLength(1);
    expect(late.violations[0]!.details).toBeUndefined();
    expect(late.recentOps).toEqual([]);
    expect(late.truncated?.recentOps).toBeGreaterThan(0);
    expect(statSync(json).size).toBeLessThan(5_000_000);
    expect(r.stdout.length).toBeLessThan(300_000);
    expect(r.stdout).toContain("cut to keep the report small");
    const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(xml, "utf8")) as { testsuites: { testsuite: { testcase: unknown[] } } };
    expect(junit.testsuites.testsuite.testcase).toHaveLength(120);
  });
});
