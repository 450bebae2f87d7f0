/**
 * Done-ledger domain types: the key, the record, status ranks and the fixed key space the
 * simulation writes to. The key space is small on purpose, so that batches collide on keys.
 */

/** Statuses in rank order: a later entry outranks every earlier one. */
export const STATUSES = ["failed_retryable", "failed_permanent", "skipped", "scanned_clean", "scanned_with_findings"] as const;
export type Status = (typeof STATUSES)[number];

/** The rank of a status (its index in {@link STATUSES}); a switch, as it runs several times per record. */
export function rank(status: Status): number {
  switch (status) {
    case "failed_retryable":
      return 0;
    case "failed_permanent":
      return 1;
    case "skipped":
      return 2;
    case "scanned_clean":
      return 3;
    case "scanned_with_findings":
      return 4;
  }
}

export function isScanned(status: Status): boolean {
  return status === "scanned_clean" || status === "scanned_with_findings";
}

/** A ledger key. `id` is its canonical encoding, used as the map key. */
export interface DoneLedgerKey {
  readonly tenantId: string;
  readonly policyHash: string;
  readonly ovidHash: string;
  readonly id: string;
}

export interface DoneLedgerRecord {
  readonly status: Status;
  readonly bytesScanned: number;
  readonly findingsCount: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly errorCode: string | null;
  readonly runId: string;
}

export const TENANTS = ["t-acme", "t-globex"] as const;
export const POLICIES = ["p-1", "p-2"] as const;
export const OVIDS = ["o-0", "o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-7"] as const;

export function encodeKey(tenantId: string, policyHash: string, ovidHash: string): string {
  return `${tenantId}\u0000${policyHash}\u0000${ovidHash}`;
}

/** Every key of the simulation; index = (tenant * POLICIES + policy) * OVIDS + ovid. */
export const KEYS: readonly DoneLedgerKey[] = TENANTS.flatMap((tenantId) =>
  POLICIES.flatMap((policyHash) =>
    OVIDS.map((ovidHash) => ({ tenantId, policyHash, ovidHash, id: encodeKey(tenantId, policyHash, ovidHash) })),
  ),
);

const INDEX_BY_ID: ReadonlyMap<string, number> = new Map(KEYS.map((key, i) => [key.id, i]));

/** The index of a key in {@link KEYS}, by its encoding; -1 when it is not one of them. */
export function indexOfKey(id: string): number {
  return INDEX_BY_ID.get(id) ?? -1;
}

export function keyIndex(tenant: number, policy: number, ovid: number): number {
  return (tenant * POLICIES.length + policy) * OVIDS.length + ovid;
}

/** A record with exactly the record fields (op records carry a key index besides). */
export function copyRecord(r: DoneLedgerRecord): DoneLedgerRecord {
  return {
    status: r.status,
    bytesScanned: r.bytesScanned,
    findingsCount: r.findingsCount,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    errorCode: r.errorCode,
    runId: r.runId,
  };
}

export function sameRecord(a: DoneLedgerRecord, b: DoneLedgerRecord): boolean {
  return (
    a.status === b.status &&
    a.bytesScanned === b.bytesScanned &&
    a.findingsCount === b.findingsCount &&
    a.startedAt === b.startedAt &&
    a.finishedAt === b.finishedAt &&
    a.errorCode === b.errorCode &&
    a.runId === b.runId
  );
}

export function showRecord(r: DoneLedgerRecord | null | undefined): string {
  if (r === null || r === undefined) return "absent";
  const err = r.errorCode === null ? "" : ` err=${r.errorCode}`;
  return `${r.status} bytes=${r.bytesScanned} findings=${r.findingsCount} t=${r.startedAt}..${r.finishedAt} ${r.runId}${err}`;
}

export function showKey(key: DoneLedgerKey): string {
  return `${key.tenantId}/${key.policyHash}/${key.ovidHash}`;
}
