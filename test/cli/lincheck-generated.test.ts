/**
 * simctl lincheck on generated histories written as simctl JSON lines: a 2,000-operation,
 * 50-client kv history with one bad key fails naming that key, its linearizable twin passes,
 * and a tiny budget gives exit 4 (inconclusive), never 0.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corruptRead, generateKvHistory, historyToJsonLines } from "../../src/check/linearizability/generate.js";
import { Rng } from "../../src/core/rng.js";
import { simctl, tempDir } from "./helpers.js";

describe("simctl lincheck on a generated 50-client kv history", () => {
  const dir = tempDir();
  const ok = generateKvHistory(Rng.forSeed(2024), { ops: 2000, clients: 50, keys: 10 });
  const bad = corruptRead(Rng.forSeed(7), ok, "k3");
  const okFile = join(dir, "kv-ok.jsonl");
  const badFile = join(dir, "kv-bad.jsonl");
  writeFileSync(okFile, historyToJsonLines(ok));
  writeFileSync(badFile, historyToJsonLines(bad));

  it("the linearizable one passes (exit 0)", () => {
    const r = simctl(["lincheck", "--model", "kv", okFile]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: linearizable: 2000 operations, 10 partition\(s\)/);
  });

  it("one bad key makes it not linearizable (exit 1) and the witness names the key", () => {
    const r = simctl(["lincheck", "--model", "kv", badFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: not linearizable: 2000 operations/);
    expect(r.stdout).toContain('(key "k3")');
  });

  it("an invocation completed by a different operation is malformed input (exit 2, naming the line)", () => {
    const file = join(dir, "mismatch.log");
    writeFileSync(file, "0 :invoke :write 1\n0 :ok :read 1\n");
    const r = simctl(["lincheck", "--model", "register", file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([`simctl: ${file}:2: :ok :read for process 0 completes a different operation (:write in flight)`]);
    const kv = join(dir, "mismatch.edn");
    writeFileSync(kv, '{:process 0, :type :invoke, :f :put, :key "a", :value "x"}\n{:process 0, :type :ok, :f :put, :key "b", :value "x"}\n');
    expect(simctl(["lincheck", "--model", "kv", kv]).code).toBe(2);
  });

  it("a budget too small to decide gives exit 4, never a pass or a failure", () => {
    const r = simctl(["lincheck", "--model", "kv", "--max-states", "5", okFile]);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/unknown/);
  });
});
