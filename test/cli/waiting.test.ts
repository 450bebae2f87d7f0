/**
 * Systems that wait, through the built CLI: `--trace` lines name ops and describe events, a
 * timing-dependent repro prints its times and replays, a user's waiting target is deterministic
 * across --jobs, shards and --check-determinism, --think-ms/--liveness-ms are options of the run
 * (and refused with a replay file), and replay files of the previous format still load.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, simctl, tempDir } from "./helpers.js";

const TARGET = ["--target", "./test/fixtures/transfer-target.ts"];
const V1 = join(ROOT, "test", "fixtures", "replay-v1");

interface TraceLine {
  step: number;
  timeMs: number;
  kind: string;
  a: number;
  b: number;
  cause?: number;
  text?: string;
  op?: string;
}

describe("a waiting target through the CLI", () => {
  it("--trace lines name the op that caused them and describe their event; no cancelled timer appears", () => {
    const file = join(tempDir(), "trace.jsonl");
    const r = simctl(["run", ...TARGET, "--seed", "4", "--ops", "200", "--fault-level", "stormy", "--trace", file]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as TraceLine);
    const commit = lines.find((l) => l.kind === "server.commit" && l.step > l.cause!)!;
    expect(commit.op).toBe(`#${commit.cause} ${/^#\d+ (transfer #\d+ [A-E] -> [A-E] \d)$/.exec(commit.op!)![1]}`);
    expect(commit.text).toBe(`request ${commit.a} attempt ${commit.b}`);
    // Every request that got its ack in time cancelled its timeout: only expired ones are traced.
    const expired = lines.filter((l) => l.kind === "kernel.timeout").length;
    expect(expired).toBe(lines.filter((l) => l.kind === "client.timeout").length);
    expect(expired).toBeLessThan(lines.filter((l) => l.kind === "op.transfer").length / 4);
  });

  it("shrink prints the repro with its times and its fault under the op that caused it, and the file replays", () => {
    const out = join(tempDir(), "repro.json");
    const r = simctl(["shrink", ...TARGET, "--seed", "18", "--fault-level", "stormy", "--bug", "dedupe-forgets", "--out", out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/BAL: shrunk from \d+ to 2 steps/);
    expect(r.stdout).toMatch(/#0 {2}t=0ms {2}transfer #\d+ [A-E] -> [A-E] \d {3}\[fault: ack-lost on server\.commit\]/);
    expect(r.stdout).toMatch(/#1 {2}t=(\d+)ms \(\+\1ms\) {2}balance\([A-E]\)/);
    const file = JSON.parse(readFileSync(out, "utf8")) as { format: string; options: Record<string, unknown>; expect: { traceHash: string } };
    expect(file.format).toBe("simctl-replay/2");
    expect(file.options).toMatchObject({ thinkMsMin: 0, thinkMsMax: 5, livenessMsMax: 1000 });
    const replay = simctl(["replay", out, ...TARGET, "--reporter", "json"]);
    expect(replay.code).toBe(1);
    expect((JSON.parse(replay.stdout) as { traceHash: string }).traceHash).toBe(file.expect.traceHash);
    // Last events are described and name the op that caused them.
    const text = simctl(["replay", out, ...TARGET]);
    expect(text.stdout).toMatch(/#0 t=\d+ms fault\.ack-lost ack of request \d+ attempt 1\n/);
  });

  it("an op that never settles is a liveness violation naming it, at exit 1", () => {
    const r = simctl(["run", ...TARGET, "--seed", "3", "--fault-level", "stormy", "--bug", "no-timeout"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ seed 3: liveness at step #500/);
    expect(r.stdout).toMatch(/op #\d+ \(transfer #\d+ [A-E] -> [A-E] \d\) never completed/);
    // Declared stuck by the target, with its reason: no violation, but listed.
    const declared = simctl(["run", ...TARGET, "--seed", "3", "--fault-level", "stormy", "--bug", "no-timeout-declared"]);
    expect(declared.code, declared.stdout).toBe(0);
    expect(declared.stdout).toMatch(/Stuck ops, declared by the target \(not violations\): \d+\n {4}op #\d+ \(transfer #\d+ [A-E] -> [A-E] \d\): request \d+ waits for an ack without a timeout/);
    const json = JSON.parse(simctl(["run", ...TARGET, "--seed", "3", "--fault-level", "stormy", "--bug", "no-timeout-declared", "--reporter", "json"]).stdout) as { stuck: { step: number; reason: string }[] };
    expect(json.stuck.length).toBeGreaterThan(0);
  });

  it("is deterministic across --jobs, shards and --check-determinism", () => {
    const sweep = (...extra: string[]): { seeds: { seed: number; traceHash: string }[] } => {
      const r = simctl(["sweep", ...TARGET, "--seeds", "24", "--fault-level", "radioactive", "--bug", "dedupe-forgets", "--reporter", "json", ...extra]);
      expect(r.code, r.stderr).toBe(1);
      return JSON.parse(r.stdout) as { seeds: { seed: number; traceHash: string }[] };
    };
    const one = sweep("--jobs", "1");
    expect(sweep("--jobs", "2").seeds).toEqual(one.seeds);
    expect([...sweep("--shard", "1/2").seeds, ...sweep("--shard", "2/2").seeds]).toEqual(one.seeds);
    const checked = simctl(["sweep", ...TARGET, "--seeds", "20", "--fault-level", "radioactive", "--check-determinism", "50"]);
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.stdout).toContain("every one repeated");
  });

  it("--think-ms and --liveness-ms are options of the run: in its report, its replay command and its replay file", () => {
    const dir = tempDir();
    const save = join(dir, "run.json");
    const r = simctl(["run", "--seed", "2", "--fault-level", "stormy", "--think-ms", "3..40", "--liveness-ms", "250", "--bug", "dirty-read", "--save", save]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("think-ms=3..40 liveness-ms=250");
    expect(r.stdout).toMatch(/replay: npx simctl replay .* --think-ms 3\.\.40 --liveness-ms 250 --expect-hash/);
    const file = JSON.parse(readFileSync(save, "utf8")) as { options: Record<string, unknown>; ops: { thinkMs: number }[] };
    expect(file.options).toMatchObject({ thinkMsMin: 3, thinkMsMax: 40, livenessMsMax: 250 });
    expect(file.ops.every((s) => s.thinkMs >= 3 && s.thinkMs <= 40)).toBe(true);
    const command = /replay: npx simctl (replay .*)$/m.exec(r.stdout)![1]!.split(" ");
    expect(simctl(command).code).toBe(1);
    expect(simctl(["replay", save, "--think-ms", "0..1"]).stderr).toMatch(/--think-ms cannot be combined with a replay file/);
    for (const [flag, value, message] of [
      ["--think-ms", "9..3", /--think-ms 9\.\.3 is an empty range/],
      ["--think-ms", "fast", /--think-ms takes MIN\.\.MAX or N in integer ms/],
      ["--liveness-ms", "-1", /--liveness-ms must be an integer number of simulated ms >= 0/],
    ] as const) {
      const bad = simctl(["run", flag, value]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
    const scenario = join(dir, "s.json");
    writeFileSync(scenario, JSON.stringify({ target: "done-ledger", thinkMs: { min: 7, max: 7 }, livenessMsMax: 0, ops: 10 }));
    const run = simctl(["run", "--scenario", scenario, "--reporter", "json"]);
    expect(JSON.parse(run.stdout)).toMatchObject({ timeMs: 70, options: { thinkMsMin: 7, thinkMsMax: 7, livenessMsMax: 0 } });
  });
});

describe("replay files of the previous format (simctl-replay/1)", () => {
  it("still load and replay to their recorded trace; saved again, they are simctl-replay/2 files that replay the same", () => {
    for (const name of ["done-ledger-partial-commit.json", "done-ledger-clean-recorded-5.json"]) {
      const path = join(V1, name);
      const old = JSON.parse(readFileSync(path, "utf8")) as { format: string; expect: { traceHash: string; violation?: string } };
      expect(old.format).toBe("simctl-replay/1");
      const save = join(tempDir(), name);
      const r = simctl(["replay", path, "--reporter", "json", "--save", save]);
      expect(r.code, r.stderr).toBe(old.expect.violation === undefined ? 0 : 1);
      expect((JSON.parse(r.stdout) as { traceHash: string }).traceHash).toBe(old.expect.traceHash);
      const saved = JSON.parse(readFileSync(save, "utf8")) as { format: string; options: Record<string, unknown> };
      expect(saved.format).toBe("simctl-replay/2");
      // They ran without a liveness phase, with think times from 0: that is what they keep.
      expect(saved.options).toMatchObject({ thinkMsMin: 0, thinkMsMax: 5, livenessMsMax: 0 });
      const again = simctl(["replay", save, "--reporter", "json"]);
      expect((JSON.parse(again.stdout) as { traceHash: string }).traceHash).toBe(old.expect.traceHash);
    }
  });

  it("a /1 file shrinks, and an unknown format is refused in one line", () => {
    const dir = tempDir();
    const path = join(dir, "v1.json");
    copyFileSync(join(V1, "done-ledger-partial-commit.json"), path);
    const shrink = simctl(["shrink", path, "--out", join(dir, "out.json")]);
    expect(shrink.code, shrink.stderr).toBe(1);
    expect(shrink.stdout).toMatch(/I8: shrunk from \d+ to 1 step/);
    const future = join(dir, "v3.json");
    writeFileSync(future, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), format: "simctl-replay/3" }));
    const r = simctl(["replay", future]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/replay format 'simctl-replay\/3' is not known to this simctl \(it reads simctl-replay\/2 and simctl-replay\/1\)/);
  });
});
