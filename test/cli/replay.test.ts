/**
 * Replays from the built binary: the command a failing sweep prints reproduces the violation with
 * the same trace hash for every planted bug; replay files round-trip; a wrong hash is exit 3; two
 * processes agree on a trace hash.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import target from "../../src/targets/done-ledger/index.js";
import { replayCommands, simctl, tempDir } from "./helpers.js";

function firstViolation(stdout: string): { seed: string; invariant: string } {
  const m = /✗ seed (\d+): (\S+) at step/.exec(stdout);
  if (m === null) throw new Error(`no violation in output:\n${stdout}`);
  return { seed: m[1]!, invariant: m[2]! };
}

describe("replaying failures", () => {
  for (const bug of Object.keys(target.bugs)) {
    it(`the replay command printed for --bug ${bug} reproduces the violation and its trace hash`, () => {
      const sweep = simctl(["sweep", "--seeds", "20", "--fault-level", "stormy", "--bug", bug]);
      expect(sweep.code).toBe(1);
      const expected = firstViolation(sweep.stdout);
      const [command] = replayCommands(sweep.stdout);
      expect(command).toContain("--expect-hash");
      const replay = simctl(command!);
      expect(replay.code).toBe(1);
      expect(firstViolation(replay.stdout)).toEqual(expected);
      expect(replay.stdout).not.toContain("NONDETERMINISM");
    });
  }

  it("a wrong expected trace hash is reported as nondeterminism, exit 3", () => {
    const r = simctl(["replay", "--seed", "3", "--fault-level", "stormy", "--expect-hash", "0123456789abcdef"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("NONDETERMINISM");
  });

  it("run --save writes a replay file that replays verbatim to the same hash; editing its hash is exit 3", () => {
    const dir = tempDir();
    const file = join(dir, "run.json");
    const run = simctl(["run", "--seed", "7", "--fault-level", "stormy", "--bug", "partial-commit", "--save", file, "--reporter", "json"]);
    expect(run.code).toBe(1);
    // Said on stderr (stdout is the JSON document), with the command that replays the file.
    expect(run.stderr).toBe(`replay file written to ${file} (replay it: npx simctl replay ${file})\n`);
    const saved = JSON.parse(readFileSync(file, "utf8")) as { ops: unknown[]; expect: { traceHash: string; violation: string } };
    expect(saved.ops.length).toBeGreaterThan(0);
    expect(saved.expect.violation).toBe("I8");
    expect(saved.expect.traceHash).toBe((JSON.parse(run.stdout) as { traceHash: string }).traceHash);
    const replay = simctl(["replay", file, "--reporter", "json"]);
    expect(replay.code).toBe(1);
    expect((JSON.parse(replay.stdout) as { traceHash: string }).traceHash).toBe(saved.expect.traceHash);
    writeFileSync(file, JSON.stringify({ ...saved, expect: { ...saved.expect, traceHash: "ffffffffffffffff" } }));
    expect(simctl(["replay", file]).code).toBe(3);
  });

  it("sweep --save-failures writes one replay file per failing seed, each reproducing its violation", () => {
    const dir = tempDir();
    const r = simctl(["sweep", "--seeds", "4", "--fault-level", "stormy", "--bug", "unsorted-snapshot", "--save-failures", dir]);
    expect(r.code).toBe(1);
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBe(4);
    for (const f of files.slice(0, 2)) {
      const replay = simctl(["replay", join(dir, f)]);
      expect(replay.code).toBe(1);
      expect(replay.stdout).toContain("I10");
    }
  });

  it("two separate processes give the same trace hash for the same seed and options", () => {
    const args = ["run", "--seed", "123456789", "--ops", "2000", "--fault-level", "radioactive", "--reporter", "json"];
    type Report = { traceHash: string; histogram: unknown; wallMs: number };
    const a = JSON.parse(simctl(args).stdout) as Report;
    const b = JSON.parse(simctl(args).stdout) as Report;
    expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toEqual({ ...a, wallMs: b.wallMs });
    const other = JSON.parse(simctl([...args.slice(0, 2), "123456790", ...args.slice(3)]).stdout) as { traceHash: string };
    expect(other.traceHash).not.toBe(a.traceHash);
  });
});
