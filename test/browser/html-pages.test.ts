/**
 * The HTML reports in a real browser: Debian's Chromium (/usr/bin/chromium), driven headless by
 * playwright-core (no browser download). Each block's beforeAll writes, through the CLI, its
 * page: a shrunk failing replication run page (replay --html), a shrunk failing raft run page, a
 * done-ledger sweep page with a run page per saved failure. Each page is then opened from file://
 * in a fresh page of an offline context and checked against the page contract (the ids and
 * classes the HTML writer promises): no console error, no page error, no request that is not
 * file: or data:, the timeline's lanes, the violation, the repro list and its links; full-page
 * screenshots go to test-output/screenshots/.
 *
 * Without /usr/bin/chromium the suite is skipped, unless SIMCTL_BROWSER_TESTS=required (CI: see
 * .ci/run), where that is a failure. The CLI is the built one (bin/ over dist/, as the other CLI
 * tests run it; `npm test` builds dist first); SIMCTL_BROWSER_CLI=src runs src/ through tsx
 * instead, for a dist/ older than the source.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, simctl, tempDir, type CliResult } from "../cli/helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const REQUIRED = process.env.SIMCTL_BROWSER_TESTS === "required";
const SCREENSHOTS = join(ROOT, "test-output", "screenshots");
const VIEWPORT = { width: 1280, height: 800 };

/** The CLI: the built one, or src/ through tsx when SIMCTL_BROWSER_CLI=src (see the header). */
function cli(args: readonly string[]): CliResult {
  if (process.env.SIMCTL_BROWSER_CLI !== "src") return simctl(args);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test", "browser", "simctl-src.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `simctl ARGS`, which must exit with `code` and leave `file` behind. */
function write(args: readonly string[], code: number, file: string): void {
  const r = cli(args);
  const said = `simctl ${args.join(" ")} exited ${r.code}\nstderr: ${r.stderr}\nstdout (tail): ${r.stdout.slice(-2000)}`;
  expect(r.code, said).toBe(code);
  expect(existsSync(file), `${said}\n(no ${file})`).toBe(true);
}

interface ReplayFile {
  readonly ops: readonly unknown[];
  readonly expect: { readonly violation: string };
}

function replayFile(file: string): ReplayFile {
  return JSON.parse(readFileSync(file, "utf8")) as ReplayFile;
}

interface Opened {
  readonly page: Page;
  /** Console errors, page errors, failed requests and requests that are not file: or data:. */
  readonly problems: string[];
}

let browser: Browser | undefined;
const opened: Page[] = [];

/** `file` in a fresh page of a fresh offline context, everything that went wrong recorded. */
async function open(file: string): Promise<Opened> {
  if (browser === undefined) throw new Error("the browser did not start (see beforeAll)");
  const context = await browser.newContext({ offline: true, viewport: VIEWPORT });
  const problems: string[] = [];
  context.on("request", (r) => {
    if (!/^(file|data):/.test(r.url())) problems.push(`request not file: or data: ${r.url()}`);
  });
  context.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? "?"})`));
  const page = await context.newPage();
  page.setDefaultTimeout(5_000); // an element that is not there fails in seconds, not at the test's timeout
  opened.push(page);
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.waitForTimeout(200); // whatever an inline script does after load
  return { page, problems };
}

/** Attributes that would load or link something off the machine (http:, https:, //host). */
const EXTERNAL_ATTRIBUTES = `[...document.querySelectorAll("*")].flatMap((e) =>
  [...e.attributes]
    .filter((a) => /^(src|href|xlink:href|srcset|action|formaction|poster|data|background)$/i.test(a.name))
    .filter((a) => /^\\s*(https?:|\\/\\/)/i.test(a.value))
    .map((a) => "<" + e.tagName.toLowerCase() + " " + a.name + "=" + JSON.stringify(a.value) + ">"))
  .concat([...document.querySelectorAll("script[src], link[rel~=stylesheet][href]")].map((e) => e.outerHTML.slice(0, 200)))`;

async function expectSelfContained(page: Page): Promise<void> {
  expect(await page.evaluate(EXTERNAL_ATTRIBUTES), "elements that refer to resources off the page").toEqual([]);
}

/**
 * Where the element with id `id` is, as a reader would see it: "visible" when its centre is in
 * the viewport and the topmost element there is it, inside it, around it or in the same SVG
 * drawing (its row); else what is wrong: missing, outside the viewport, or covered (by a sticky
 * bar, say), naming what covers it.
 */
function sighting(id: string): string {
  return `(() => {
    const el = document.getElementById(${JSON.stringify(id)});
    if (el === null) return "missing";
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return "outside the viewport: centre at (" + Math.round(x) + ", " + Math.round(y) + ")";
    const hit = document.elementFromPoint(x, y);
    const svg = el.closest("svg");
    if (hit !== null && (hit === el || el.contains(hit) || hit.contains(el) || (svg !== null && svg.contains(hit)))) return "visible";
    const name = (e) => e === null ? "nothing" : "<" + e.tagName.toLowerCase() + (e.id ? " id=" + e.id : "") + (e.getAttribute("class") ? " class=" + e.getAttribute("class") : "") + ">";
    const chain = [];
    for (let e = hit; e !== null && e !== document.body && chain.length < 3; e = e.parentElement) chain.push(name(e));
    return "covered at (" + Math.round(x) + ", " + Math.round(y) + ") by " + chain.join(" in ");
  })()`;
}

/** The texts of svg#timeline that run past the drawing's right edge (cut off: SVG clips them). */
const CUT_TEXTS = `(() => {
  const svg = document.querySelector("svg#timeline");
  const vb = svg.viewBox.baseVal;
  const right = vb !== null && vb.width > 0 ? vb.x + vb.width : svg.width.baseVal.value;
  return [...svg.querySelectorAll("text")]
    .filter((t) => { const b = t.getBBox(); return b.x + b.width > right + 0.5; })
    .map((t) => Math.round(t.getBBox().x + t.getBBox().width) + " > " + right + ": " + t.textContent);
})()`;

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A full-page capture pastes a sticky bar wherever the viewport's top was, over the content:
  // drawn in its place at the top instead.
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true, style: "nav { position: static !important; }" });
}

async function lanes(page: Page): Promise<string[]> {
  const values = await page.locator("svg#timeline g.lane").evaluateAll((gs) => gs.map((g) => g.getAttribute("data-lane") ?? ""));
  return values as string[];
}

const dir = HAVE_CHROMIUM ? tempDir() : "";
const pages = {
  replication: { html: join(dir, "replication.html"), replay: join(dir, "replication-repro.json") },
  raft: { html: join(dir, "raft.html"), replay: join(dir, "raft-repro.json") },
  sweep: { html: join(dir, "sweep.html"), failures: join(dir, "fails") },
};

describe("the browser harness", () => {
  it.runIf(REQUIRED)(`SIMCTL_BROWSER_TESTS=required: ${CHROMIUM} is installed`, () => {
    expect(
      HAVE_CHROMIUM,
      `${CHROMIUM} is missing, and SIMCTL_BROWSER_TESTS=required says the browser tests must run: install Debian's chromium (apt-get install -y chromium; .ci/run does)`,
    ).toBe(true);
  });
});

describe.skipIf(!HAVE_CHROMIUM)("the HTML reports in Chromium", () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    for (const page of opened) await page.context().close();
    await browser?.close();
  });

  const runPages = [
    // replication --bug no-dedupe, seed 18 at stormy: shrunk (to 2 steps), replayed into a run page.
    { name: "replication", ...pages.replication, args: ["--seed", "18", "--target", "replication", "--bug", "no-dedupe", "--fault-level", "stormy"], screenshot: "run-replication.png", history: false },
    // raft --bug local-read, seed 0: shrunk (about 8 s, to 9 steps), replayed into a run page.
    { name: "raft", ...pages.raft, args: ["--seed", "0", "--target", "raft", "--bug", "local-read"], screenshot: "run-raft.png", history: true },
  ];
  for (const run of runPages) {
    describe(`the ${run.name} run page`, () => {
      beforeAll(() => {
        write(["shrink", ...run.args, "--out", run.replay], 1, run.replay);
        write(["replay", run.replay, "--html", run.html], 1, run.html);
      });

      it("loads with no console error, page error, failed or off-machine request, and refers to nothing off the page", async () => {
        const { page, problems } = await open(run.html);
        await screenshot(page, run.screenshot);
        expect.soft(problems).toEqual([]);
        await expectSelfContained(page);
      });

      it("has the replay command, the violation summary and the violation in the timeline", async () => {
        const { page } = await open(run.html);
        const commands = page.locator("#header pre.replay-command");
        expect(await commands.count()).toBe(1);
        const command = (await commands.textContent()) ?? "";
        expect(command.trim()).toMatch(/^npx simctl replay /);
        const { violation } = replayFile(run.replay).expect;
        const summary = page.locator("#violation-summary");
        expect(await summary.count()).toBe(1);
        expect(await summary.textContent()).toContain(violation);
        // The summary links to the violation: it is the link, or holds one.
        expect(await page.locator('#violation-summary[href="#violation"], #violation-summary a[href="#violation"]').count()).toBeGreaterThan(0);
        const mark = page.locator("svg#timeline g#violation");
        expect(await mark.count()).toBe(1);
        expect(await mark.isVisible()).toBe(true);
        expect(await mark.getAttribute("data-step")).toMatch(/^\d+$/);
        expect(((await mark.textContent()) ?? "").trim()).not.toBe("");
      });

      it("draws a lane for the clients and one per node, n0 .. n(count-1), at least 3 nodes, and message arrows", async () => {
        const { page } = await open(run.html);
        const drawn = await lanes(page);
        expect(drawn).toContain("clients");
        expect(new Set(drawn).size, `lanes drawn: ${drawn.join(", ")}`).toBe(drawn.length);
        const nodes = drawn.filter((l) => /^n\d+$/.test(l));
        expect(nodes.length, `lanes drawn: ${drawn.join(", ")}`).toBeGreaterThanOrEqual(3);
        for (let i = 0; i < nodes.length; i++) expect(nodes, `lanes drawn: ${drawn.join(", ")}`).toContain(`n${i}`);
        expect(await page.locator("svg#timeline g.msg").count()).toBeGreaterThan(0);
        if (run.history) expect(await page.locator("section#history").count()).toBe(1);
      });

      it("lists one repro step per step of the replay file, each linking to an element of the page", async () => {
        const { page } = await open(run.html);
        const steps = replayFile(run.replay).ops.length;
        expect(await page.locator("ol#repro > li").count()).toBe(steps);
        const hrefs = await page.locator("ol#repro > li").evaluateAll((lis) =>
          lis.map((li) => li.querySelector('a[href^="#step-"]')?.getAttribute("href") ?? "(no a[href^=#step-])"),
        );
        expect(hrefs.length).toBe(steps);
        for (const href of hrefs as string[]) {
          expect(href).toMatch(/^#step-\d+$/);
          expect(await page.locator(`[id="${href.slice(1)}"]`).count(), `elements with id ${href.slice(1)}`).toBe(1);
        }
      });

      it("scrolls a repro step's target (and the violation) into view, hidden under nothing, when its link is clicked from the page's end", async () => {
        const { page } = await open(run.html);
        const links = page.locator('ol#repro > li a[href^="#step-"]');
        const hrefs = (await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) as string[];
        expect(hrefs.length).toBeGreaterThan(0);
        const summaryLink = '#violation-summary[href="#violation"], #violation-summary a[href="#violation"]';
        for (const href of [...hrefs.slice(0, 10), "#violation"]) {
          await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)");
          await page.locator(href === "#violation" ? summaryLink : `ol#repro > li a[href="${href}"]`).first().click();
          let seen = "";
          for (const deadline = Date.now() + 2_000; seen !== "visible" && Date.now() < deadline; await page.waitForTimeout(100)) {
            seen = (await page.evaluate(sighting(href.slice(1)))) as string;
          }
          expect(seen, `${href} after its link was clicked`).toBe("visible");
        }
      });

      it("cuts no timeline text off at the drawing's right edge", async () => {
        const { page } = await open(run.html);
        expect(await page.evaluate(CUT_TEXTS), "texts of svg#timeline past its right edge").toEqual([]);
      });
    });
  }

  describe("the sweep page", () => {
    // Every seed fails (exit 1); each saved failure gets a run page beside its replay file.
    beforeAll(() => {
      const sweep = pages.sweep;
      write(["sweep", "--target", "done-ledger", "--bug", "lww-status", "--seeds", "20", "--reporter", `html:${sweep.html}`, "--save-failures", sweep.failures], 1, sweep.html);
    });

    it("loads with no console error, page error, failed or off-machine request, and refers to nothing off the page", async () => {
      const { page, problems } = await open(pages.sweep.html);
      await screenshot(page, "sweep-done-ledger.png");
      expect.soft(problems).toEqual([]);
      await expectSelfContained(page);
    });

    it("has the summary, the histogram, and the failures grouped by invariant with their replay commands", async () => {
      const { page } = await open(pages.sweep.html);
      expect(await page.locator("table#summary").count()).toBe(1);
      expect(await page.locator("table#histogram tr[data-kind]").count()).toBeGreaterThan(0);
      expect(await page.locator("table#histogram tr.unreached:not([data-kind])").count()).toBe(0);
      const i1 = page.locator('#failures section.invariant[data-invariant="I1"]');
      expect(await i1.count()).toBeGreaterThanOrEqual(1);
      expect(await i1.locator("li.failure").count()).toBeGreaterThan(0);
      const commands = await page.locator("#failures li.failure pre.replay-command").allTextContents();
      expect(commands.length).toBe(await page.locator("#failures li.failure").count());
      for (const c of commands) expect(c.trim()).toMatch(/^npx simctl replay /);
    });

    it("links a run page per saved failure, each an existing file that opens cleanly with a single system lane", async () => {
      const { page } = await open(pages.sweep.html);
      const hrefs = await page.locator("a.run-page").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      const saved = readdirSync(pages.sweep.failures);
      const written = saved.filter((f) => f.endsWith(".html"));
      expect(written.length, `in ${pages.sweep.failures}: ${saved.join(", ")}`).toBe(saved.filter((f) => f.endsWith(".json")).length);
      expect(hrefs.length).toBeGreaterThan(0);
      const files = (hrefs as string[]).map((href) => {
        const url = new URL(href, page.url());
        expect(url.protocol, href).toBe("file:");
        return fileURLToPath(url);
      });
      for (const file of files) expect(existsSync(file), `a.run-page → ${file}`).toBe(true);
      const first = files[0]!;
      const run = await open(first);
      expect(run.problems).toEqual([]);
      expect(await lanes(run.page)).toEqual(["system"]);
      const replay = first.replace(/\.html$/, ".json");
      if (existsSync(replay)) expect(await run.page.locator("ol#repro > li").count()).toBe(replayFile(replay).ops.length);
    });
  });
});
