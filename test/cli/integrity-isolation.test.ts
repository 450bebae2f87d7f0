/**
 * Harness integrity, isolation half: a user's target module runs only in a watched worker thread,
 * on every path (import, run, replay, shrink, sweep --shrink, list), so whatever it does — exit,
 * crash, loop, never finish loading, leave timers, reject unhandled — the command reports it with
 * the right exit code and accounts for every seed. Small fixtures in test/fixtures/user-*.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSweepDoc } from "../../src/core/report.js";
import { replayCommands, simctl, tempDir, type CliResult } from "./helpers.js";

const EXIT0 = ["--target", "./test/fixtures/user-exit0.mjs", "--ops", "5"];
const HOSTILE = "./test/fixtures/user-shrink-hostile.mjs";

/** Exit 2 with one line on stderr matching `message`, and no stack trace anywhere. */
function expectBadInput(r: CliResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
}

/** Exit 1 and no Node stack trace: the target's misbehaviour was reported, not simctl's crash. */
function expectReported(r: CliResult): void {
  expect(r.code, r.stderr + r.stdout).toBe(1);
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at |internal error/);
}

describe("a target that calls process.exit(0) at seed 3", () => {
  it("sweep reports seed 3 as a crash at its step; the printed replay command, run and shrink all exit 1", () => {
    const sweep = simctl(["sweep", ...EXIT0, "--seeds", "5", "--reporter", "json"]);
    expect(sweep.code, sweep.stderr).toBe(1);
    const doc = parseSweepDoc(JSON.parse(sweep.stdout), "stdout");
    expect(doc.summary).toMatchObject({ seeds: 5, passed: 4, failed: 0, errored: 1, notRun: 0 });
    const crash = doc.failures.find((f) => f.seed === 3)!;
    expect(crash.violations[0]).toMatchObject({ invariant: "crash", step: 2 });
    expect(crash.violations[0]!.message).toMatch(/exited with code 0 \(did the target call process\.exit\?\)/);

    const text = simctl(["sweep", ...EXIT0, "--seeds", "5"]);
    const [command] = replayCommands(text.stdout);
    expect(command).toBeDefined();
    const replay = simctl(command!);
    expectReported(replay);
    expect(replay.stdout).toMatch(/crash at step #2 \(t=\d+ ms\)/);

    const run = simctl(["run", ...EXIT0, "--seed", "3"]);
    expectReported(run);
    expect(run.stdout).toMatch(/seed 3: crash at step #2/);
    expect(run.stdout).not.toMatch(/PASS/);

    const shrink = simctl(["shrink", ...EXIT0, "--seed", "3"]);
    expectReported(shrink);
    expect(shrink.stdout).toMatch(/seed 3 could not finish \(crash\)/);
  });

  it("run --reporter json carries the crash entry at its step", () => {
    const r = simctl(["run", ...EXIT0, "--seed", "3", "--reporter", "json"]);
    expectReported(r);
    const doc = JSON.parse(r.stdout) as { status: string; violations: { invariant: string; step: number }[] };
    expect(doc.status).toBe("errored");
    expect(doc.violations[0]).toMatchObject({ invariant: "crash", step: 2 });
  });
});

describe("a module that misbehaves while it is imported", () => {
  it("process.exit(0) on import: every command exits 2 with one line, never 0", () => {
    const target = ["--target", "./test/fixtures/user-exit-on-import.mjs"];
    expectBadInput(simctl(["sweep", ...target, "--seeds", "20"]), /exited with code 0 while loading \(does it call process\.exit\?\)/);
    expectBadInput(simctl(["run", ...target]), /exited with code 0 while loading/);
    expectBadInput(simctl(["list", ...target]), /exited with code 0 while loading/);
  });

  it("a top-level await that never settles: exit 2 saying so (not Node's silent 13)", () => {
    expectBadInput(simctl(["sweep", "--target", "./test/fixtures/user-tla-hang.mjs", "--seeds", "2"]), /a top-level await that never settles/);
  });

  it("a top-level await kept pending by a host interval: the watchdog stops the load (5 s at least), exit 2", () => {
    expectBadInput(simctl(["run", "--target", "./test/fixtures/user-tla-interval.mjs", "--seed-timeout", "0.5"]), /did not finish loading within 5 s \(--seed-timeout, at least 5 s for loading\)/);
  });

  it("a .ts target with a syntax error: exit 2 keeping esbuild's file:line:col: message", () => {
    const file = join(tempDir(), "user-syntax-error.ts");
    writeFileSync(file, 'export default {\n  name: "broken"\n  description: "a missing comma",\n};\n');
    const r = simctl(["list", "--target", file]);
    expectBadInput(r, /user-syntax-error\.ts:3:2: ERROR: Expected "}" but found "description"/);
    expect(r.stderr).not.toMatch(/Transform failed/);
  });
});

describe("shrinking a target whose candidates exit or loop", () => {
  it("a candidate that exits is not kept: the repro is printed with a note, exit 1", () => {
    const r = simctl(["shrink", "--target", HOSTILE, "--bug", "exit", "--ops", "8", "--seed", "0"]);
    expectReported(r);
    expect(r.stdout).toMatch(/seven: shrunk from 3 to 2 steps in \d+ runs/);
    expect(r.stdout).toMatch(/crash .*the shrink stopped early: 3 candidates could not finish/);
  });

  it("a candidate that loops is stopped by --seed-timeout, in sweep --shrink too; every seed is accounted for", () => {
    const r = simctl(["shrink", "--target", HOSTILE, "--bug", "loop", "--ops", "8", "--seed", "0", "--seed-timeout", "0.5"]);
    expectReported(r);
    expect(r.stdout).toMatch(/hang .*no result after 500 ms of wall time/);
    const sweep = simctl(["sweep", "--target", HOSTILE, "--bug", "loop", "--ops", "8", "--seeds", "2", "--shrink", "--seed-timeout", "0.5"]);
    expectReported(sweep);
    expect(sweep.stdout).toMatch(/Shrunk repros \(2\)/);
    expect(sweep.stdout).toMatch(/FAIL: 2 of 2 seeds .*\(0 passed, 2 failed, 0 inconclusive, 0 errored, 0 not run\)/);
  });
});

describe("stray host work of a target", () => {
  it("a host setInterval left running: run prints its verdict and exits", () => {
    const started = Date.now();
    const r = simctl(["run", "--target", "./test/fixtures/user-interval.mjs", "--ops", "5"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS: 1 seed/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("an unhandled rejection: the seed is a crash (exit 1), never 'PASS' followed by a stack", () => {
    for (const seed of ["1", "2"]) {
      const r = simctl(["run", "--target", "./test/fixtures/user-unhandled.mjs", "--ops", "5", "--seed", seed]);
      expectReported(r);
      expect(r.stdout).not.toMatch(/PASS/);
      expect(r.stdout).toMatch(/crash at step #\d+ .*\n.*nobody handles this/);
    }
    const sweep = simctl(["sweep", "--target", "./test/fixtures/user-unhandled.mjs", "--ops", "5", "--seeds", "3", "--reporter", "json"]);
    expect(parseSweepDoc(JSON.parse(sweep.stdout), "stdout").summary).toMatchObject({ seeds: 3, passed: 1, errored: 2, notRun: 0 });
  });

  it("--seed-timeout stops a looping seed under run and replay (exit 1, a hang at its step)", () => {
    const args = ["--target", "./test/fixtures/hostile-pool-target.ts", "--seed", "1", "--ops", "10", "--seed-timeout", "0.5"];
    for (const command of ["run", "replay"]) {
      const r = simctl([command, ...args]);
      expectReported(r);
      expect(r.stdout).toMatch(/seed 1: hang at step #3 /);
    }
  });

  it("a built-in target under --seed-timeout runs in a worker with the same trace hash", () => {
    const args = ["run", "--seed", "5", "--ops", "200", "--fault-level", "stormy", "--reporter", "json"];
    const here = JSON.parse(simctl(args).stdout) as { traceHash: string };
    const isolated = JSON.parse(simctl([...args, "--seed-timeout", "30"]).stdout) as { traceHash: string };
    expect(isolated.traceHash).toBe(here.traceHash);
  });
});

describe("replayed input a user target must not choke on", () => {
  const head = { format: "simctl-replay/1", seed: 0, options: { ops: 2, faultLevel: "sunny", workload: "default", bug: null } };

  it("an op nested 100,000 levels deep for a target without parseOp: exit 2, one line", () => {
    const file = join(tempDir(), "deep.json");
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    writeFileSync(file, `${JSON.stringify({ ...head, target: "user-exit0" }).slice(0, -1)},"ops":[{"op":${deep},"thinkMs":0}]}`);
    expectBadInput(simctl(["replay", file, "--target", "./test/fixtures/user-exit0.mjs"]), /op 0 is nested more than 1000 levels deep/);
  });

  it("parseOp that throws or returns undefined: exit 2 naming the op", () => {
    const dir = tempDir();
    const write = (name: string, ops: unknown[]): string => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify({ ...head, target: "user-garbage", ops: ops.map((op) => ({ op, thinkMs: 0 })) }));
      return file;
    };
    const target = ["--target", "./test/fixtures/user-garbage.ts"];
    expectBadInput(simctl(["replay", write("throw.json", [1, "throw"]), ...target]), /op 1: not an op: 'throw'/);
    expectBadInput(simctl(["replay", write("vanish.json", ["vanish"]), ...target]), /op 0: the target's parseOp returned undefined for "vanish"/);
  });

  it("a scenario weight for '__proto__' is rejected like 'constructor'", () => {
    const dir = tempDir();
    for (const name of ["__proto__", "constructor"]) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, `{ "weights": { "${name}": 5 } }`);
      expectBadInput(simctl(["sweep", "--scenario", file, "--seeds", "2"]), new RegExp(`weights: '${name}' is not an op kind of 'done-ledger'`));
    }
  });
});
