/**
 * The failover certification's artifacts from a hand-made certification: the evidence manifest
 * (round trip, signatures, verification by a fake re-run that returns the recorded runs), the
 * report and the tuning guide.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { evaluateSloBudget, type BudgetResult, type SloBudget } from "../../../src/targets/failover/budget.js";
import { expandedBackends } from "../../../src/targets/failover/backends.js";
import type { BackendContract, PressureProfile } from "../../../src/targets/failover/contract.js";
import type { BackendCertification, CellCertification, CertifyRunRecord, FailureMode } from "../../../src/targets/failover/certification-types.js";
import { buildEvidence, evidenceSignature, MAX_MISMATCHES, parseEvidence, recommendedLease, renderReport, renderTuningGuide, verifyEvidence } from "../../../src/targets/failover/artifacts/index.js";
import type { Evidence, Rerun } from "../../../src/targets/failover/artifacts/index.js";
import { budgetResultSignature } from "../../../src/targets/failover/signature.js";

const contract: BackendContract = expandedBackends()[0]!; // postgres-sync-quorum

function run(pressure: PressureProfile, seed: number, t: [lease: number, renew: number, poll: number, failure: FailureMode], o: [takeover: number, recovery: number, fences: number, loss?: number, met?: boolean]): CertifyRunRecord {
  const observation = { backend: contract.name, pressure, takeoverMs: o[0], recoveryMs: o[1], fenceRejections: o[2], dataLossEvents: o[3] ?? 0, continuityMet: o[4] ?? true };
  return { seed, traceHash: `th-${pressure}-${seed}`, observation, tuning: { leaseMs: t[0], renewEveryMs: t[1], pollEveryMs: t[2], failure: t[3] }, violations: [] };
}

/** The certification's judging, as certification-types.ts describes it: the budget's verdict, then one failure per broken invariant. */
function judge(c: BackendContract, pressure: PressureProfile, budget: SloBudget, runs: readonly CertifyRunRecord[]): BudgetResult[] {
  const invariants = [...new Set(runs.flatMap((r) => r.violations.map((v) => v.invariant)))];
  const broken = (inv: string): number => runs.filter((r) => r.violations.some((v) => v.invariant === inv)).length;
  const failures = invariants.map((inv) => ({ backend: c.name, pressure, passed: false, reason: `invariant ${inv} broken in ${broken(inv)} of ${runs.length} runs` }));
  return [...evaluateSloBudget(runs.map((r) => r.observation), [budget]), ...failures];
}

function cell(budget: SloBudget, runs: CertifyRunRecord[]): CellCertification {
  return { pressure: budget.pressure, budget, runs, results: judge(contract, budget.pressure, budget, runs) };
}

const nominalBudget: SloBudget = { pressure: "nominal", maxTakeoverMs: 2_000, maxRecoveryMs: 5_000, maxDataLossEvents: 0 };
const degradedBudget: SloBudget = { pressure: "dependency-degraded", maxTakeoverMs: 5_000, maxRecoveryMs: 12_500, maxDataLossEvents: 0 };

const nominalRuns = [
  run("nominal", 10, [1000, 300, 100, "crash"], [1200, 2500, 0]),
  run("nominal", 11, [1500, 500, 200, "pause"], [1700, 3100, 3]),
  run("nominal", 12, [1000, 300, 100, "partition"], [1300, 2600, 1]),
  run("nominal", 13, [1800, 600, 150, "crash"], [1950, 3900, 0]),
];
const degradedRuns = [
  run("dependency-degraded", 10, [2000, 600, 250, "crash"], [3100, 7000, 0]),
  run("dependency-degraded", 11, [3000, 900, 250, "pause"], [4200, 9000, 5]),
  {
    ...run("dependency-degraded", 12, [4500, 1500, 300, "pause"], [5600, 11000, 2, 1, false]),
    violations: [{ invariant: "single-primary", message: "two primaries acknowledged writes at t=5200 ms" }],
  },
  run("dependency-degraded", 13, [2000, 600, 250, "partition"], [3300, 8000, 1]),
];

function certification(cells: CellCertification[], bug: string | null = null): BackendCertification {
  return { contract, problems: [], options: { seeds: 4, seedBase: 10, ops: 40, bug }, cells, certified: cells.every((c) => c.results.every((r) => r.passed)) };
}

const cert = certification([cell(nominalBudget, nominalRuns), cell(degradedBudget, degradedRuns)]);

/** A re-run that reproduces the fixture's records (a copy, so nothing is shared with the evidence). */
function fakeRerun(change: (r: CertifyRunRecord) => CertifyRunRecord = (r) => r): Rerun {
  const records = new Map(cert.cells.flatMap((c) => c.runs.map((r) => [`${c.pressure}/${r.seed}`, r] as const)));
  return {
    run: async (_c, pressure, seed) => {
      const r = records.get(`${pressure}/${seed}`);
      if (r === undefined) throw new Error(`no such seed ${seed}`);
      return change(structuredClone(r));
    },
    judge,
  };
}

/** The manifest as a file holds it: written, read back, parsed. */
function reread(evidence: unknown): Evidence {
  return parseEvidence(JSON.parse(JSON.stringify(evidence)), "evidence.json");
}

type Path = (string | number)[];
const pathText = (p: Path): string => p.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");

function numericLeaves(value: unknown, path: Path = []): [Path, number][] {
  if (typeof value === "number") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numericLeaves(v, [...path, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => numericLeaves(v, [...path, k]));
  return [];
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

/** An independent check of the documented signature recipe: kind, newline, JSON with sorted keys. */
function sha256Sorted(kind: string, value: unknown): string {
  const sorted = JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
  return `sha256:${createHash("sha256").update(`${kind}\n${sorted}`).digest("hex")}`;
}

describe("evidence manifest", () => {
  it("round-trips through JSON and the strict parser, with signatures as documented", () => {
    const evidence = buildEvidence(cert);
    expect(reread(evidence)).toEqual(evidence);
    expect(evidence.format).toBe("simctl-certify/1");
    expect(evidence.cells.map((c) => c.runs.length)).toEqual([4, 4]);
    expect(evidence.certified).toBe(false);
    const { signature: top, ...unsigned } = evidence;
    expect(top).toBe(sha256Sorted("simctl.failover.evidence/1", unsigned));
    expect(evidence.cells[1]!.runs[2]!.observationSignature).toBe(sha256Sorted("simctl.failover.observation/1", degradedRuns[2]!.observation));
    expect(evidence.cells[0]!.budgetSignature).toBe(sha256Sorted("simctl.failover.budget/1", nominalBudget));
    expect(evidence.backendSignature).toBe(sha256Sorted("simctl.failover.backend/1", contract));
    expect(evidence.cells[1]!.results[1]!.signature).toBe(sha256Sorted("simctl.failover.budget-result/1", cert.cells[1]!.results[1]));
  });

  it("a malformed manifest is an input error naming the field", () => {
    const json = JSON.parse(JSON.stringify(buildEvidence(cert))) as unknown;
    setAt(json, ["cells", 0, "runs", 1, "seed"], "x");
    expect(() => parseEvidence(json, "ev.json")).toThrow(/^ev\.json is not a simctl-certify\/1 evidence manifest at cells\.0\.runs\.1\.seed: /);
    expect(() => parseEvidence(json, "ev.json")).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => parseEvidence({ ...buildEvidence(cert), extra: 1 }, "ev.json")).toThrow(/ev\.json is not a simctl-certify\/1 evidence manifest/);
    expect(() => parseEvidence({ ...buildEvidence(cert), format: "simctl-certify/2" }, "ev.json")).toThrow(/at format/);
  });
});

describe("verifyEvidence", () => {
  it("a manifest verifies against a re-run that reproduces it", async () => {
    expect(await verifyEvidence(reread(buildEvidence(cert)), fakeRerun())).toEqual([]);
  });

  it("editing any number anywhere is reported, naming the field, its place and the edited value", async () => {
    const evidence = buildEvidence(cert);
    const leaves = numericLeaves(evidence);
    // backend 2, options 3, per cell: budget 3 + 4 runs x (seed + 4 observation + 3 tuning figures).
    expect(leaves).toHaveLength(2 + 3 + 2 * (3 + 4 * 8));
    for (const [path, value] of leaves) {
      const edited = JSON.parse(JSON.stringify(evidence)) as unknown;
      setAt(edited, path, value + 1);
      const mismatches = await verifyEvidence(reread(edited), fakeRerun());
      const leaf = pathText(path);
      const key = String(path[path.length - 1]);
      const named = mismatches.some(
        (m) => (leaf === m.where || leaf.startsWith(`${m.where}.`) || leaf.startsWith(`${m.where}[`)) && m.message.includes(key) && m.message.includes(String(value + 1)),
      );
      expect(named, `${leaf} ${value} -> ${value + 1}: ${JSON.stringify(mismatches)}`).toBe(true);
      for (const m of mismatches) expect(m.message).not.toMatch(/\n/);
    }
  });

  it("a re-run with another trace hash is reported with the seed and both hashes", async () => {
    const rerun = fakeRerun((r) => (r.seed === 12 && r.observation.pressure === "dependency-degraded" ? { ...r, traceHash: "th-other" } : r));
    expect(await verifyEvidence(buildEvidence(cert), rerun)).toEqual([
      { where: "cells[1].runs[2].traceHash", message: "dependency-degraded seed 12: traceHash is th-dependency-degraded-12 in the evidence, the re-run gave th-other" },
    ]);
  });

  it("a re-run that measures differently is reported field by field, and the verdicts are re-judged", async () => {
    const rerun = fakeRerun((r) => (r.seed === 12 && r.observation.pressure === "dependency-degraded" ? { ...r, observation: { ...r.observation, takeoverMs: 4900 }, violations: [] } : r));
    const messages = (await verifyEvidence(buildEvidence(cert), rerun)).map((m) => m.message);
    expect(messages).toContain("dependency-degraded seed 12: observation.takeoverMs is 5600 in the evidence, the re-run measured 4900");
    expect(messages).toContain('dependency-degraded seed 12: violations are single-primary ("two primaries acknowledged writes at t=5200 ms") in the evidence, the re-run broke none');
    // Without the violation the re-run judges one result fewer; the budget's result still fails (a run lost a write).
    expect(messages).toContain('dependency-degraded result 1: passed false ("invariant single-primary broken in 1 of 4 runs") in the evidence, the re-run has no such result');
    expect(messages.some((m) => m.startsWith("dependency-degraded result 0: reason is"))).toBe(true);
  });

  it("a verdict edited and re-signed is caught by re-judging, and so is certified", async () => {
    const e = buildEvidence(cert);
    const results = e.cells[1]!.results.map((r) => {
      const edited = { backend: r.backend, pressure: r.pressure, passed: true, reason: "fine" };
      return { ...edited, signature: budgetResultSignature(edited) };
    });
    const unsigned = { ...e, cells: [e.cells[0]!, { ...e.cells[1]!, results }], certified: true };
    const forged = { ...unsigned, signature: evidenceSignature(unsigned) };
    const mismatches = await verifyEvidence(forged, fakeRerun());
    expect(mismatches.map((m) => m.where)).toEqual(["cells[1].results[0]", "cells[1].results[0]", "cells[1].results[1]", "cells[1].results[1]", "certified"]);
    expect(mismatches[0]!.message).toBe("dependency-degraded result 0: passed is true in the evidence, the re-run judged false");
    expect(mismatches[4]!.message).toBe("certified is true in the evidence, but the contract breaks a rule or some result failed");
  });

  it("the seeds must be the ones the options give, even in a re-signed manifest", async () => {
    const e = buildEvidence(cert);
    const resign = (unsigned: Omit<Evidence, "signature">): Evidence => ({ ...unsigned, signature: evidenceSignature(unsigned) });
    const dropped = resign({ ...e, cells: [{ ...e.cells[0]!, runs: e.cells[0]!.runs.slice(0, 3) }, e.cells[1]!] });
    const fewer = await verifyEvidence(dropped, fakeRerun());
    // Judging 3 runs instead of 4 also changes the verdict's reason ("continuity met in 3 runs").
    expect(fewer.map((m) => m.where)).toEqual(["cells[0]", "cells[0].results[0]"]);
    expect(fewer[0]!.message).toBe("nominal: 3 runs in the evidence, options.seeds is 4");
    const reversed = resign({ ...e, cells: [{ ...e.cells[0]!, runs: [...e.cells[0]!.runs].reverse() }, e.cells[1]!] });
    const mismatches = await verifyEvidence(reversed, fakeRerun());
    expect(mismatches).toEqual([{ where: "cells[0]", message: "nominal: the seeds are 13, 12, 11, 10 in the evidence, options.seedBase 10 and options.seeds 4 give 10..13" }]);
  });

  it("problems are re-derived from the contract", async () => {
    const bad = { ...contract, name: "Bad Name" };
    const invalid: BackendCertification = { contract: bad, problems: [], options: cert.options, cells: [], certified: true };
    const mismatches = await verifyEvidence(buildEvidence(invalid), fakeRerun());
    expect(mismatches.map((m) => m.where)).toEqual(["problems", "certified"]);
    expect(mismatches[0]!.message).toMatch(/^problems are none in the evidence, the contract breaks name: must be/);
  });

  it("a re-run that fails is reported, and the list is capped", async () => {
    const failing: Rerun = { ...fakeRerun(), run: async (_c, _p, seed) => Promise.reject(new Error(`boom ${seed}`)) };
    const failed = await verifyEvidence(buildEvidence(cert), failing);
    expect(failed).toHaveLength(8);
    expect(failed[0]).toEqual({ where: "cells[0].runs[0]", message: "nominal seed 10: the re-run failed: boom 10" });
    const observation = { takeoverMs: 1, recoveryMs: 1, fenceRejections: 9, dataLossEvents: 9 };
    const tuning = { leaseMs: 1, renewEveryMs: 1, pollEveryMs: 1 };
    const everything = fakeRerun((r) => ({
      ...{ seed: r.seed, traceHash: "x", violations: [{ invariant: "i", message: "m" }] },
      observation: { ...r.observation, ...observation, continuityMet: !r.observation.continuityMet },
      tuning: { ...tuning, failure: r.tuning.failure === "crash" ? "pause" : "crash" },
    }));
    const capped = await verifyEvidence(buildEvidence(cert), everything);
    expect(capped).toHaveLength(MAX_MISMATCHES + 1);
    // 8 runs x 11 differences alone are 88: at least 38 are counted, not listed.
    const more = /^\.\.\. and (\d+) more$/.exec(capped[MAX_MISMATCHES]!.message);
    expect(Number(more?.[1])).toBeGreaterThanOrEqual(38);
  });
});

/** The part of a Markdown document under the `###` heading `title`, up to the next heading of any level. */
function section(doc: string, title: string): string {
  const start = doc.indexOf(`### ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const rest = doc.slice(start + 4 + title.length);
  const end = rest.search(/\n#{1,3} /);
  return end === -1 ? rest : rest.slice(0, end);
}

describe("certification report", () => {
  const report = renderReport(cert, { backendArg: "postgres-sync-quorum" });

  it("states the contract, the verdict, the matrix and the budgets", () => {
    expect(report.startsWith("# Failover certification: postgres-sync-quorum\n\nSQL quorum backend; durable store: postgres.\n")).toBe(true);
    expect(report).toContain("- Takeover requires fencing: yes");
    expect(report).toContain("- Recovery requires replay: no\n");
    expect(report).toContain("- Continuity SLO: at most 10000 ms without a primary that accepts writes");
    expect(report).toContain("- Max data loss: 0 acknowledged writes per failover");
    expect(report).toContain("**NOT CERTIFIED**: 2 of 3 results failed under 2 pressures.");
    expect(report).not.toContain("**CERTIFIED**");
    expect(report).toContain("| nominal | 4 | 1300 | 1950 | 1950 | 2600 | 3900 | 3900 | 4 | 0 | 4/4 | PASS |");
    expect(report).toContain("| dependency-degraded | 4 | 3300 | 5600 | 5600 | 8000 | 11000 | 11000 | 8 | 1 | 3/4 | FAIL |");
    expect(report).toContain("| dependency-degraded | 5000 | 12500 | 0 |");
    expect(report).toContain("- dependency-degraded: FAIL: p95 takeover 5600 ms over 4 runs exceeds the dependency degraded budget's 5000 ms");
    expect(report).toContain("- dependency-degraded: FAIL: invariant single-primary broken in 1 of 4 runs");
    expect(report).toMatch(/- nominal: PASS: p95 takeover 1950 ms <= 2000 ms/);
  });

  it("lists each failing seed with why and its replay command, and only those", () => {
    const failing = section(report, "dependency degraded");
    expect(failing).toContain(
      "- seed 12: broke single-primary (two primaries acknowledged writes at t=5200 ms); lost 1 acknowledged write, over the budget's 0; missed the continuity SLO. " +
        "Replay: `npx simctl certify --backend postgres-sync-quorum --pressure dependency-degraded --seed 12`",
    );
    expect(failing.match(/^- seed/gm)).toHaveLength(1);
    expect(report).not.toContain("### nominal");
    const withBug = renderReport(certification(cert.cells.slice(), "stale-lease"), { backendArg: "./my backend.json" });
    expect(withBug).toContain("`npx simctl certify --backend './my backend.json' --pressure dependency-degraded --seed 12 --bug stale-lease`");
    expect(withBug).toContain("planted bug: `stale-lease`");
  });

  it("shows at most 10 failing seeds per pressure, then counts the rest", () => {
    const many = Array.from({ length: 12 }, (_, i) => run("nominal", 100 + i, [1000, 300, 100, "crash"], [1200, 2500, 0, 0, false]));
    const doc = renderReport(certification([cell(nominalBudget, many)]), { backendArg: "b" });
    expect(doc.match(/^- seed \d+: missed the continuity SLO/gm)).toHaveLength(10);
    expect(doc).toContain("- seed 109: missed");
    expect(doc).not.toContain("- seed 110:");
    expect(doc).toContain("- ... and 2 more failing seeds");
  });

  it("a certified backend says so; one with contract problems lists them and nothing else", () => {
    const passing = renderReport(certification([cell(nominalBudget, nominalRuns)]), { backendArg: "b" });
    expect(passing).toContain("**CERTIFIED**: all 1 result passed under 1 pressure.");
    expect(passing).toContain("No run broke an invariant");
    const broken: BackendCertification = { ...cert, contract: { ...contract, name: "Bad Name" }, problems: [{ field: "name", reason: "must be lowercase" }], cells: [], certified: false };
    const doc = renderReport(broken, { backendArg: "bad.json" });
    expect(doc).toContain("**NOT CERTIFIED**: the contract breaks 1 rule, so nothing was run.");
    expect(doc.endsWith("## Contract problems\n\n- `name`: must be lowercase\n")).toBe(true);
    expect(doc).not.toContain("## Matrix");
  });

  it("is deterministic", () => {
    expect(renderReport(structuredClone(cert), { backendArg: "postgres-sync-quorum" })).toBe(report);
  });
});

describe("tuning guide", () => {
  const guide = renderTuningGuide(cert);

  it("tabulates takeover by lease length, ascending, with the lease's share", () => {
    const degraded = section(guide, "dependency degraded (budget: p95 takeover within 5000 ms)");
    const rows = degraded.split("\n").filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual(["| 2000 | 2 | 3100 | 3300 | 3300 | at most 63% |", "| 3000 | 1 | 4200 | 4200 | 4200 | at most 71% |", "| 4500 | 1 | 5600 | 5600 | 5600 | at most 80% |"]);
  });

  it("recommends the longest drawn lease whose p95 takeover keeps the budget", () => {
    // Degraded: 4500 ms gives p95 5600 > 5000, so 3000 ms. Nominal: every lease fits, so the longest, 1800 ms.
    expect(section(guide, "dependency degraded")).toContain("Recommended lease: **3000 ms**, the longest drawn whose p95 takeover (4200 ms over 1 run) stays within the dependency degraded budget's 5000 ms.");
    expect(section(guide, "nominal")).toContain("Recommended lease: **1800 ms**");
    expect(recommendedLease(cert.cells[1]!)?.leaseMs).toBe(3000);
    const tight = cell({ ...degradedBudget, maxTakeoverMs: 3_200 }, degradedRuns);
    expect(recommendedLease(tight)).toBeNull();
    const none = renderTuningGuide(certification([tight]));
    expect(none).toContain("No drawn lease length keeps p95 takeover within the dependency degraded budget's 3200 ms: the shortest, 2000 ms, has p95 3300 ms over 2 runs.");
    expect(none).not.toContain("Recommended lease");
  });

  it("gives recovery and fence rejections by failure mode, and why pauses cause rejections", () => {
    expect(guide).toContain("| dependency-degraded | pause | 2 | 9000 | 11000 | 11000 |");
    expect(guide).toContain("| nominal | crash | 2 | 2500 | 3900 | 3900 |");
    expect(guide).toContain("| dependency-degraded | pause | 2 | 7 | 3.50 |");
    expect(guide).toContain("| nominal | partition | 1 | 1 | 1 |");
    expect(guide).toContain("Over all pressures: crash 0 per run (3 runs), pause 3.33 per run (3 runs), partition 1 per run (2 runs).");
    expect(guide).toContain("a paused primary resumes believing it still holds the lease");
  });
});
