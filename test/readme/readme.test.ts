/**
 * The README is true: every simctl command it shows runs and exits as it says, every output and
 * file sample is real, every trace hash is one a command printed, the API reference names every
 * member of RunContext and every value the package exports, and the worked example is the file
 * examples/cache-target.ts, which sweeps clean and catches each of its planted bugs.
 *
 * The commands run concurrently (a few at a time); see ./readme.ts for the conventions.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import type { Instance, RunContext } from "../../src/index.js";
import { ROOT } from "../cli/helpers.js";
import { hasRow, interfaceMembers, mentions, parseReadme, pool, project, runCommand, sampleMismatch, section, subsection, type Command, type Outcome, type Script } from "./readme.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const readme = parseReadme(README);
const EXAMPLE = "./examples/cache-target.ts";
const example = (await import("../../examples/cache-target.js")).default;

/** Sweeps of the worked example beyond the README's own commands: the JSON says what they reached. */
const exampleScripts: Script[] = [
  { block: undefined, commands: [{ text: `npx simctl sweep --target ${EXAMPLE} --seeds 100 --reporter json`, expect: 0, line: 0 }] },
  ...Object.keys(example.bugs).map((bug) => ({ block: undefined, commands: [{ text: `npx simctl sweep --target ${EXAMPLE} --bug ${bug} --seeds 20 --reporter json`, expect: 1, line: 0 }] })),
];

interface Ran {
  readonly outcomes: ReadonlyMap<Command, Outcome>;
  readonly dirs: ReadonlyMap<Script, string>;
}

const dirs: string[] = [];
let running: Promise<Ran> | undefined;

/** Every script, three at a time; an `sh` block in a fresh project dir, its commands in order. */
function ran(): Promise<Ran> {
  running ??= (async () => {
    const empty = mkdtempSync(join(tmpdir(), "simctl-readme-"));
    dirs.push(empty);
    const outcomes = new Map<Command, Outcome>();
    const where = new Map<Script, string>();
    const scripts = [...readme.scripts, ...exampleScripts];
    // Longest first (the shell blocks hold several commands), so the pool ends together.
    const order = [...scripts].sort((a, b) => b.commands.length - a.commands.length);
    await pool(order, 3, async (script) => {
      const dir = script.block !== undefined || script.commands.some((c) => c.text.includes(EXAMPLE)) ? project() : empty;
      if (dir !== empty) dirs.push(dir);
      where.set(script, dir);
      for (const c of script.commands) outcomes.set(c, await runCommand(c, dir));
    });
    return { outcomes, dirs: where };
  })();
  return running;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const outcome = async (c: Command): Promise<Outcome> => (await ran()).outcomes.get(c)!;
const show = (c: Command, r: Outcome): string => `README line ${c.line}: ${c.text}\n--- exit ${r.code}; stderr:\n${r.stderr.slice(-2000)}\n--- stdout (end):\n${r.stdout.slice(-2000)}`;

describe("README commands", { timeout: 240_000 }, () => {
  it("every `npx simctl` in a code block is a command this test runs (the YAML CI templates aside)", () => {
    const run = new Set(readme.scripts.flatMap((s) => s.commands.map((c) => c.line)));
    const unrun = readme.blocks.flatMap((b) =>
      b.lang === "yaml" ? [] : b.lines.flatMap((l, k) => (/(^|\s)(npx )?simctl (list|sweep|run|replay|shrink|merge|lincheck)\b/.test(l) && !l.startsWith("simctl ") ? [b.line + 1 + k] : []).filter((n) => !run.has(n))),
    );
    expect(unrun, `README lines with a simctl command that is not run: ${unrun.join(", ")}`).toEqual([]);
    expect(readme.scripts.length).toBeGreaterThan(20);
  });

  for (const script of readme.scripts) {
    for (const c of script.commands) {
      it(`line ${c.line}: ${c.text} (exits ${c.expect})`, async () => {
        const r = await outcome(c);
        expect(r.code, show(c, r)).toBe(c.expect);
      });
    }
  }

  it("every trace hash shown is in the real output of a command shown (an --expect-hash in its own)", async () => {
    const { outcomes } = await ran();
    const all = [...outcomes.values()].map((r) => r.stdout + r.stderr).join("\n");
    const hashes = [...new Set(README.match(/\b[0-9a-f]{16}\b/g) ?? [])];
    expect(hashes.length).toBeGreaterThanOrEqual(5);
    expect(hashes.filter((h) => !all.includes(h)), "hashes no command printed").toEqual([]);
    for (const [c, r] of outcomes) {
      const expected = /--expect-hash ([0-9a-f]{16})/.exec(c.text)?.[1];
      if (expected !== undefined) expect(r.stdout, show(c, r)).toContain(expected);
    }
  });

  for (const sample of readme.samples) {
    const what = sample.file !== undefined ? `the file ${sample.file} after the block at line ${sample.script.block?.line}` : `the output of ${sample.command?.text}`;
    it(`the sample at line ${sample.block.line} is ${what}`, async () => {
      const { outcomes, dirs: at } = await ran();
      let actual: string;
      if (sample.file !== undefined) {
        actual = readFileSync(join(at.get(sample.script)!, sample.file), "utf8");
      } else {
        const r = outcomes.get(sample.command!)!;
        expect(r.code, show(sample.command!, r)).toBe(sample.command!.expect);
        actual = r.stdout;
      }
      expect(sampleMismatch(sample.block.lines, actual.split("\n"))).toBeUndefined();
    });
  }

  it("the samples include the sweep's report, with its invariants, faults and histogram legend", () => {
    const sweep = readme.samples.find((s) => s.command?.text.startsWith("npx simctl sweep "));
    const text = sweep?.block.lines.join("\n") ?? "";
    expect(text).toMatch(/^Invariants checked \(\d+\): /m);
    expect(text).toMatch(/^Faults \(stormy\): /m);
    expect(text).toMatch(/^Histogram {2}\(.+\)$/m);
    expect(text).toMatch(/replay: npx simctl replay .* --expect-hash [0-9a-f]{16}$/m);
  });
});

describe("README API reference", () => {
  const reference = section(README, "API reference");

  it("names every member of RunContext, as declared and as a real ctx has them", async () => {
    let ctx: RunContext | undefined;
    const probe = api.defineTarget<number>({
      name: "probe",
      description: "captures its context",
      invariants: {},
      bugs: {},
      workloads: { default: "one op" },
      eventKinds: [],
      create: (c): Instance<number> => {
        ctx = c;
        return { nextOp: () => 0, apply: () => undefined, check: () => [], finish: () => [] };
      },
    });
    await api.runSeed(probe, 0, { ops: 1, faultLevel: "sunny" });
    const real = new Set<string>(Object.keys(ctx!));
    for (let proto: object | null = Object.getPrototypeOf(ctx!) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      for (const name of Object.getOwnPropertyNames(proto)) if (name !== "constructor") real.add(name);
    }
    const declared = interfaceMembers(join(ROOT, "src", "core", "target.ts"), "RunContext");
    expect(declared.filter((m) => !real.has(m)), "declared RunContext members a real ctx lacks").toEqual([]);
    const members = [...real].filter((m) => declared.includes(m));
    expect(members.length).toBe(declared.length);
    const table = subsection(reference, "### *RunContext*");
    expect(members.filter((m) => !hasRow(table, m)), "RunContext members without a row in the API reference's RunContext table").toEqual([]);
  });

  it("names every value the package exports", () => {
    const exported = Object.keys(api);
    expect(exported.length).toBeGreaterThan(40);
    expect(exported.filter((name) => !mentions(reference, name)), "exports of src/index.ts the API reference does not name").toEqual([]);
  });

  const tables: readonly [string, string, string][] = [
    ["TargetSpec", "target.ts", "### `defineTarget(spec)` and *TargetSpec*"],
    ["Instance", "target.ts", "### *Instance*"],
    ["FaultProfile", "faults.ts", "### Fault levels, *FaultProfile* and the fault source"],
  ];
  for (const [name, file, heading] of tables) {
    it(`gives every member of ${name} a row in its table`, () => {
      const table = subsection(reference, heading);
      const missing = interfaceMembers(join(ROOT, "src", "core", file), name).filter((m) => !hasRow(table, m));
      expect(missing, `${name} members without a row under '${heading}'`).toEqual([]);
    });
  }
});

describe("the README's worked example", { timeout: 240_000 }, () => {
  it("is examples/cache-target.ts: every line of the README's block is a line of the file, in order", () => {
    const heading = README.split("\n").indexOf("## Plugging in your own target") + 1;
    const block = readme.blocks.find((b) => b.lang === "ts" && b.line > heading);
    expect(block, "a ts block in 'Plugging in your own target'").toBeDefined();
    const file = readFileSync(join(ROOT, "examples", "cache-target.ts"), "utf8").split("\n");
    let at = 0;
    const missing: string[] = [];
    for (const line of block!.lines) {
      if (/^\s*\/\/ \.\.\./.test(line)) continue;
      const found = file.indexOf(line, at);
      if (found < 0) missing.push(line);
      else at = found + 1;
    }
    expect(missing, "lines of the README's example that are not in examples/cache-target.ts (in this order)").toEqual([]);
    expect(block!.lines.length).toBeGreaterThan(100);
  });

  it("declares its bugs in the structured form, each breaking a declared invariant", () => {
    expect(Object.keys(example.bugs)).toEqual(["read-from-disk", "drop-failed-flush"]);
    for (const bug of Object.values(example.bugs)) expect(bug.breaks.length).toBeGreaterThan(0);
  });

  it("sweeps clean and reaches every kind it declares", async () => {
    const c = exampleScripts[0]!.commands[0]!;
    const r = await outcome(c);
    expect(r.code, show(c, r)).toBe(0);
    const report = JSON.parse(r.stdout) as { unreached: string[]; summary: { passed: number } };
    expect(report.unreached).toEqual([]);
    expect(report.summary.passed).toBe(100);
  });

  for (const [i, [bug, spec]] of Object.entries(example.bugs).entries()) {
    it(`with --bug ${bug}, fails naming one of the invariants it breaks (${spec.breaks.join(", ")})`, async () => {
      const c = exampleScripts[i + 1]!.commands[0]!;
      const r = await outcome(c);
      expect(r.code, show(c, r)).toBe(1);
      const report = JSON.parse(r.stdout) as { failures: { violations: { invariant: string }[] }[] };
      expect(report.failures.length).toBeGreaterThan(0);
      for (const f of report.failures) expect(spec.breaks).toContain(f.violations[0]?.invariant);
    });
  }
});
