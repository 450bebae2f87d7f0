/**
 * Failover groundwork: contract rules, budget evaluation and signatures (the seed's
 * `cluster/durable_backend` values), before the simulation exists.
 */
import { describe, expect, it } from "vitest";
import { expandedBackends } from "../../../src/targets/failover/backends.js";
import { parseContract } from "../../../src/targets/failover/contract-file.js";
import { budgetFailures, defaultSloBudgets, evaluateSloBudget, percentile, type Observation } from "../../../src/targets/failover/budget.js";
import { BACKEND_CLASSES, backendClassLabel, pressureLabel, valid, type BackendContract } from "../../../src/targets/failover/contract.js";
import { backendSignature, canonical, matrixSignature, observationSignature, signature } from "../../../src/targets/failover/signature.js";

const base = expandedBackends()[0]!;
const obs = (takeoverMs: number, extra: Partial<Observation> = {}): Observation => ({
  backend: "b",
  pressure: "nominal",
  takeoverMs,
  recoveryMs: takeoverMs * 2,
  fenceRejections: 1,
  dataLossEvents: 0,
  continuityMet: true,
  ...extra,
});

describe("failover contracts", () => {
  it("the built-in matrix has a valid backend of every class, with distinct names and labels", () => {
    const backends = expandedBackends();
    for (const b of backends) expect(valid(b), b.name).toEqual([]);
    expect(new Set(backends.map((b) => b.class))).toEqual(new Set(BACKEND_CLASSES));
    expect(new Set(backends.map((b) => b.name)).size).toBe(backends.length);
    expect(new Set(BACKEND_CLASSES.map(backendClassLabel)).size).toBe(BACKEND_CLASSES.length);
    expect(pressureLabel("dependency-partitioned")).toBe("dependency partitioned");
  });

  it("valid names every rule a contract breaks, with its field", () => {
    const bad: BackendContract = {
      ...base,
      name: "Bad Name",
      class: "kv-consensus",
      takeoverRequiresFencing: false,
      continuitySloMs: 0,
      supportedPressures: ["dependency-degraded", "dependency-degraded"],
      artifact: { tuningGuide: "../x.md", certificationReport: "r.md", evidenceManifest: "r.md" },
    };
    const fields = valid(bad).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "continuitySloMs", "supportedPressures", "takeoverRequiresFencing", "artifact.tuningGuide", "artifact"]));
    expect(valid(bad).filter((p) => p.field === "supportedPressures")).toHaveLength(2);
    expect(valid({ ...base, class: "log-replicated", recoveryRequiresReplay: false }).map((p) => p.field)).toEqual(["recoveryRequiresReplay"]);
    // Zero loss without fencing is a promise no mechanics keep; some loss allowed, it is only a weaker contract.
    expect(valid({ ...base, takeoverRequiresFencing: false }).map((p) => p.field)).toEqual(["takeoverRequiresFencing"]);
    expect(valid({ ...base, takeoverRequiresFencing: false, maxDataLossEvents: 2 })).toEqual([]);
  });
});

describe("SLO budgets", () => {
  it("p95 by nearest rank", () => {
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
  });

  it("passes within the budget, and a failure's reason names the budget line and the figure", () => {
    const budgets = defaultSloBudgets();
    const ok = evaluateSloBudget(Array.from({ length: 20 }, (_, i) => obs(100 + i)), budgets);
    expect(ok.map((r) => r.passed)).toEqual([true]);
    const slow = evaluateSloBudget([...Array.from({ length: 18 }, () => obs(100)), obs(2500), obs(2600)], budgets);
    expect(slow[0]!.passed).toBe(false);
    expect(slow[0]!.reason).toBe("p95 takeover 2500 ms over 20 runs exceeds the nominal budget's 2000 ms");
    const lossy = evaluateSloBudget([obs(100), obs(100, { dataLossEvents: 1 })], budgets);
    expect(lossy[0]!.reason).toContain("lost 1 acknowledged write");
    expect(budgetFailures([...ok, ...slow, ...lossy])).toBe(2);
  });

  it("groups by backend and pressure, and a pressure without a budget fails", () => {
    const results = evaluateSloBudget([obs(1), obs(1, { backend: "c" }), obs(1, { pressure: "dependency-degraded" })], [defaultSloBudgets()[0]!]);
    expect(results.map((r) => [r.backend, r.pressure, r.passed])).toEqual([
      ["b", "nominal", true],
      ["c", "nominal", true],
      ["b", "dependency-degraded", false],
    ]);
  });
});

describe("signatures", () => {
  it("are stable across key order, differ by kind and by any field, and cover the whole matrix", () => {
    expect(canonical({ b: 1, a: [true, null, "x"] })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(signature("k", { a: 1, b: 2 })).toBe(signature("k", { b: 2, a: 1 }));
    expect(signature("k", 1)).not.toBe(signature("j", 1));
    expect(observationSignature(obs(100))).not.toBe(observationSignature(obs(101)));
    expect(backendSignature(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
    const m = expandedBackends();
    expect(matrixSignature(m)).toBe(matrixSignature([...m].reverse()));
    expect(matrixSignature(m)).not.toBe(matrixSignature([{ ...m[0]!, continuitySloMs: 9_999 }, ...m.slice(1)]));
    expect(() => canonical(Number.NaN)).toThrow(/non-finite/);
  });
});

describe("contract files", () => {
  it("a well-formed file loads; a malformed one names the field", () => {
    const json: unknown = JSON.parse(JSON.stringify(base));
    expect(parseContract(json, "b.json")).toEqual(base);
    expect(() => parseContract({ ...base, continuitySloMs: "fast" }, "b.json")).toThrow(/^b\.json is not a backend contract at continuitySloMs: /);
    expect(() => parseContract({ ...base, artifact: { ...base.artifact, tuningGuide: 3 } }, "b.json")).toThrow(/at artifact\.tuningGuide/);
    expect(() => parseContract({ ...base, class: "mainframe" }, "b.json")).toThrow(/at class/);
    expect(() => parseContract({ ...base, extra: 1 }, "b.json")).toThrow(/not a backend contract/);
  });

  it("an impossible SLO loads but fails valid with a reason", () => {
    const c = parseContract({ ...base, continuitySloMs: 0 }, "b.json");
    expect(valid(c)).toEqual([{ field: "continuitySloMs", reason: "must be an integer from 1 to 600000 ms" }]);
  });
});
