/**
 * A user's done-ledger store: a Map behind the done-ledger store contract, written from the
 * contract's documentation (DoneLedgerStore), not from simctl's code. Plugged in with
 *
 *   npx simctl conformance done-ledger --impl ./examples/ledger-store-memory.ts --seeds 20
 *   npx simctl sweep --target done-ledger --impl ./examples/ledger-store-memory.ts --workload out-of-order --seeds 200
 *
 * The module's default export is a factory; the target makes a fresh store per seed and per
 * clause check. A database-backed store has the same shape: batchUpsert reads the batch's rows,
 * merges and writes them in one transaction; the reads are queries; snapshot is ORDER BY tenant,
 * policy, ovid.
 */
import type { DoneLedgerRecord, DoneLedgerStore, LedgerEntry, LedgerKey, Status } from "simctl-dst/done-ledger";

const RANK: Readonly<Record<Status, number>> = { failed_retryable: 0, failed_permanent: 1, skipped: 2, scanned_clean: 3, scanned_with_findings: 4 };

const scanned = (s: Status): boolean => s === "scanned_clean" || s === "scanned_with_findings";

/** Positive when `a` is the fresher record: higher rank, then later finish, then later start. */
function freshness(a: DoneLedgerRecord, b: DoneLedgerRecord): number {
  return RANK[a.status] - RANK[b.status] || a.finishedAt - b.finishedAt || a.startedAt - b.startedAt;
}

/** The contract's lattice merge of an incoming record into the stored one. */
export function mergeRecords(stored: DoneLedgerRecord, incoming: DoneLedgerRecord): DoneLedgerRecord {
  const status = RANK[incoming.status] > RANK[stored.status] ? incoming.status : stored.status;
  // A full tie keeps the stored provenance, so replaying a batch changes nothing.
  const winner = freshness(incoming, stored) > 0 ? incoming : stored;
  // Only with-findings records count once the status has findings: a failed attempt's count
  // must not come back after a clean scan zeroed it (that keeps the merge order-independent).
  const withFindings = (r: DoneLedgerRecord): number => (r.status === "scanned_with_findings" ? r.findingsCount : 0);
  const findingsCount =
    status === "scanned_clean" ? 0 : status === "scanned_with_findings" ? Math.max(1, withFindings(stored), withFindings(incoming)) : Math.max(stored.findingsCount, incoming.findingsCount);
  return {
    status,
    bytesScanned: Math.max(stored.bytesScanned, incoming.bytesScanned),
    findingsCount,
    startedAt: winner.startedAt,
    finishedAt: winner.finishedAt,
    runId: winner.runId,
    errorCode: scanned(status) ? null : winner.errorCode,
  };
}

/** Code-unit order, the contract's sort order for snapshots. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class MemoryLedgerStore implements DoneLedgerStore {
  readonly #rows = new Map<string, LedgerEntry>();

  /** The merge this store applies (a subclass may get it wrong: see ledger-store-memory-broken.ts). */
  protected merge(stored: DoneLedgerRecord, incoming: DoneLedgerRecord): DoneLedgerRecord {
    return mergeRecords(stored, incoming);
  }

  async batchUpsert(entries: readonly LedgerEntry[]): Promise<void> {
    for (const { key, record } of entries) {
      const id = keyId(key);
      const stored = this.#rows.get(id);
      // Copies, so a caller reusing its objects cannot change a stored row.
      this.#rows.set(id, { key: { ...key }, record: stored === undefined ? { ...record } : this.merge(stored.record, record) });
    }
  }

  async batchGet(tenantId: string, policyHash: string, ovidHashes: readonly string[]): Promise<(DoneLedgerRecord | null)[]> {
    return ovidHashes.map((ovidHash) => this.#rows.get(keyId({ tenantId, policyHash, ovidHash }))?.record ?? null);
  }

  async getRecord(key: LedgerKey): Promise<DoneLedgerRecord | null> {
    return this.#rows.get(keyId(key))?.record ?? null;
  }

  async snapshot(): Promise<LedgerEntry[]> {
    return [...this.#rows.values()].sort((a, b) => cmp(a.key.tenantId, b.key.tenantId) || cmp(a.key.policyHash, b.key.policyHash) || cmp(a.key.ovidHash, b.key.ovidHash));
  }
}

/** One string per key; JSON keeps the three fields apart whatever characters they hold. */
function keyId(key: LedgerKey): string {
  return JSON.stringify([key.tenantId, key.policyHash, key.ovidHash]);
}

export default function makeStore(): DoneLedgerStore {
  return new MemoryLedgerStore();
}
