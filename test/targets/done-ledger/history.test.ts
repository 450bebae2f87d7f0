/**
 * H1, the done-ledger's client history: exact record values (no hashed stand-ins), no-op writes
 * dropped soundly, decided without search, and still catching the bugs it is there for.
 */
import { describe, expect, it } from "vitest";
import { runSeed, sweep } from "../../../src/index.js";
import type { RunContext, Violation } from "../../../src/core/target.js";
import { LedgerHistory } from "../../../src/targets/done-ledger/history.js";
import type { DoneLedgerRecord } from "../../../src/targets/done-ledger/model.js";
import type { KeyedRecord } from "../../../src/targets/done-ledger/oracle.js";
import { SegmentValues } from "../../../src/targets/done-ledger/segment-values.js";
import { BUILTIN_TARGETS } from "../../../src/targets/index.js";

const target = BUILTIN_TARGETS.get("done-ledger")!;
const base: DoneLedgerRecord = { status: "scanned_clean", bytesScanned: 1, findingsCount: 0, startedAt: 90, finishedAt: 100, errorCode: null, runId: "r1" };
/** Differs from `base` in two fields whose XOR used to cancel out (1^100 === 0^101). */
const twin: DoneLedgerRecord = { ...base, bytesScanned: 0, finishedAt: 101 };

const ctx = {
  violation: (invariant: string, message: string, details?: Record<string, unknown>): Violation => ({ invariant, message, step: 0, timeMs: 0, seed: 0, target: "done-ledger", ...(details ? { details } : {}) }),
  inconclusive: (invariant: string, message: string): Violation => ({ invariant, message, step: 0, timeMs: 0, seed: 0, target: "done-ledger", inconclusive: true }),
} as unknown as RunContext;

const keyed = (k: number, r: DoneLedgerRecord): KeyedRecord => ({ ...r, k });

describe("segment values", () => {
  it("number records that differ in any field apart, equal records alike", () => {
    const values = new SegmentValues();
    values.start(base);
    expect(values.id(twin, 0, false)).not.toBe(0);
    expect(values.id({ ...base }, -1, false)).toBe(0);
    expect(values.id({ ...base, runId: "r2" }, 0, false)).toBe(2);
    expect(values.find(null, 0)).toBe(-1);
  });

  it("keep a copy of a ledger's record: mutating it later does not change what its number stands for", () => {
    const values = new SegmentValues();
    values.start(undefined);
    const mutable = { ...base };
    const id = values.id(mutable, 0, false);
    mutable.bytesScanned = 999;
    expect(values.find(base, -1)).toBe(id);
    expect(values.find(mutable, -1)).toBe(-1);
    expect(values.records[id]!.bytesScanned).toBe(1);
  });
});

describe("LedgerHistory", () => {
  /** One committed write of `written` on key 0, then a read returning `read`, then a cut. */
  function writeThenRead(written: DoneLedgerRecord, read: DoneLedgerRecord): Violation[] {
    const h = new LedgerHistory();
    const committed: (DoneLedgerRecord | undefined)[] = [];
    h.accepted(1);
    committed[0] = written;
    h.committed(1, [keyed(0, written)], committed);
    h.read(0, read);
    return h.cut(ctx, committed);
  }

  it("catches a read of a record that differs from the committed one only where a digest collided", () => {
    expect(writeThenRead(base, base)).toEqual([]);
    const found = writeThenRead(base, twin);
    expect(found.map((v) => v.invariant)).toEqual(["H1"]);
    expect(found[0]!.inconclusive).toBeUndefined();
  });

  it("drops a write that left the record unchanged, so a stale read after a real change is still caught", () => {
    const h = new LedgerHistory();
    const committed: (DoneLedgerRecord | undefined)[] = [];
    const newer: DoneLedgerRecord = { ...base, bytesScanned: 50 };
    h.accepted(1);
    committed[0] = base;
    h.committed(1, [keyed(0, base)], committed);
    h.accepted(2);
    committed[0] = newer;
    h.committed(2, [keyed(0, newer)], committed);
    // Write 3 merges into `newer` and changes nothing: a no-op, dropped.
    h.accepted(3);
    h.committed(3, [keyed(0, base)], committed);
    h.read(0, base); // stale: `newer` committed before this read was called
    const found = h.cut(ctx, committed);
    expect(found.map((v) => v.invariant)).toEqual(["H1"]);
    expect(String(found[0]!.message)).toContain("not linearizable");
  });

  it("refuses to cut while a write is pending, and forgets failed writes", () => {
    const h = new LedgerHistory();
    h.accepted(1);
    expect(() => h.cut(ctx, [])).toThrow(/pending/);
    h.failed(1);
    h.read(0, null);
    expect(h.cut(ctx, [])).toEqual([]);
  });

  it("a read of a write that later failed is a violation", () => {
    const h = new LedgerHistory();
    h.accepted(1);
    h.read(0, base); // a dirty read
    h.failed(1);
    expect(h.cut(ctx, []).map((v) => v.invariant)).toEqual(["H1"]);
  });
});

describe("H1 in runs", () => {
  it("catches dirty-read in each of 20 stormy seeds (keep going past I10)", async () => {
    for (let seed = 0; seed < 20; seed++) {
      const r = await runSeed(target, seed, { ops: 500, faultLevel: "stormy", bug: "dirty-read", keepGoing: true });
      expect(r.violations.some((v) => v.invariant === "H1"), `seed ${seed}`).toBe(true);
    }
  });

  it("1,000 swarm seeds at each level: no violation and no inconclusive seed", async () => {
    for (const faultLevel of ["sunny", "stormy", "radioactive"] as const) {
      const report = await sweep(target, { base: 0, count: 1000 }, { ops: 500, faultLevel, swarm: true });
      expect([report.failed, report.inconclusive, report.errored], faultLevel).toEqual([0, 0, 0]);
    }
  });
});
