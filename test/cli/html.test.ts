/** `--html` on run and replay, `--reporter html:FILE` on sweep with its run pages, and bad input. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { simctl, tempDir } from "./helpers.js";

describe("simctl --html", () => {
  it("replay FILE --html writes the repro's page with its replay command, and says where", () => {
    const out = join(tempDir(), "repro.html");
    const r = simctl(["replay", "seeds/replication-no-dedupe.json", "--html", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`html report written to ${out}`);
    const html = readFileSync(out, "utf8");
    expect(html).toContain(`<pre class="replay-command">npx simctl replay seeds/replication-no-dedupe.json</pre>`);
    expect(html).toMatch(/<g id="violation" data-step="\d+" data-invariant="R3">/);
    expect(html).toContain('<g class="lane" data-lane="n0">');
  });

  it("draws a user's target too, from the worker thread it runs in", () => {
    const out = join(tempDir(), "user.html");
    expect(simctl(["run", "--target", "./test/fixtures/transfer-target.ts", "--seed", "4", "--ops", "50", "--html", out]).code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/Trace entries #0\.\.#\d+ of \d+ \(steps #0\.\.#50\)/);
    expect((html.match(/<g class="op[ "]/g) ?? []).length).toBe(50);
    expect((html.match(/<li value="\d+"><a href="#step-\d+">/g) ?? []).length).toBe(50);
  });

  it("run --html-steps draws just those steps; the page names the range", () => {
    const out = join(tempDir(), "run.html");
    const r = simctl(["run", "--target", "done-ledger", "--seed", "3", "--ops", "60", "--html", out, "--html-steps", "10..12"]);
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/\(steps #10\.\.#12\)/);
    expect(html).toContain('id="step-11"');
    expect(html).not.toContain('id="step-9"');
    expect(html).not.toContain('id="step-13"');
  });

  it("refuses a bad --html-steps, or one without --html, in one line with exit 2", () => {
    for (const args of [["--html", join(tempDir(), "x.html"), "--html-steps", "9..3"], ["--html-steps", "1..2"]]) {
      const r = simctl(["run", "--target", "done-ledger", "--ops", "10", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain("--html-steps");
    }
  });

  it("sweep --reporter html:FILE --save-failures DIR writes a run page per failing seed, linked from the sweep page", () => {
    const dir = tempDir();
    const page = join(dir, "report", "sweep.html");
    const r = simctl(["sweep", "--target", "done-ledger", "--bug", "lww-status", "--seeds", "4", "--reporter", `html:${page}`, "--save-failures", join(dir, "fails")]);
    expect(r.code).toBe(1);
    const html = readFileSync(page, "utf8");
    expect(html).toContain('<section class="invariant" data-invariant="I1">');
    const links = [...html.matchAll(/<a class="run-page" href="([^"]+)">/g)].map((m) => m[1]!);
    expect(links).toHaveLength(4);
    for (const link of links) {
      expect(link.startsWith("../fails/")).toBe(true);
      const target = resolve(dirname(page), decodeURIComponent(link));
      expect(existsSync(target)).toBe(true);
      expect(readFileSync(target, "utf8")).toContain(`<pre class="replay-command">npx simctl replay ${join(dir, "fails")}/`);
    }
  });

  it("merge --reporter html:FILE draws the merged shards' sweep page", () => {
    const dir = tempDir();
    const shards = [1, 2].map((i) => join(dir, `shard-${i}.json`));
    shards.forEach((file, i) => expect(simctl(["sweep", "--seeds", "6", "--bug", "lww-status", "--shard", `${i + 1}/2`, "--reporter", `json:${file}`]).code).toBe(1));
    const page = join(dir, "merged.html");
    expect(simctl(["merge", ...shards, "--reporter", `html:${page}`]).code).toBe(1);
    const html = readFileSync(page, "utf8");
    expect(html).toContain('<td data-count="seeds">6</td>');
    expect((html.match(/<li class="failure" data-seed="\d+">/g) ?? []).length).toBe(6);
  });

  it("an html report on stdout cannot share it with the text report", () => {
    const r = simctl(["sweep", "--seeds", "2", "--reporter", "html", "--reporter", "text"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the html report cannot share stdout");
  });
});

describe("simctl --html: what can go wrong around the page", () => {
  it("checks every output before the run: two flags naming one file, stdout for the page", () => {
    const dir = tempDir();
    for (const args of [["--html", join(dir, "a"), "--save", join(dir, "a")], ["--html", join(dir, "b"), "--trace", join(dir, "b")], ["--html", "/dev/stdout"], ["--html", ""]]) {
      const r = simctl(["run", "--ops", "5", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
  });

  it("a replay that does not reproduce says so at the top of its page", () => {
    const dir = tempDir();
    const file = join(dir, "run.json");
    expect(simctl(["run", "--seed", "8", "--bug", "dirty-read", "--save", file]).code).toBe(1);
    const doc = JSON.parse(readFileSync(file, "utf8")) as { expect: { traceHash: string } };
    doc.expect.traceHash = "0000000000000000";
    writeFileSync(file, JSON.stringify(doc));
    const out = join(dir, "page.html");
    expect(simctl(["replay", file, "--html", out]).code).toBe(3);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<span class="verdict bad">NONDETERMINISM</span>');
    expect(html).toMatch(/<section id="notes" class="bad"><p><b>NONDETERMINISM: trace hash [0-9a-f]{16} differs from the expected one/);
  });

  it("--html-steps away from the violation draws no violation row and says where it is", () => {
    const out = join(tempDir(), "r.html");
    expect(simctl(["run", "--seed", "8", "--bug", "dirty-read", "--html", out, "--html-steps", "0..1"]).code).toBe(1);
    const html = readFileSync(out, "utf8");
    expect(html).not.toContain('<g id="violation"');
    expect(html).toMatch(/is outside the drawn range/);
    expect(html).toContain('<a id="violation-summary" href="#violations">');
  });

  it("refuses a sweep report named like a saved seed's file in the --save-failures directory", () => {
    const dir = tempDir();
    const r = simctl(["sweep", "--seeds", "2", "--reporter", `html:${join(dir, "done-ledger-seed-1.html")}`, "--save-failures", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("named like a failing seed's file");
  });
});
