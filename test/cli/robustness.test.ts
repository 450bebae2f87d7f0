/** Hostile input and hostile targets: one-line errors with exit 2, violations instead of crashes. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, simctl, tempDir } from "./helpers.js";

function expectBadInput(args: string[], message: RegExp): void {
  const r = simctl(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

describe("names are looked up as own properties only", () => {
  it.each([
    [["sweep", "--workload", "toString"], /unknown workload 'toString'/],
    [["sweep", "--bug", "__proto__"], /unknown bug '__proto__'/],
    [["sweep", "--bug", "constructor"], /unknown bug 'constructor'/],
  ])("%j", (args, message) => expectBadInput(args, message));

  it("rejects scenario weights for inherited names and tables that add up to nothing", () => {
    const dir = tempDir();
    const proto = join(dir, "proto.json");
    writeFileSync(proto, JSON.stringify({ weights: { toString: 50 } }));
    expectBadInput(["sweep", "--scenario", proto, "--seeds", "2"], /'toString' is not an op kind/);
    const zero = join(dir, "zero.json");
    const all = ["upsert", "get", "getRecord", "snapshot", "releaseNext", "releaseSpecific", "releaseAll", "failSubmissions", "failCommits", "delayWrites", "autoComplete"];
    writeFileSync(zero, JSON.stringify({ weights: Object.fromEntries(all.map((k) => [k, 0])) }));
    expectBadInput(["sweep", "--scenario", zero, "--seeds", "2"], /must add up to a finite number above 0/);
  });
});

describe("a target that throws outside apply()", () => {
  it("reports each throw as an exception violation of its seed; the sweep accounts for every seed", () => {
    const r = simctl(["sweep", "--target", "./test/fixtures/hostile-target.ts", "--seeds", "9", "--reporter", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { seeds: number; failed: number }; failures: { violations: { invariant: string; message: string }[] }[] };
    expect(report.summary).toMatchObject({ seeds: 9, failed: 9 });
    const messages = report.failures.map((f) => f.violations[0]!.message);
    expect(report.failures.every((f) => f.violations[0]!.invariant === "exception")).toBe(true);
    expect(messages.filter((m) => m.includes("create exploded"))).toHaveLength(3);
    expect(messages.filter((m) => m.includes("RangeError: nextOp exploded"))).toHaveLength(3);
    expect(messages.filter((m) => m.includes("TypeError: check exploded"))).toHaveLength(3);
  });
});

describe("output paths", () => {
  it("an unwritable path is bad input, and no temporary file is left behind", () => {
    const dir = tempDir();
    expectBadInput(["run", "--ops", "10", "--trace", dir], /cannot write/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("replay files", () => {
  function saved(extra: string[] = []): string {
    const file = join(tempDir(), "run.json");
    simctl(["run", "--seed", "8", "--fault-level", "stormy", "--bug", "dirty-read", "--save", file, ...extra]);
    return file;
  }

  it("refuses run-shaping flags with a file", () => {
    expectBadInput(["replay", saved(), "--ops", "5"], /--ops cannot be combined with a replay file/);
    expectBadInput(["shrink", saved(), "--bug", "lww-status"], /--bug cannot be combined with a replay file/);
    expectBadInput(["replay", saved(), "--reporter", "xml"], /unknown reporter 'xml'/);
  });

  it("never loads a module named by the file itself", () => {
    const file = saved();
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...json, target: "../../../etc/passwd" }));
    expectBadInput(["replay", file], /not built in: give --target PATH/);
  });

  it("exits 3 when the expected violation is not reproduced", () => {
    const file = saved();
    const json = JSON.parse(readFileSync(file, "utf8")) as { expect: Record<string, unknown> } & Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...json, checkpoints: undefined, expect: { violation: "I1" } }));
    const r = simctl(["replay", file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("NOT REPRODUCED");
  });

  it("folds op contents into the trace: an edited record changes the hash even without checkpoints", () => {
    const file = saved();
    const json = JSON.parse(readFileSync(file, "utf8")) as { ops: { op: { t: string; recs?: { runId: string }[] } }[] } & Record<string, unknown>;
    for (const s of json.ops) for (const r of s.op.recs ?? []) r.runId = "run-zzz";
    writeFileSync(file, JSON.stringify({ ...json, checkpoints: undefined }));
    const r = simctl(["replay", file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("NONDETERMINISM");
  });

  it("a user target's replay file replays with --target, and the printed command says so", () => {
    const file = join(tempDir(), "cache.json");
    expect(simctl(["run", "--target", "./examples/cache-target.ts", "--bug", "read-from-disk", "--save", file]).code).toBe(1);
    expect(existsSync(file)).toBe(true);
    expectBadInput(["replay", file], /write-back-cache', which is not built in/);
    const r = simctl(["replay", file, "--target", "./examples/cache-target.ts"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`npx simctl replay ${file} --target ./examples/cache-target.ts`);
  });

  it("rejects recorded faults the target does not know", () => {
    const file = saved();
    const json = JSON.parse(readFileSync(file, "utf8")) as { ops: { faults?: unknown[] }[] } & Record<string, unknown>;
    json.ops[0]!.faults = [{ kind: "bogus" }];
    writeFileSync(file, JSON.stringify(json));
    expectBadInput(["replay", file], /unknown fault kind 'bogus'/);
  });
});

