/**
 * The async-driver simulation at library level: the reference driver holds D1-D8 on stormy seeds
 * of both workloads, each planted bug is caught by an invariant it names, a seed replays to the
 * same trace and report, a driver that breaks its answer contract is a DX violation, a driver
 * declaring an invalid contract is refused, and a user's driver (examples/) passes while its copy
 * without backpressure is caught.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSeed, type RunOptions, type Target } from "../../../src/index.js";
import builtIn, { BENCHMARK_PROFILES, BUGS, kafkaAsyncDriver, makeDriverTarget, referenceDriver, type DriverFactory, type DriverResult, type DriverRunReport } from "../../../src/targets/async-driver/index.js";
import type { DriverOp } from "../../../src/targets/async-driver/ops.js";
import example, { MYSQL_ASYNC } from "../../../examples/async-driver.js";
import noBackpressure from "../../../examples/async-driver-no-backpressure.js";
import { failures as failuresOf } from "../../support/failures.js";

const STORMY: RunOptions = { ops: 300, faultLevel: "stormy" };
const BUG_RUN: RunOptions = { ops: 500, faultLevel: "stormy" };
const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "examples");

const failures = <Op,>(target: Target<Op>, count: number, options: RunOptions = STORMY): Promise<string[]> => failuresOf(target, count, options);

/** The first seed below `limit` that breaks an invariant, with that invariant. */
async function firstFailure<Op>(target: Target<Op>, limit: number, options: RunOptions = STORMY): Promise<{ seed: number; invariant: string } | undefined> {
  for (let seed = 0; seed < limit; seed++) {
    const v = (await runSeed(target, seed, options)).violations[0];
    if (v !== undefined) return { seed, invariant: v.invariant };
  }
  return undefined;
}

/** A driver whose `execute` is replaced (a broken one may answer anything, or throw). */
function answering(execute: () => unknown): DriverFactory {
  return () => ({ execute: execute as () => Promise<DriverResult> });
}

/** A driver factory like the reference one, declaring `contract` (which may be anything). */
function declaring(contract: unknown): DriverFactory {
  return Object.assign((...args: Parameters<DriverFactory>) => referenceDriver(...args), { contract });
}

// Only kafka-async declares checkpoint-resume, so only it consumes a stream across session resets.
const kafkaOnly = makeDriverTarget(referenceDriver, { driver: kafkaAsyncDriver() });
const targetFor = (bug: string): Target<DriverOp> => (bug === "resume-skips-checkpoint" ? kafkaOnly : builtIn);

describe("async-driver simulation, reference driver", () => {
  it.each(BENCHMARK_PROFILES)("12 stormy seeds of %s break no invariant and end conclusive", async (workload) => {
    expect(await failures(builtIn, 12, { ...STORMY, workload })).toEqual([]);
  });

  it.each(Object.entries(BUGS))("planted bug %s is caught within 50 stormy seeds, first by an invariant it names", async (bug, spec) => {
    const found = await firstFailure(targetFor(bug), 50, { ...BUG_RUN, bug });
    expect(found, `no seed of 0..49 caught ${bug}`).toBeDefined();
    expect(spec.breaks as readonly string[]).toContain(found!.invariant);
  });

  it("a seed replays to the same trace hash and the same report; another seed differs", async () => {
    const seen: DriverRunReport[] = [];
    const target = makeDriverTarget(referenceDriver, { report: (r) => seen.push(r) });
    const [a, b, c] = [await runSeed(target, 7, STORMY), await runSeed(target, 7, STORMY), await runSeed(target, 8, STORMY)];
    expect(seen).toHaveLength(3);
    expect(a.violations).toEqual([]);
    expect(b.traceHash).toBe(a.traceHash);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]!.latenciesMs.length).toBeGreaterThan(0);
    expect(c.traceHash).not.toBe(a.traceHash);
    expect(seen[2]).not.toEqual(seen[0]);
  });
});

describe("a driver that breaks its answer contract is a DX violation", () => {
  it("an answer { ok: 'yes' }", async () => {
    const r = await runSeed(makeDriverTarget(answering(() => Promise.resolve({ ok: "yes" }))), 1, STORMY);
    expect(r.violations[0]?.invariant).toBe("DX");
    expect(r.violations[0]?.message).toMatch(/^execute\(\S+ \d+\) answered \{"ok":"yes"\}$/);
  });

  it("an execute that throws, and one that rejects", async () => {
    const threw = await runSeed(makeDriverTarget(answering(() => { throw new Error("boom"); })), 1, STORMY);
    expect(threw.violations[0]?.invariant).toBe("DX");
    expect(threw.violations[0]?.message).toContain("boom");
    const rejected = await runSeed(makeDriverTarget(answering(() => Promise.reject(new Error("nope")))), 1, STORMY);
    expect(rejected.violations[0]?.invariant).toBe("DX");
    expect(rejected.violations[0]?.message).toContain("nope");
  });
});

describe("a driver's declared contract (impl.plug, what --impl calls)", () => {
  it("one that breaks a rule is refused, naming the field and the rule", () => {
    const broken: unknown = JSON.parse(readFileSync(join(EXAMPLES, "driver-contract-broken-rule.json"), "utf8"));
    expect(() => builtIn.impl!.plug(declaring(broken))).toThrow(/^the driver's declared contract breaks capabilities: must include idempotent-write/);
    expect(() => builtIn.impl!.plug(declaring({ ...MYSQL_ASYNC, maxInFlight: 0 }))).toThrow(/maxInFlight: must be an integer from 1 to 10000, got 0/);
  });

  it("one that is not a contract is refused, naming the malformed field; a non-function is not a factory", () => {
    expect(() => builtIn.impl!.plug(declaring({ ...MYSQL_ASYNC, timeoutPolicy: { ...MYSQL_ASYNC.timeoutPolicy, requestMs: "2s" } }))).toThrow(
      /^the driver's declared contract is not a driver contract at timeoutPolicy\.requestMs: /,
    );
    expect(() => builtIn.impl!.plug({ execute() {} })).toThrow(/the default export is object, not a driver factory/);
  });
});

describe("a user's driver (examples/)", () => {
  it.each(BENCHMARK_PROFILES)("the semaphore driver passes 10 stormy seeds of %s, held to its own mysql-async contract", async (workload) => {
    const runs: DriverRunReport[] = [];
    const plugged = makeDriverTarget(referenceDriver, { report: (r) => runs.push(r) }).impl!.plug(example);
    expect(await failures(plugged, 10, { ...STORMY, workload })).toEqual([]);
    expect(runs.map((r) => r.driver)).toEqual(Array<string>(10).fill("mysql-async"));
    // Not a vacuous pass: requests were answered ok, retried and refused.
    expect(runs.every((r) => r.ok > 0)).toBe(true);
    expect(runs.some((r) => r.retries > 0)).toBe(true);
    if (workload === "mixed-latency") expect(runs.some((r) => r.refused > 0)).toBe(true);
  });

  it("its copy without backpressure is caught by D2 within 30 stormy seeds", async () => {
    const found = await firstFailure(builtIn.impl!.plug(noBackpressure), 30);
    expect(found, "no seed of 0..29 caught the unbounded queue").toBeDefined();
    expect(found!.invariant).toBe("D2");
  });
});
