/** `--html` on run and replay, `--reporter html:FILE` on sweep with its run pages, and bad input. */
import { existsSync, readFileSync } from "node:fs";
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

  it("an html report on stdout cannot share it with the text report", () => {
    const r = simctl(["sweep", "--seeds", "2", "--reporter", "html", "--reporter", "text"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the html report cannot share stdout");
  });
});
