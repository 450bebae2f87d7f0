/**
 * The rows of a user's store as its reads last returned them: the {@link LedgerProbe} the
 * checker compares with the oracle when the store is a backend it cannot look inside. The plugged
 * target fills it with the rows a write touched (read back right after the write) or with a whole
 * snapshot, just before each check.
 */
import type { LedgerProbe } from "./invariants.js";
import type { LedgerRow } from "./ledger.js";
import type { DoneLedgerRecord } from "./model.js";

export class ProbedRows implements LedgerProbe {
  readonly #rows = new Map<string, DoneLedgerRecord>();
  #count = 0;

  /** The row a read returned for one key (null: none). */
  set(keyId: string, record: DoneLedgerRecord | null): void {
    if (record === null) this.#rows.delete(keyId);
    else this.#rows.set(keyId, record);
  }

  /** Every row, from a snapshot; duplicates of a key count as rows (a store should have none). */
  fill(rows: readonly LedgerRow[]): void {
    this.#rows.clear();
    for (const row of rows) this.#rows.set(row.key.id, row.record);
    this.#count = rows.length;
  }

  inspect(keyId: string): DoneLedgerRecord | undefined {
    return this.#rows.get(keyId);
  }

  durableCount(): number {
    return this.#count;
  }
}
