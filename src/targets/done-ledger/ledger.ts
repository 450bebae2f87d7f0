/**
 * InMemoryDoneLedger: the system under test. Durable rows live in arrays by slot (a key gets the
 * next slot when first written); a slot is found by the key's canonical encoding, or for a
 * batchGet by tenant and policy, then ovid, so no read builds a key string. Writes go through the
 * shared store core (pending writes, fault counters, releases); reads see only committed state.
 * Slots are also kept in key order as keys arrive, so a snapshot never sorts.
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
  /** Key and durable record per slot. A merge replaces the record: a record handed out never changes. */
  readonly #keys: DoneLedgerKey[] = [];
  readonly #records: DoneLedgerRecord[] = [];
  /** Slot by key encoding, and by tenant, then policy, then ovid (for batchGet). */
  readonly #slotById = new Map<string, number>();
  readonly #slotByParts = new Map<string, Map<string, Map<string, number>>>();
  /** Slots sorted by (tenant, policy, ovid) in code-unit order. */
  readonly #sorted: number[] = [];
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
    const group = this.#slotByParts.get(tenantId)?.get(policyHash);
    const out = new Array<DoneLedgerRecord | null>(ovids.length);
    for (let i = 0; i < ovids.length; i++) {
      const slot = group?.get(ovids[i]!);
      const durable = slot === undefined ? null : this.#records[slot]!;
      out[i] = this.#bugs.dirtyRead ? this.#withPending(encodeKey(tenantId, policyHash, ovids[i]!), durable) : durable;
    }
    return out;
  }

  getRecord(key: DoneLedgerKey): DoneLedgerRecord | null {
    return this.inspect(key.id) ?? null;
  }

  /** Every durable row, sorted by (tenant, policy, ovid). */
  snapshot(): LedgerRow[] {
    const order = this.#bugs.unsortedSnapshot ? this.#keys.map((_, slot) => slot) : this.#sorted;
    const rows = new Array<LedgerRow>(order.length);
    for (let i = 0; i < order.length; i++) rows[i] = { key: this.#keys[order[i]!]!, record: this.#records[order[i]!]! };
    return rows;
  }

  /** Conformance probe: the durable record under a key id, bypassing the read path. */
  inspect(keyId: string): DoneLedgerRecord | undefined {
    const slot = this.#slotById.get(keyId);
    return slot === undefined ? undefined : this.#records[slot];
  }

  /** Conformance probe: the number of durable rows. */
  durableCount(): number {
    return this.#keys.length;
  }

  #upsertOne(entry: UpsertEntry): void {
    const slot = this.#slotById.get(entry.key.id);
    if (slot === undefined) return this.#insert(entry.key, copyRecord(entry.record));
    const existing = this.#records[slot]!;
    if (this.#bugs.skipLowerRank && rank(entry.record.status) < rank(existing.status)) return;
    this.#records[slot] = mergeRecords(existing, entry.record, this.#bugs);
  }

  /** A key's first row: the next slot, indexed both ways and placed in key order. */
  #insert(key: DoneLedgerKey, record: DoneLedgerRecord): void {
    const slot = this.#keys.length;
    this.#keys.push(key);
    this.#records.push(record);
    this.#slotById.set(key.id, slot);
    const byPolicy = this.#slotByParts.get(key.tenantId) ?? new Map<string, Map<string, number>>();
    this.#slotByParts.set(key.tenantId, byPolicy);
    const byOvid = byPolicy.get(key.policyHash) ?? new Map<string, number>();
    byPolicy.set(key.policyHash, byOvid);
    byOvid.set(key.ovidHash, slot);
    // Binary search for the first slot whose key sorts after this one.
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(this.#keys[this.#sorted[mid]!]!, key) > 0) hi = mid;
      else lo = mid + 1;
    }
    this.#sorted.splice(lo, 0, slot);
  }

  #withPending(id: string, durable: DoneLedgerRecord | null): DoneLedgerRecord | null {
    let view = durable;
    for (const entries of this.store.pendingPayloads()) {
      for (const e of entries) if (e.key.id === id) view = view === null ? e.record : mergeRecords(view, e.record, this.#bugs);
    }
    return view;
  }
}

/** Key order: tenant, then policy, then ovid, each in code-unit order (as `<` compares strings). */
function compareKeys(a: DoneLedgerKey, b: DoneLedgerKey): number {
  return cmp(a.tenantId, b.tenantId) || cmp(a.policyHash, b.policyHash) || cmp(a.ovidHash, b.ovidHash);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
