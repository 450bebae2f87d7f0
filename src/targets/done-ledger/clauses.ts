/**
 * The done-ledger contract clause by clause (see contract.ts): one deterministic case each, on a
 * fresh store from the factory, answering a sentence that names what broke. `simctl conformance
 * done-ledger [--impl ./my-store.ts]` runs them before its sweep; the built-in target runs them on
 * the reference store. Groups are the plugged target's invariants.
 */
import type { ContractClause } from "../../index.js";
import { firstProblem } from "../shared/first-problem.js";
import { makeStore } from "../shared/store-call.js";
import { LEDGER_METHODS, type DoneLedgerStore, type DoneLedgerStoreFactory, type LedgerEntry, type LedgerKey } from "./contract.js";
import { showRecord, type DoneLedgerRecord, type Status } from "./model.js";
import { same } from "./segment-values.js";

const KEY: LedgerKey = { tenantId: "t-acme", policyHash: "p-1", ovidHash: "o-1" };

/** A valid record: scanned statuses without errorCode, with-findings with a count. */
function rec(status: Status, over: Partial<DoneLedgerRecord> = {}): DoneLedgerRecord {
  const failed = status === "failed_retryable" || status === "failed_permanent";
  return { status, bytesScanned: 100, findingsCount: status === "scanned_with_findings" ? 1 : 0, startedAt: 10, finishedAt: 20, errorCode: failed ? "E_IO" : null, runId: "run-1", ...over };
}

const at = (key: LedgerKey, record: DoneLedgerRecord): LedgerEntry => ({ key, record });
const showKey = (k: LedgerKey): string => `${k.tenantId}/${k.policyHash}/${k.ovidHash}`;

export function ledgerClauses(factory: DoneLedgerStoreFactory): ContractClause[] {
  const fresh = (): Promise<DoneLedgerStore> => makeStore(factory, LEDGER_METHODS);

  /** KEY's row after writing `records` to a fresh store, one batch each, in order. */
  async function after(...records: DoneLedgerRecord[]): Promise<DoneLedgerRecord | null> {
    const store = await fresh();
    for (const r of records) await store.batchUpsert([at(KEY, r)]);
    return store.getRecord(KEY);
  }

  /** A sentence when KEY's row after `records` differs from `want` in `field` (all fields when omitted). */
  async function expectAfter(records: DoneLedgerRecord[], want: DoneLedgerRecord, field?: keyof DoneLedgerRecord): Promise<string | undefined> {
    const got = await after(...records);
    const ok = field === undefined ? same(got, want) : got !== null && got[field] === want[field];
    if (ok) return undefined;
    const written = records.map((r) => `{${showRecord(r)}}`).join(" then ");
    return `after ${written}, ${field === undefined ? `the row is {${showRecord(got)}}` : `${field} is ${got === null ? "absent (no row)" : String(got[field])}`}, expected ${field === undefined ? `{${showRecord(want)}}` : String(want[field])}`;
  }

  const clean = rec("scanned_clean");
  const found = (n: number, over: Partial<DoneLedgerRecord> = {}) => rec("scanned_with_findings", { findingsCount: n, ...over });

  return [
    {
      id: "upsert-then-read",
      group: "I10",
      clause: "an upserted record reads back as written through getRecord, batchGet and snapshot",
      check: async () => {
        const store = await fresh();
        const r = rec("scanned_clean", { bytesScanned: 42, runId: "run-x" });
        await store.batchUpsert([at(KEY, r)]);
        const viaGet = await store.getRecord(KEY);
        if (!same(viaGet, r)) return `getRecord returned {${showRecord(viaGet)}} after upserting {${showRecord(r)}}`;
        const viaBatch = await store.batchGet(KEY.tenantId, KEY.policyHash, [KEY.ovidHash]);
        if (viaBatch.length !== 1 || !same(viaBatch[0], r)) return `batchGet returned ${viaBatch.length} result(s), first {${showRecord(viaBatch[0])}}, after upserting {${showRecord(r)}}`;
        const rows = await store.snapshot();
        if (rows.length !== 1 || !same(rows[0]?.record, r)) return `snapshot has ${rows.length} row(s) after one upsert of one key`;
        return undefined;
      },
    },
    {
      id: "upsert-idempotent",
      group: "I11",
      clause: "upserting the same batch twice leaves one row per key, unchanged",
      check: async () => {
        const store = await fresh();
        const other: LedgerKey = { ...KEY, ovidHash: "o-2" };
        const batch = [at(KEY, rec("failed_retryable", { bytesScanned: 7, findingsCount: 2 })), at(other, found(3))];
        await store.batchUpsert(batch);
        const once = await store.snapshot();
        await store.batchUpsert(batch);
        const twice = await store.snapshot();
        if (twice.length !== 2) return `after the same 2-key batch twice, snapshot has ${twice.length} rows, expected 2`;
        const changed = twice.findIndex((row, i) => !same(row.record, once[i]?.record));
        return changed < 0 ? undefined : `upserting the same batch again changed ${showKey(twice[changed]!.key)} from {${showRecord(once[changed]?.record)}} to {${showRecord(twice[changed]!.record)}}`;
      },
    },
    {
      id: "lower-rank-never-overwrites",
      group: "I1",
      clause: "a lower-ranked status never overwrites a higher one, even from a scan that finished later",
      check: () =>
        firstProblem(
          () => expectAfter([clean, rec("failed_retryable", { startedAt: 80, finishedAt: 90 })], clean, "status"),
          () => expectAfter([found(2), rec("skipped", { startedAt: 80, finishedAt: 90 })], found(2), "status"),
        ),
    },
    {
      id: "higher-rank-replaces",
      group: "I1",
      clause: "a higher-ranked status replaces a lower one, even from a scan that finished earlier",
      check: () => expectAfter([rec("failed_permanent", { finishedAt: 90 }), found(1, { finishedAt: 5 })], found(1), "status"),
    },
    {
      id: "bytes-scanned-max",
      group: "I2",
      clause: "bytesScanned is the largest of the merged records', whichever status wins",
      check: () => expectAfter([rec("scanned_clean", { bytesScanned: 500 }), rec("failed_retryable", { bytesScanned: 900 }), found(1, { bytesScanned: 50 })], rec("scanned_with_findings", { bytesScanned: 900 }), "bytesScanned"),
    },
    {
      id: "findings-count-follows-status",
      group: "I3",
      clause: "findingsCount is 0 once scanned_clean wins, the largest with-findings count once scanned_with_findings wins, else the max",
      check: () =>
        firstProblem(
          () => expectAfter([rec("failed_retryable", { findingsCount: 3 }), clean], clean, "findingsCount"),
          () => expectAfter([found(2), rec("failed_permanent", { findingsCount: 7 })], found(2), "findingsCount"),
          () => expectAfter([found(2), found(5, { finishedAt: 5 })], found(5), "findingsCount"),
          () => expectAfter([rec("failed_retryable", { findingsCount: 4 }), rec("skipped", { findingsCount: 1 })], rec("skipped", { findingsCount: 4 }), "findingsCount"),
        ),
    },
    {
      id: "scan-clears-error",
      group: "I4",
      clause: "a scanned status carries no errorCode, though a failed attempt with one was merged before or after it",
      check: () =>
        firstProblem(
          () => expectAfter([rec("failed_permanent", { errorCode: "E_DENIED" }), clean], clean, "errorCode"),
          () => expectAfter([clean, rec("failed_permanent", { errorCode: "E_DENIED", finishedAt: 90 })], clean, "errorCode"),
        ),
    },
    {
      id: "failed-error-from-winner",
      group: "I4",
      clause: "between failed statuses, errorCode comes with the provenance: from the fresher record",
      check: () =>
        firstProblem(
          () => expectAfter([rec("failed_retryable", { errorCode: "E_TIMEOUT", finishedAt: 50 }), rec("failed_permanent", { errorCode: "E_DENIED", finishedAt: 10 })], rec("failed_permanent", { errorCode: "E_DENIED" }), "errorCode"),
          () => expectAfter([rec("failed_retryable", { errorCode: "E_TIMEOUT", finishedAt: 20 }), rec("failed_retryable", { errorCode: "E_IO", finishedAt: 30 }), rec("failed_retryable", { errorCode: "E_X", finishedAt: 5 })], rec("failed_retryable", { errorCode: "E_IO" }), "errorCode"),
        ),
    },
    {
      id: "provenance-from-fresher",
      group: "I5",
      clause: "provenance (startedAt, finishedAt, runId) comes from the higher rank, then the later finishedAt, then the later startedAt",
      check: () =>
        firstProblem(
          () => expectAfter([rec("scanned_clean", { runId: "run-a" }), rec("failed_retryable", { startedAt: 50, finishedAt: 60, runId: "run-b" })], rec("scanned_clean", { runId: "run-a" }), "runId"),
          () => expectAfter([rec("scanned_clean", { runId: "run-a" }), rec("scanned_clean", { startedAt: 5, finishedAt: 30, runId: "run-c" })], rec("scanned_clean", { runId: "run-c" }), "runId"),
          () => expectAfter([rec("scanned_clean", { startedAt: 5, finishedAt: 30, runId: "run-c" }), rec("scanned_clean", { startedAt: 8, finishedAt: 30, runId: "run-d" })], rec("scanned_clean", { startedAt: 8, finishedAt: 30, runId: "run-d" })),
        ),
    },
    {
      id: "provenance-tie-keeps-existing",
      group: "I5",
      clause: "on a full freshness tie the row keeps its provenance (the other fields still merge)",
      check: () => expectAfter([rec("scanned_clean", { runId: "run-a" }), rec("scanned_clean", { runId: "run-b", bytesScanned: 200 })], rec("scanned_clean", { runId: "run-a", bytesScanned: 200 })),
    },
    {
      id: "any-order-converges",
      group: "I6",
      clause: "writes to a key in any order (one batch each, or one batch of all) converge to the same row",
      check: async () => {
        const records = [
          rec("failed_retryable", { bytesScanned: 300, findingsCount: 2, startedAt: 30, finishedAt: 40, runId: "run-a" }),
          rec("skipped", { finishedAt: 10, runId: "run-b" }),
          found(3, { bytesScanned: 50, startedAt: 1, finishedAt: 5, runId: "run-c" }),
          rec("failed_permanent", { bytesScanned: 700, errorCode: "E_DENIED", startedAt: 80, finishedAt: 90, runId: "run-d" }),
        ];
        const want = found(3, { bytesScanned: 700, startedAt: 1, finishedAt: 5, runId: "run-c" });
        for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]]) {
          const problem = await expectAfter(order.map((i) => records[i]!), want);
          if (problem !== undefined) return `in order ${order.join(",")}: ${problem}`;
        }
        const store = await fresh();
        await store.batchUpsert(records.map((r) => at(KEY, r)));
        const got = await store.getRecord(KEY);
        return same(got, want) ? undefined : `one batch of the same four records left {${showRecord(got)}}, expected {${showRecord(want)}}`;
      },
    },
    {
      id: "batch-repeats-key",
      group: "I6",
      clause: "a batch that writes one key twice merges both records, in order",
      check: async () => {
        const store = await fresh();
        await store.batchUpsert([at(KEY, rec("failed_retryable", { bytesScanned: 900, runId: "run-a" })), at(KEY, rec("scanned_clean", { bytesScanned: 10, runId: "run-b" }))]);
        const want = rec("scanned_clean", { bytesScanned: 900, runId: "run-b" });
        const [got, rows] = [await store.getRecord(KEY), await store.snapshot()];
        if (rows.length !== 1) return `a batch writing one key twice left ${rows.length} rows`;
        return same(got, want) ? undefined : `a batch writing one key twice left {${showRecord(got)}}, expected {${showRecord(want)}}`;
      },
    },
    {
      id: "batch-get-answers-each-ovid",
      group: "I10",
      clause: "batchGet answers one result per ovid asked, in order, null where absent, only from its tenant and policy",
      check: async () => {
        const store = await fresh();
        const r = rec("skipped", { runId: "run-k" });
        await store.batchUpsert([at(KEY, r), at({ ...KEY, policyHash: "p-2", ovidHash: "o-2" }, clean), at({ ...KEY, tenantId: "t-globex", ovidHash: "o-3" }, clean)]);
        const got = await store.batchGet(KEY.tenantId, KEY.policyHash, ["o-3", "o-1", "o-2", "o-1"]);
        const want = [null, r, null, r];
        if (got.length !== want.length) return `batchGet of 4 ovids (one repeated) returned ${got.length} results`;
        const wrong = want.findIndex((w, i) => !same(got[i], w));
        return wrong < 0 ? undefined : `batchGet t-acme/p-1 [o-3, o-1, o-2, o-1] answered {${showRecord(got[wrong])}} for ovid #${wrong}, expected {${showRecord(want[wrong])}}`;
      },
    },
    {
      id: "snapshot-sorted-once",
      group: "I10",
      clause: "snapshot lists every row once, sorted by tenantId, policyHash, ovidHash in code-unit order",
      check: async () => {
        const store = await fresh();
        const keys: LedgerKey[] = [{ ...KEY, tenantId: "t-globex" }, { ...KEY, policyHash: "p-2", ovidHash: "o-0" }, { ...KEY, ovidHash: "o-2" }, { ...KEY, ovidHash: "o-10" }];
        await store.batchUpsert(keys.map((k) => at(k, clean)));
        await store.batchUpsert([at(keys[2]!, found(1))]);
        const got = (await store.snapshot()).map((row) => showKey(row.key));
        const want = [keys[3]!, keys[2]!, keys[1]!, keys[0]!].map(showKey);
        return got.join(" ") === want.join(" ") ? undefined : `snapshot listed [${got.join(", ")}], expected [${want.join(", ")}]`;
      },
    },
    {
      id: "stale-replay-absorbed",
      group: "I11",
      clause: "replaying an older batch after newer writes changes nothing",
      check: async () => {
        const older = rec("failed_retryable", { bytesScanned: 100, finishedAt: 10, runId: "run-old" });
        const newer = rec("scanned_clean", { bytesScanned: 300, finishedAt: 20, runId: "run-new" });
        const want = await after(older, newer);
        const got = await after(older, newer, older);
        return same(got, want) ? undefined : `replaying the older batch turned {${showRecord(want)}} into {${showRecord(got)}}`;
      },
    },
  ];
}
