/** simctl lincheck on hand-built histories in each format, exit codes, --html, and the done-ledger's H1. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/index.js";
import target from "../../src/targets/done-ledger/index.js";
import { ROOT, simctl, tempDir } from "./helpers.js";

const DIR = join(ROOT, "test", "fixtures", "histories");
const f = (name: string): string => join(DIR, name);

describe("simctl lincheck verdicts", () => {
  const cases: [string, "register" | "kv", string][] = [
    ["register-ok.log", "register", "linearizable"],
    ["register-bad.log", "register", "not linearizable"],
    ["register-timeout-took-effect.log", "register", "linearizable"],
    ["register-timeout-not-taken.log", "register", "linearizable"],
    ["register-timeout-flipflop.log", "register", "not linearizable"],
    ["register-failed-cas.log", "register", "not linearizable"],
    ["register-cas-concurrent.log", "register", "linearizable"],
    ["register-simctl.jsonl", "register", "linearizable"],
    ["kv-ok.edn", "kv", "linearizable"],
    ["kv-bad.edn", "kv", "not linearizable"],
    ["kv-timeout-took-effect.edn", "kv", "linearizable"],
    ["kv-timeout-not-taken.edn", "kv", "linearizable"],
    ["kv-timeout-flipflop.edn", "kv", "not linearizable"],
  ];
  for (const [file, model, verdict] of cases) {
    it(`${file} is ${verdict}`, () => {
      const r = simctl(["lincheck", "--model", model, f(file)]);
      expect(r.code).toBe(verdict === "linearizable" ? 0 : 1);
      expect(r.stdout.split("\n")[0]).toContain(`: ${verdict}:`);
    });
  }

  it("summarises several files and fails if any is not linearizable", () => {
    const r = simctl(["lincheck", "--model", "register", f("register-ok.log"), f("register-bad.log")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("2 histories: 1 linearizable, 1 not linearizable, 0 unknown");
    expect(r.stdout).toContain("none of these fits next:");
  });

  it("exits 4 when a budget leaves a history undecided", () => {
    const r = simctl(["lincheck", "--model", "kv", "--max-states", "1", f("kv-ok.edn")]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("unknown");
  });

  it("writes a self-contained HTML page with lanes, bars and the failing point", () => {
    const html = join(tempDir(), "witness.html");
    expect(simctl(["lincheck", "--model", "register", "--html", html, f("register-timeout-flipflop.log")]).code).toBe(1);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("<svg");
    expect(page).not.toMatch(/<script|https?:\/\//);
    expect(page).toContain('fill="#e5534b"');
    expect(page).toContain('fill="#57ab5a"');
  });
});

describe("bad input", () => {
  it.each([
    [["lincheck", "--model", "queue", f("register-ok.log")], /unknown model 'queue'/],
    [["lincheck", "--model", "register", "--format", "xml", f("register-ok.log")], /unknown format 'xml'/],
    [["lincheck", "--model", "register", f("register-garbage.log")], /register-garbage\.log:2: /],
    [["lincheck", "--model", "register", f("nope.log")], /cannot read history/],
    [["lincheck", "--model", "kv", f("register-ok.log")], /register-ok\.log:1: unknown kv operation/],
  ])("%j", (args, message) => {
    const r = simctl(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("the done-ledger's client history (H1)", () => {
  it("is linearizable in 100 stormy seeds, and the dirty-read bug breaks it as well as I10", async () => {
    const clean = await sweep(target, { base: 0, count: 100 }, { ops: 500, faultLevel: "stormy" });
    expect(clean.failures.flatMap((r) => r.violations.map((v) => v.invariant))).toEqual([]);
    const dirty = await sweep(target, { base: 0, count: 20 }, { ops: 500, faultLevel: "stormy", bug: "dirty-read", keepGoing: true });
    const seen = new Set(dirty.failures.flatMap((r) => r.violations.map((v) => v.invariant)));
    expect(seen.has("I10")).toBe(true);
    expect(seen.has("H1")).toBe(true);
  });
});
