/**
 * InMemoryDoneLedger: the system under test. Durable rows keyed by the canonical key encoding,
 * writes through the shared store core (pending writes, fault counters, releases), reads that
 * see only committed state.
 */
import type { CompletionListener, StoreCoreBugs, StoreHandle } from "../shared/store-core.js";
import { StoreFacade } from "../shared/store-facade.js";
import { mergeRecords, type MergeBugs } from "./merge.js";
import { copyRecord, encodeKey, rank, type DoneLedgerKey, type DoneLedgerRecord } from "./model.js";

export interface UpsertEntry {
  readonly key: DoneLedgerKey;
  readonly record: DoneLedgerRecord;
}

export interface LedgerRow {
  readonly key: DoneLedgerKey;
  readonly record: DoneLedgerRecord;
}

export interface LedgerBugs extends MergeBugs, StoreCoreBugs {
  /** An incoming record ranked below the stored one is skipped whole, losing its bytes and counts. */
  readonly skipLowerRank?: boolean;
  /** batchGet overlays pending writes on durable rows. */
  readonly dirtyRead?: boolean;
  /** snapshot returns rows in insertion order instead of sorted. */
  readonly unsortedSnapshot?: boolean;
}

export class InMemoryDoneLedger extends StoreFacade<readonly UpsertEntry[]> {
  readonly #rows = new Map<string, LedgerRow>();
  readonly #bugs: LedgerBugs;

  constructor(bugs: LedgerBugs, onComplete: CompletionListener) {
    super(bugs, onComplete);
    this.#bugs = bugs;
  }

  /** Submit a batch; throws InjectedSubmissionFailure when one was injected. */
  batchUpsert(entries: readonly UpsertEntry[]): StoreHandle {
    return this.store.submit(entries);
  }

  protected applyPayload(entries: readonly UpsertEntry[]): Error | null {
    for (const entry of entries) this.#upsertOne(entry);
    return null;
  }

  protected applyPart(entries: readonly UpsertEntry[]): void {
    for (const entry of entries.slice(0, Math.ceil(entries.length / 2))) this.#upsertOne(entry);
  }

  batchGet(tenantId: string, policyHash: string, ovids: readonly string[]): (DoneLedgerRecord | null)[] {
    return ovids.map((ovid) => {
      const id = encodeKey(tenantId, policyHash, ovid);
      const durable = this.#rows.get(id)?.record ?? null;
      return this.#bugs.dirtyRead ? this.#withPending(id, durable) : durable;
    });
  }

  getRecord(key: DoneLedgerKey): DoneLedgerRecord | null {
    return this.#rows.get(key.id)?.record ?? null;
  }

  /** Every durable row, sorted by (tenant, policy, ovid). */
  snapshot(): LedgerRow[] {
    const rows = [...this.#rows.values()];
    if (this.#bugs.unsortedSnapshot) return rows;
    return rows.sort((a, b) => (a.key.id < b.key.id ? -1 : a.key.id > b.key.id ? 1 : 0));
  }

  /** Conformance probe: the durable record under a key id, bypassing the read path. */
  inspect(keyId: string): DoneLedgerRecord | undefined {
    return this.#rows.get(keyId)?.record;
  }

  /** Conformance probe: the number of durable rows. */
  durableCount(): number {
    return this.#rows.size;
  }

  #upsertOne(entry: UpsertEntry): void {
    const existing = this.#rows.get(entry.key.id);
    if (existing === undefined) {
      this.#rows.set(entry.key.id, { key: entry.key, record: copyRecord(entry.record) });
      return;
    }
    if (this.#bugs.skipLowerRank && rank(entry.record.status) < rank(existing.record.status)) return;
    this.#rows.set(entry.key.id, { key: entry.key, record: mergeRecords(existing.record, entry.record, this.#bugs) });
  }

  #withPending(id: string, durable: DoneLedgerRecord | null): DoneLedgerRecord | null {
    let view = durable;
    for (const entries of this.store.pendingPayloads()) {
      for (const e of entries) if (e.key.id === id) view = view === null ? e.record : mergeRecords(view, e.record, this.#bugs);
    }
    return view;
  }
}
