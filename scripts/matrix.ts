/**
 * `npm run matrix`: every built-in target x workload x fault level x swarm (off/on), N seeds each,
 * through the built CLI, so a promise one cell kept once is kept by every later commit.
 * A cell fails on a sweep exit code other than 0, on any failed, errored, inconclusive or unrun
 * seed, on a report that does not account for every seed, and (only at stormy without swarm,
 * where every event kind must be reachable) on any unreached event kind.
 * Targets and workloads come from `simctl list --reporter json`, so a new built-in target joins
 * the matrix without an edit here. Two cells run side by side with `--jobs 1` each (2 cores).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Table from "cli-table3";

const USAGE = `usage: node --import tsx scripts/matrix.ts [--seeds N] [--filter TEXT] [--bug NAME]
  --seeds N      seeds per cell (default 100)
  --filter TEXT  only cells whose label "target/workload/level/swarm-on|swarm-off" contains TEXT
  --bug NAME     pass --bug NAME to every sweep (self-check: a planted bug must fail the matrix;
                 combine with --filter TARGET, since a bug belongs to one target)
exit: 0 every cell passed, 1 a cell failed, 2 bad usage, a failed build or no cell matched`;
const LEVELS = ["sunny", "stormy", "radioactive"] as const;
const CLI = "bin/simctl.js";

interface Cell { target: string; workload: string; level: string; swarm: boolean; label: string }
interface Counts { passed: number; failed: number; errored: number; inconclusive: number; notRun: number; seeds: number }
interface Result { cell: Cell; code: number | null; counts: Counts; unreached: string[]; replays: string[]; problems: string[]; wallS: number; output: string }

function fail(message: string): never {
  console.error(`matrix: ${message}`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): { seeds: number; filter: string; bug: string | undefined } {
  const opts = { seeds: 100, filter: "", bug: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "-h" || flag === "--help") { console.log(USAGE); process.exit(0); }
    const value = argv[++i];
    if (value === undefined || !["--seeds", "--filter", "--bug"].includes(flag ?? "")) fail(`bad argument ${flag}\n${USAGE}`);
    if (flag === "--seeds") {
      opts.seeds = Number(value);
      if (!Number.isInteger(opts.seeds) || opts.seeds < 1) fail(`--seeds must be a positive integer, got ${value}`);
    } else if (flag === "--filter") opts.filter = value;
    else opts.bug = value;
  }
  return opts;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === "number" ? v : 0); // a field a report lacks counts 0
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

/** Every built-in target and its workloads, as the built CLI lists them. */
function discoverCells(): Cell[] {
  const out = spawnSync(process.execPath, [CLI, "list", "--reporter", "json"], { encoding: "utf8" });
  if (out.status !== 0) fail(`simctl list failed (exit ${out.status}): ${out.stderr}`);
  const doc: unknown = JSON.parse(out.stdout);
  const targets = isRecord(doc) && Array.isArray(doc.targets) ? doc.targets.filter(isRecord) : [];
  if (targets.length === 0) fail("simctl list --reporter json listed no targets");
  const cells: Cell[] = [];
  for (const t of targets) {
    const target = String(t.name);
    for (const workload of Object.keys(isRecord(t.workloads) ? t.workloads : {}))
      for (const level of LEVELS)
        for (const swarm of [false, true])
          cells.push({ target, workload, level, swarm, label: `${target}/${workload}/${level}/${swarm ? "swarm-on" : "swarm-off"}` });
  }
  return cells;
}

const running = new Set<ChildProcess>();

function runCell(cell: Cell, seeds: number, bug: string | undefined, dir: string): Promise<Result> {
  const file = join(dir, `${cell.label.replaceAll("/", "__")}.json`);
  const args = [CLI, "sweep", "--target", cell.target, "--workload", cell.workload, "--fault-level", cell.level,
    ...(cell.swarm ? ["--swarm"] : []), ...(bug === undefined ? [] : ["--bug", bug]),
    "--seeds", String(seeds), "--jobs", "1", "--reporter", `json:${file}`, "--no-progress", "--no-color"];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => {
      running.delete(child);
      resolve(judge(cell, code, file, seeds, (performance.now() - started) / 1000, output));
    });
  });
}

/** Reads a cell's JSON report and lists every broken promise of the cell. */
function judge(cell: Cell, code: number | null, file: string, seeds: number, wallS: number, output: string): Result {
  const problems = code === 0 ? [] : [`sweep exit ${code ?? "signal"}`];
  let doc: unknown;
  try { doc = JSON.parse(readFileSync(file, "utf8")); } catch { problems.push("no JSON report"); }
  const report = isRecord(doc) ? doc : {};
  const s = isRecord(report.summary) ? report.summary : {};
  const counts: Counts = { passed: num(s.passed), failed: num(s.failed), errored: num(s.errored), inconclusive: num(s.inconclusive), notRun: num(s.notRun), seeds: num(s.seeds) };
  for (const k of ["failed", "errored", "inconclusive", "notRun"] as const) if (counts[k] > 0) problems.push(`${counts[k]} ${k}`);
  const accounted = counts.passed + counts.failed + counts.errored + counts.inconclusive + counts.notRun;
  if (isRecord(doc) && (counts.seeds !== seeds || accounted !== seeds)) problems.push(`report accounts for ${accounted} of ${seeds} seeds`);
  const gated = cell.level === "stormy" && !cell.swarm;
  const unreached = gated ? strings(report.unreached) : [];
  if (unreached.length > 0) problems.push(`unreached: ${unreached.join(", ")}`);
  const replays = (Array.isArray(report.failures) ? report.failures.filter(isRecord) : []).map((f) => {
    const first = Array.isArray(f.violations) && isRecord(f.violations[0]) ? ` ${String(f.violations[0].invariant)}` : "";
    return `seed ${String(f.seed)} (${String(f.status)}${first}): ${String(f.replay)}`;
  });
  return { cell, code, counts, unreached, replays, problems, wallS, output };
}

const fmtCounts = (c: Counts): string => `${c.passed}/${c.failed}/${c.errored}/${c.inconclusive}`;

function printLine(r: Result): void {
  const verdict = r.problems.length === 0 ? "ok  " : "FAIL";
  const extra = r.problems.length === 0 ? "" : `  (${r.problems.join("; ")})`;
  console.log(`${verdict} ${r.cell.label.padEnd(48)} seeds p/f/e/i ${fmtCounts(r.counts).padEnd(14)} ${r.wallS.toFixed(1).padStart(6)} s${extra}`);
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const build = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  if (build.status !== 0) fail(`npm run build failed (exit ${build.status})`);
  const cells = discoverCells().filter((c) => c.label.includes(opts.filter));
  if (cells.length === 0) fail(`no cell matches --filter ${JSON.stringify(opts.filter)}`);
  const dir = mkdtempSync(join(tmpdir(), "simctl-matrix-"));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const)
    process.once(signal, () => { for (const c of running) c.kill(signal); cleanup(); process.exit(code); });

  console.log(`simctl matrix: ${cells.length} cell(s) x ${opts.seeds} seeds, ${Math.min(2, cells.length)} at a time${opts.bug ? `, bug=${opts.bug}` : ""}`);
  console.log(`     ${"cell".padEnd(48)} seeds passed/failed/errored/inconclusive, wall`);
  const started = performance.now();
  const results: Result[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < cells.length) {
      const r = await runCell(cells[next++] as Cell, opts.seeds, opts.bug, dir);
      results.push(r);
      printLine(r);
    }
  };
  try { await Promise.all([lane(), lane()]); } finally { cleanup(); }
  const wallS = (performance.now() - started) / 1000;

  results.sort((a, b) => cells.indexOf(a.cell) - cells.indexOf(b.cell));
  const table = new Table({ head: ["target", "workload", "level", "swarm", "p/f/e/i", "wall s", "verdict"], style: { head: [], border: [], compact: true } });
  for (const r of results)
    table.push([r.cell.target, r.cell.workload, r.cell.level, r.cell.swarm ? "on" : "off", fmtCounts(r.counts), r.wallS.toFixed(1), r.problems.length === 0 ? "ok" : "FAIL"]);
  console.log(`\n${table.toString()}`);

  const failing = results.filter((r) => r.problems.length > 0);
  for (const r of failing) {
    console.log(`\n✗ ${r.cell.label}: ${r.problems.join("; ")}`);
    for (const line of r.replays) console.log(`    ${line}`);
    if (r.replays.length === 0 && r.code !== 0) console.log(r.output.trimEnd().split("\n").slice(-10).map((l) => `    | ${l}`).join("\n"));
  }
  console.log(failing.length === 0
    ? `\nPASS: ${results.length} cell(s) x ${opts.seeds} seeds in ${wallS.toFixed(1)} s wall`
    : `\nFAIL: ${failing.length} of ${results.length} cell(s) broke a promise (${wallS.toFixed(1)} s wall); re-run one with --filter LABEL`);
  return failing.length === 0 ? 0 : 1;
}

process.exitCode = await main();
