/**
 * Properties of the ledger's merge (a monotonic lattice): status, bytesScanned, findingsCount and
 * errorCode are commutative, associative and idempotent; provenance is order-independent when no
 * two records tie on freshness. errorCode follows the provenance winner while the status is not
 * scanned, so on a full freshness tie ("keep the existing") it too depends on order; its
 * properties are checked on tie-free inputs, exactly like provenance's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFresher, mergeRecords } from "../../../src/targets/done-ledger/merge.js";
import { STATUSES, type DoneLedgerRecord } from "../../../src/targets/done-ledger/model.js";

const record: fc.Arbitrary<DoneLedgerRecord> = fc
  .record({
    status: fc.constantFrom(...STATUSES),
    bytesScanned: fc.nat(1000),
    findings: fc.nat(6),
    startedAt: fc.nat(20),
    duration: fc.nat(20),
    errorCode: fc.constantFrom("E_IO", "E_TIMEOUT", "E_DENIED"),
    runId: fc.nat(30),
  })
  .map((r) => ({
    status: r.status,
    bytesScanned: r.bytesScanned,
    // Valid inputs, as the ledger's writers produce them (I3, I4).
    findingsCount: r.status === "scanned_clean" ? 0 : r.status === "scanned_with_findings" ? Math.max(1, r.findings) : r.findings,
    startedAt: r.startedAt,
    finishedAt: r.startedAt + r.duration,
    errorCode: r.status === "scanned_clean" || r.status === "scanned_with_findings" ? null : r.errorCode,
    runId: `run-${r.runId}`,
  }));

const merge = (a: DoneLedgerRecord, b: DoneLedgerRecord): DoneLedgerRecord => mergeRecords(a, b);
const tied = (a: DoneLedgerRecord, b: DoneLedgerRecord): boolean => !isFresher(a, b) && !isFresher(b, a);
const lattice = (r: DoneLedgerRecord) => ({ status: r.status, bytesScanned: r.bytesScanned, findingsCount: r.findingsCount });
const provenance = (r: DoneLedgerRecord) => ({ startedAt: r.startedAt, finishedAt: r.finishedAt, runId: r.runId, errorCode: r.errorCode });
const RUNS = { numRuns: 2000 };

describe("done-ledger merge", () => {
  it("status, bytesScanned and findingsCount are commutative", () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        expect(lattice(merge(a, b))).toEqual(lattice(merge(b, a)));
      }),
      RUNS,
    );
  });

  it("status, bytesScanned and findingsCount are associative", () => {
    fc.assert(
      fc.property(record, record, record, (a, b, c) => {
        expect(lattice(merge(merge(a, b), c))).toEqual(lattice(merge(a, merge(b, c))));
      }),
      RUNS,
    );
  });

  it("the whole merge is idempotent", () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        expect(merge(a, a)).toEqual(a);
        const ab = merge(a, b);
        expect(merge(ab, b)).toEqual(ab);
      }),
      RUNS,
    );
  });

  it("provenance and errorCode are commutative and associative when no two records tie on freshness", () => {
    fc.assert(
      fc.property(record, record, record, (a, b, c) => {
        fc.pre(!tied(a, b) && !tied(b, c) && !tied(a, c));
        expect(provenance(merge(a, b))).toEqual(provenance(merge(b, a)));
        expect(provenance(merge(merge(a, b), c))).toEqual(provenance(merge(a, merge(b, c))));
      }),
      RUNS,
    );
  });

  it("keeps the merged record valid: I3 and I4 hold, rank and bytes never fall", () => {
    const rank = (s: string): number => STATUSES.indexOf(s as (typeof STATUSES)[number]);
    fc.assert(
      fc.property(record, record, (a, b) => {
        const m = merge(a, b);
        if (m.status === "scanned_clean") expect(m.findingsCount).toBe(0);
        if (m.status === "scanned_with_findings") expect(m.findingsCount).toBeGreaterThanOrEqual(1);
        if (m.status.startsWith("scanned")) expect(m.errorCode).toBeNull();
        expect(rank(m.status)).toBeGreaterThanOrEqual(Math.max(rank(a.status), rank(b.status)));
        expect(m.bytesScanned).toBe(Math.max(a.bytesScanned, b.bytesScanned));
      }),
      RUNS,
    );
  });

  it("the planted merge bugs break these properties (the tests have teeth)", () => {
    const a: DoneLedgerRecord = { status: "scanned_clean", bytesScanned: 500, findingsCount: 0, startedAt: 1, finishedAt: 2, errorCode: null, runId: "run-1" };
    const b: DoneLedgerRecord = { status: "failed_retryable", bytesScanned: 10, findingsCount: 3, startedAt: 5, finishedAt: 9, errorCode: "E_IO", runId: "run-2" };
    expect(mergeRecords(a, b, { lwwStatus: true }).status).not.toBe(mergeRecords(b, a, { lwwStatus: true }).status);
    expect(mergeRecords(a, b, { overwriteBytes: true }).bytesScanned).toBe(10);
    expect(mergeRecords(b, a, { findingsCountMax: true }).findingsCount).toBe(3);
    expect(mergeRecords(b, a, { stickyErrorCode: true }).errorCode).toBe("E_IO");
    expect(mergeRecords(a, b, { provenanceLww: true }).runId).toBe("run-2");
  });
});
