/**
 * `simctl merge` of shards run with different options names what differs, as the flags that set
 * it, for both reports: the reader sees which shard to rerun and how.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simctl, tempDir } from "./helpers.js";

const dir = tempDir();
const shard = (name: string, part: string, extra: string[]): string => {
  const file = join(dir, name);
  const r = simctl(["sweep", "--seeds", "4", "--ops", "20", "--shard", part, ...extra, "--reporter", `json:${file}`]);
  expect([0, 1]).toContain(r.code);
  return file;
};

/** A copy of `file` with its options edited (for options that cannot differ between real shards cheaply). */
const edited = (file: string, name: string, edit: (options: Record<string, unknown>) => Record<string, unknown>): string => {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { options: Record<string, unknown> };
  const out = join(dir, name);
  writeFileSync(out, JSON.stringify({ ...doc, options: edit(doc.options) }));
  return out;
};

function refused(files: string[]): string {
  const r = simctl(["merge", ...files]);
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("merge names the option that differs", () => {
  const sunny = shard("a.json", "1/2", ["--fault-level", "sunny"]);
  const stormy = shard("b.json", "2/2", ["--fault-level", "stormy"]);

  it("a fault level: both values, with the flag", () => {
    expect(refused([sunny, stormy])).toBe(`simctl: ${stormy} was run with other options than ${sunny}: --fault-level stormy (${sunny}: --fault-level sunny)`);
  });

  it("every option that differs, and an option one shard does not set", () => {
    const other = shard("c.json", "2/2", ["--fault-level", "sunny", "--bug", "dirty-read", "--swarm", "--think-ms", "1..9"]);
    const line = refused([sunny, other]);
    expect(line).toContain(`${other} was run with other options than ${sunny}: --bug dirty-read --swarm --think-ms 1..9 (${sunny}: no --bug no --swarm --think-ms 0..5)`);
  });

  it("ops, keep-going, liveness budget and scenario weights", () => {
    const file = edited(stormy, "d.json", (o) => ({ ...o, faultLevel: "sunny", ops: 7, keepGoing: true, livenessMsMax: 5, weights: { "op.get": 2 } }));
    const line = refused([sunny, file]);
    expect(line).toContain("--ops 7 ");
    expect(line).toContain("--keep-going");
    expect(line).toContain("--liveness-ms 5");
    expect(line).toContain('scenario weights {"op.get":2}');
    expect(line).toContain(`(${sunny}: --ops 20 no --keep-going --liveness-ms `);
    expect(line).toContain("no scenario weights)");
    expect(line).not.toContain("fault-level");
  });

  it("same options still merge", () => {
    const twin = shard("e.json", "2/2", ["--fault-level", "sunny"]);
    expect(simctl(["merge", sunny, twin]).code).toBe(0);
  });
});
