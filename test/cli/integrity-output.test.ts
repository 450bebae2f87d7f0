/**
 * Harness integrity, the output side (issue 11): bad input is found before seed 0; reports are
 * written without destroying what they are written to (devices, FIFOs, symlinks) and never claimed
 * when they were not; a closed stdout ends output quietly; a target's stdout never corrupts a
 * document on stdout; the exit-code table is complete.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, lstatSync, openSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { EXIT, EXIT_CODES } from "../../src/core/errors.js";
import { parseSweepDoc, type SweepDoc } from "../../src/core/report.js";
import { renderSweepJson, sweepJsonChunks } from "../../src/cli/reporters/json.js";
import { ROOT, simctl, tempDir } from "./helpers.js";

const BIN = join(ROOT, "bin", "simctl.js");
/** A sweep that fails if it runs: a flag refused before seed 0 must leave no trace of it. */
const FAILING = ["sweep", "--seeds", "20", "--fault-level", "stormy", "--bug", "dirty-read", "--ops", "60"];

function expectRefused(args: string[], message: RegExp): void {
  const r = simctl(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout, "nothing ran, nothing printed").toBe("");
}

function doc(text: string, source = "stdout"): SweepDoc {
  return parseSweepDoc(JSON.parse(text), source);
}

function accountedFor(d: SweepDoc, seeds: number): void {
  const s = d.summary;
  expect(s.seeds).toBe(seeds);
  expect(s.passed + s.failed + s.inconclusive + s.errored + s.notRun).toBe(seeds);
  expect(new Set(d.seeds.map((x) => x.seed)).size).toBe(seeds);
}

describe("every flag and output path is checked before seed 0: exit 2, one line, nothing run", () => {
  const dir = tempDir();
  const file = join(dir, "a-file");
  writeFileSync(file, "x");
  const report = join(dir, "report.json");
  const cases: [string, string[], RegExp][] = [
    ["--shrink-budget abc (even without --shrink)", ["--shrink-budget", "abc"], /--shrink-budget must be a positive integer, got 'abc'/],
    ["--out DIR", ["--out", dir], /--out: cannot write '.*': it is a directory/],
    ["--reporter junit:FILE/x.xml (a parent is a file)", ["--reporter", `junit:${file}/x.xml`], /a parent of it is a file/],
    ["--save-failures FILE (an existing regular file)", ["--save-failures", file], /--save-failures: cannot write .* it exists and is not a directory/],
    ["--seed-timeout over the 2^31-1 ms timer limit", ["--seed-timeout", "3000000"], /--seed-timeout 3000000 is over the limit of 2147483\.647 seconds/],
    ["--seed-timeout 0", ["--seed-timeout", "0"], /--seed-timeout must be a number of seconds >= 0\.001/],
    ["--jobs 0", ["--jobs", "0"], /--jobs must be a positive integer/],
    ["--jobs 1000", ["--jobs", "1000"], /--jobs 1000 is over the limit of 64/],
    ["--worker-heap-mb x", ["--worker-heap-mb", "x"], /--worker-heap-mb must be a positive integer/],
    ["--max-failures 0", ["--max-failures", "0"], /--max-failures must be a positive integer/],
    ["--seed-base -1", ["--seed-base", "-1"], /seed/],
    ["--shard 3/2", ["--shard", "3/2"], /--shard must be i\/n with 1 <= i <= n/],
    ["--seeds 1000000000000000", ["--seeds", "1000000000000000"], /--seeds 1000000000000000 is over the limit of 1,000,000/],
    ["--seeds 2000000000 --ops 1", ["--seeds", "2000000000", "--ops", "1"], /--seeds 2000000000 is over the limit of 1,000,000/],
    ["the same file for two reporters", ["--reporter", `json:${report}`, "--reporter", `junit:${report}`], /--reporter json:.* and --reporter junit:.* both write/],
    ["--out naming a reporter's file another way", ["--reporter", "text", "--reporter", `json:${report}`, "--out", `${dir}/./report.json`], /--out and --reporter json:.* both write .*the same file/],
    ["a JSON document and text both on stdout via /dev/stdout", ["--reporter", "json:/dev/stdout", "--reporter", "text"], /the json report cannot share stdout with text/],
    ["an unknown reporter", ["--reporter", "xml:x.xml"], /unknown reporter 'xml'/],
  ];
  for (const [name, flags, message] of cases) {
    it(name, () => {
      expectRefused([...FAILING, ...flags], message);
      expect(existsSync(report)).toBe(false);
    });
  }

  it("a refused sweep creates no directory for its outputs", () => {
    const nested = join(dir, "new", "deeper");
    expectRefused([...FAILING, "--reporter", `json:${join(nested, "r.json")}`, "--shrink-budget", "-3"], /--shrink-budget/);
    expect(existsSync(join(dir, "new"))).toBe(false);
  });

  it("merge and lincheck check their outputs first too", () => {
    expectRefused(["merge", "no-such-report.json", "--reporter", `json:${dir}`], /cannot write '.*': it is a directory/);
    expectRefused(["lincheck", "--model", "register", "--html", dir, "test/fixtures/histories/register-ok.log"], /--html: cannot write '.*': it is a directory/);
  });
});

describe("reports are written without destroying or lying", () => {
  it("--out /dev/full: exit 2 naming the path, never 'written'; the device stays a device", () => {
    const r = simctl(["sweep", "--seeds", "3", "--reporter", "json", "--out", "/dev/full"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write '\/dev\/full': no space left on device \(ENOSPC\)/);
    expect(r.stderr + r.stdout).not.toMatch(/written/);
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it("a reporter that cannot write its file does not stop the others, and the failure is exit 2", () => {
    const dir = tempDir();
    const junit = join(dir, "junit.xml");
    const r = simctl(["sweep", "--seeds", "4", "--reporter", "text", "--reporter", "json:/dev/full", "--reporter", `junit:${junit}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("PASS: 4 seeds");
    expect(r.stderr).toMatch(/cannot write '\/dev\/full'/);
    expect(readFileSync(junit, "utf8")).toContain('<testsuites tests="4"');
  });

  it("/dev/null is written through (and stays a device); /dev/stdout carries the document itself", () => {
    const nul = simctl(["sweep", "--seeds", "3", "--reporter", "json:/dev/null"]);
    expect(nul.code).toBe(0);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    const out = simctl(["sweep", "--seeds", "3", "--reporter", "json", "--out", "/dev/stdout"]);
    expect(out.code, out.stderr).toBe(0);
    accountedFor(doc(out.stdout), 3);
  });

  it("a symlink is followed: its target gets the report, the link stays a link; a dangling link creates its target", () => {
    const dir = tempDir();
    const real = join(dir, "real.json");
    writeFileSync(real, "old");
    chmodSync(real, 0o640);
    const link = join(dir, "link.json");
    symlinkSync(real, link);
    const r = simctl(["sweep", "--seeds", "3", "--reporter", `json:${link}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    accountedFor(doc(readFileSync(real, "utf8"), real), 3);
    expect(statSync(real).mode & 0o777, "the replaced file keeps its mode").toBe(0o640);
    const dangling = join(dir, "dangling.json");
    symlinkSync(join(dir, "made-by-simctl.json"), dangling);
    expect(simctl(["sweep", "--seeds", "2", "--reporter", `json:${dangling}`]).code).toBe(0);
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    accountedFor(doc(readFileSync(join(dir, "made-by-simctl.json"), "utf8")), 2);
  });

  it("a FIFO is written through to its reader and stays a FIFO", async () => {
    const dir = tempDir();
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reader = spawn("cat", [fifo]);
    let read = "";
    reader.stdout.on("data", (d: Buffer) => (read += d.toString()));
    const done = new Promise((resolve) => reader.on("close", resolve));
    const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, "sweep", "--seeds", "3", "--reporter", `json:${fifo}`], { cwd: ROOT }).on("exit", resolve));
    await done;
    expect(code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    accountedFor(doc(read), 3);
  });

  it("a new path gets its missing directories; no temporary file is left behind", () => {
    const dir = tempDir();
    const file = join(dir, "reports", "nested", "sweep.json");
    expect(simctl(["sweep", "--seeds", "2", "--reporter", `json:${file}`]).code).toBe(0);
    accountedFor(doc(readFileSync(file, "utf8")), 2);
    expect(spawnSync("ls", ["-A", join(dir, "reports", "nested")], { encoding: "utf8" }).stdout.trim()).toBe("sweep.json");
  });

  it("stdout on a full device: exit 2 naming stdout", () => {
    const full = openSync("/dev/full", "w");
    const r = spawnSync(process.execPath, [BIN, "sweep", "--seeds", "2"], { cwd: ROOT, stdio: ["ignore", full, "pipe"], encoding: "utf8" });
    closeSync(full);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^simctl: cannot write to stdout: no space left on device \(ENOSPC\)$/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("a closed stdout (| head -1) ends output quietly; the exit code is still the verdict's", () => {
  const run = (args: string): { code: number; stderr: string; first: string } => {
    const err = join(tempDir(), "stderr");
    const r = spawnSync("bash", ["-c", `node ${BIN} ${args} 2>${err} | head -1; exit "\${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    return { code: r.status ?? -1, stderr: readFileSync(err, "utf8"), first: r.stdout };
  };

  it("a passing sweep's JSON report: exit 0, no stack trace", () => {
    const r = run("sweep --seeds 1500 --ops 1 --reporter json");
    expect(r.first).toBe("{\n");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a failing sweep's text report: exit 1, no stack trace", () => {
    const r = run("sweep --seeds 60 --fault-level stormy --bug dirty-read --ops 100");
    expect(r.first).toMatch(/^simctl sweep/);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
  });
});

describe("a target's stdout never corrupts a document on stdout", () => {
  const args = ["sweep", "--target", "./test/fixtures/out-console-target.mjs", "--seeds", "8", "--ops", "5"];

  it("--reporter json: stdout is the report, the target's lines went to stderr", () => {
    const r = simctl([...args, "--reporter", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const d = doc(r.stdout);
    accountedFor(d, 8);
    expect(d.failures.map((f) => f.seed)).toEqual([1, 5]);
    expect(r.stderr).toContain('{"not": "the report", "seed": 0}');
    expect(r.stderr).toContain("applying");
  });

  it("--reporter junit: stdout is one XML document", () => {
    const r = simctl([...args, "--reporter", "junit"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.startsWith("<?xml")).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(r.stdout) as { testsuites: { testsuite: { testcase: unknown[] } } };
    expect(parsed.testsuites.testsuite.testcase).toHaveLength(8);
    expect(r.stderr).toContain("partial line without a newline");
  });

  it("run and list --reporter json: stdout is the document", () => {
    const run = simctl(["run", "--target", "./test/fixtures/out-console-target.mjs", "--seed", "1", "--ops", "5", "--reporter", "json"]);
    expect(run.code, run.stderr).toBe(1);
    // (What the target printed goes to stderr when it reaches this process at all: a run's worker
    // may be ended before its output is piped through.)
    expect((JSON.parse(run.stdout) as { status: string }).status).toBe("failed");
    const list = simctl(["list", "--target", "./test/fixtures/out-console-target.mjs", "--reporter", "json"]);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { targets: { name: string }[] }).targets[0]?.name).toBe("out-console");
  });

  it("with the text report on stdout, the target's output is left where it was", () => {
    const r = simctl([...args]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL: 2 of 8 seeds");
  });
});

describe("exit codes", () => {
  it("the README's table lists exactly the codes the CLI can return", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Exit codes"), readme.indexOf("\n## ", readme.indexOf("## Exit codes") + 3));
    const codes = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual([0, 1, 2, 3, 4, 70, 130, 143]);
    expect([...EXIT_CODES].sort((a, b) => a - b)).toEqual(codes);
    expect(EXIT.terminated).toBe(143);
  });
});

describe("the JSON report in chunks", () => {
  it("is byte for byte JSON.stringify(doc, null, 2), including empty lists", () => {
    const r = simctl(["sweep", "--seeds", "6", "--fault-level", "stormy", "--bug", "dirty-read", "--ops", "80", "--reporter", "json"]);
    const d = doc(r.stdout);
    expect(renderSweepJson(d)).toBe(JSON.stringify(d, null, 2) + "\n");
    const empty = { ...d, failures: [] };
    expect([...sweepJsonChunks(empty)].join("")).toBe(JSON.stringify(empty, null, 2) + "\n");
  });
});
