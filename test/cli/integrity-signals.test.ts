/**
 * Harness integrity, stopping early (issue 11): SIGTERM like SIGINT (143, partial report, failing
 * seeds printed), a second signal absorbed while the report is written, --max-failures, and
 * output that stays proportional to a large failing sweep.
 */
import { spawn, spawnSync } from "node:child_process";
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

interface Signalled {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Start a slow sweep (2 ms per step, so a seed is ~20 ms) whose JSON report goes to `report`,
 * wait until 4 seeds are done, then let `script` send signals; returns how it ended.
 */
async function slowSweep(report: string, script: (kill: (s: NodeJS.Signals) => void, stderrHas: (text: string) => Promise<void>) => Promise<void>): Promise<Signalled> {
  const child = spawn(process.execPath, [BIN, "sweep", "--target", "./test/fixtures/out-slow-target.mjs", "--seeds", "400", "--ops", "10", "--jobs", "1", "--reporter", `json:${report}`, "--reporter", "text"], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stderr = "";
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.splice(0)) if (w.test()) w.resolve();
    else waiters.push(w);
  });
  const until = (test: () => boolean): Promise<void> => (test() ? Promise.resolve() : new Promise((resolve) => waiters.push({ test, resolve })));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (code, signal) => resolve([code, signal])));
  await until(() => (stderr.match(/out-slow: seed \d+ done/g) ?? []).length >= 4);
  await script(
    (signal) => child.kill(signal),
    (text) => until(() => stderr.includes(text)),
  );
  const [code, signal] = await exited;
  return { code, signal, stderr };
}

/** Read a FIFO to its end (a reader started only when the test says so). */
function readFifo(path: string): Promise<string> {
  const reader = spawn("cat", [path]);
  let text = "";
  reader.stdout.on("data", (d: Buffer) => (text += d.toString()));
  return new Promise((resolve) => reader.on("close", () => resolve(text)));
}

function fifo(): string {
  const path = join(tempDir(), "report.fifo");
  expect(spawnSync("mkfifo", [path]).status).toBe(0);
  return path;
}

describe("signals stop a sweep cleanly", () => {
  it("SIGTERM: exit 143, the failing seeds so far printed, a valid partial report that says why it stopped", async () => {
    const file = join(tempDir(), "partial.json");
    const r = await slowSweep(file, async (kill) => kill("SIGTERM"));
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toContain("SIGTERM: stopping");
    expect(r.stderr).toMatch(/interrupted: \d+ seeds not run; failing seeds so far:\n {2}npx simctl replay --target \.\/test\/fixtures\/out-slow-target\.mjs --seed 0 /);
    const doc = parseSweepDoc(JSON.parse(readFileSync(file, "utf8")), file);
    accountedFor(doc, 400);
    expect(doc.summary.notRun).toBeGreaterThan(0);
    expect(doc.summary.failed).toBeGreaterThan(0);
    expect(doc.stopped).toEqual({ reason: "SIGTERM", message: "interrupted by SIGTERM" });
  });

  it("a second Ctrl-C while the report is being written is absorbed: the report arrives whole, exit 130", async () => {
    // The report goes to a FIFO nobody reads yet, so the sweep is held in the middle of writing it.
    const path = fifo();
    let report = Promise.resolve("");
    const r = await slowSweep(path, async (kill, stderrHas) => {
      kill("SIGINT");
      await stderrHas("SIGINT: stopping");
      await new Promise((resolve) => setTimeout(resolve, 100));
      kill("SIGINT");
      await stderrHas("still writing the report");
      report = readFifo(path);
    });
    expect(r.code, r.stderr).toBe(130);
    const doc = parseSweepDoc(JSON.parse(await report), path);
    accountedFor(doc, 400);
    expect(doc.stopped?.reason).toBe("SIGINT");
    expect(r.stderr).toContain("interrupted:");
  });

  it("a second Ctrl-C as simctl exits cannot lose the report: it is already written", async () => {
    const file = join(tempDir(), "partial.json");
    const r = await slowSweep(file, async (kill) => {
      kill("SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 15));
      kill("SIGINT");
    });
    // Exit 130; or, when the second signal lands while Node is already tearing down, death by
    // SIGINT (which the shell also shows as 130). Either way the report is complete.
    expect(r.code === 130 || r.signal === "SIGINT", r.stderr).toBe(true);
    accountedFor(parseSweepDoc(JSON.parse(readFileSync(file, "utf8")), file), 400);
  });

  it("a third signal quits at once and says so", async () => {
    const path = fifo();
    const r = await slowSweep(path, async (kill, stderrHas) => {
      kill("SIGINT");
      await stderrHas("SIGINT: stopping");
      await new Promise((resolve) => setTimeout(resolve, 100));
      kill("SIGINT");
      await stderrHas("still writing the report");
      kill("SIGTERM");
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain("SIGTERM: quitting now; the report was not written");
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
