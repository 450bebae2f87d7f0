/**
 * Harness integrity, the target's answers: every method's answer is checked at the kernel's
 * boundary, and a wrong shape is a `target-error` violation of that seed (exit 1) naming the
 * method and what it returned; describeOp and shrinkOp failing are that seed's target errors
 * too (never exit 70). An op whose promise never settles is a `liveness` violation. The fixture
 * is a TypeScript target (test/fixtures/user-garbage.ts) whose --bug picks the misbehaviour.
 */
import { describe, expect, it } from "vitest";
import { parseSweepDoc } from "../../src/core/report.js";
import { simctl } from "./helpers.js";

const TARGET = ["--target", "./test/fixtures/user-garbage.ts", "--ops", "20"];

interface RunDoc {
  status: string;
  violations: { invariant: string; step: number; message: string }[];
}

function runJson(bug: string): RunDoc {
  const r = simctl(["run", ...TARGET, "--bug", bug, "--reporter", "json"]);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return JSON.parse(r.stdout) as RunDoc;
}

describe("a target's malformed answers are target-error violations naming the method and the answer", () => {
  it.each([
    ["create-undefined", 0, /^create\(\) returned undefined: it must return an object with the methods nextOp, apply, check, finish/],
    ["create-partial", 0, /^create\(\) returned \{ nextOp: a function, .*which has no method check$/],
    ["nextop-undefined", 2, /^nextOp\(\) returned undefined/],
    ["apply-number", 2, /^apply\(\) returned 42: it must return undefined, or a promise/],
    ["check-object", 2, /^check\(\) returned \{ invariant: "one", message: "a single object", .*: it must return an array of violations/],
    ["check-string", 2, /^check\(\) returned "oops": it must return an array/],
    ["check-undefined", 2, /^check\(\) returned undefined: it must return an array/],
    ["check-junk-entry", 2, /^check\(\) returned an array whose entry 0 is 42/],
    ["finish-string", 20, /^finish\(\) returned "done": it must return an array/],
    ["finish-resolves-object", 20, /^finish\(\) resolved to \{ all: "good" \}: it must return an array/],
  ] as const)("%s", (bug, step, message) => {
    const doc = runJson(bug);
    expect(doc.status).toBe("failed");
    expect(doc.violations).toHaveLength(1);
    expect(doc.violations[0]).toMatchObject({ invariant: "target-error", step });
    expect(doc.violations[0]!.message).toMatch(message);
  });

  it("a string from check() is one target-error, not a violation per character", () => {
    const r = simctl(["sweep", ...TARGET, "--bug", "check-string", "--seeds", "3", "--reporter", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const doc = parseSweepDoc(JSON.parse(r.stdout), "stdout");
    expect(doc.summary).toMatchObject({ seeds: 3, failed: 3, passed: 0, errored: 0, notRun: 0 });
    for (const f of doc.failures) expect(f.violations.map((v) => v.invariant)).toEqual(["target-error"]);
    expect(simctl(["sweep", ...TARGET, "--bug", "check-string", "--seeds", "3"]).stdout).not.toMatch(/undefined: undefined/);
  });

  it("an op whose promise never settles is a liveness violation naming its step", () => {
    const doc = runJson("never-settles");
    expect(doc.violations[0]).toMatchObject({ invariant: "liveness" });
    expect(doc.violations[0]!.message).toMatch(/^op #2 \(op 2\) never completed: its promise was still pending at t=\d+ ms, after the liveness phase .* and finish\(\)/);
  });
});

describe("describeOp and shrinkOp failing are the seed's target errors, never exit 70", () => {
  it.each([
    ["describe-throws", /describeOp\(\d+\) threw TypeError: describeOp exploded/],
    ["describe-number", /describeOp\(\) returned \d+: it must return a string/],
    ["shrinkop-throws", /shrinkOp\(\d+\) threw RangeError: shrinkOp exploded; ops were not simplified/],
    ["shrinkop-string", /shrinkOp\(\d+\) returned "smaller": it must return an array of simpler ops/],
  ] as const)("%s under sweep --shrink", (bug, message) => {
    const r = simctl(["sweep", ...TARGET, "--bug", bug, "--seeds", "3", "--shrink"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/FAIL: 3 of 3 seeds/);
    expect(r.stdout).toMatch(/Shrunk repros \(3\)/);
    expect(r.stdout).toMatch(message);
  });

  it("shrink of one seed reports it too, exit 1", () => {
    const r = simctl(["shrink", ...TARGET, "--bug", "shrinkop-throws", "--seed", "1"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/✗ target-error .*shrinkOp\(9\) threw RangeError/);
  });
});
