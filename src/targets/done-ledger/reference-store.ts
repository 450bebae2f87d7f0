/**
 * The built-in InMemoryDoneLedger behind the store contract: what the built-in target's clause
 * checks run on (`simctl conformance done-ledger`). Auto-completion is on and no fault is
 * injected, so every write applies when it is submitted, as a backend's acknowledged write has.
 */
import type { DoneLedgerStore, DoneLedgerStoreFactory, LedgerKey } from "./contract.js";
import { InMemoryDoneLedger, type LedgerBugs } from "./ledger.js";
import { copyRecord, encodeKey, type DoneLedgerKey } from "./model.js";

/** The ledger's key (with its canonical encoding) for a contract key. */
export function ledgerKey(key: LedgerKey): DoneLedgerKey {
  return { tenantId: key.tenantId, policyHash: key.policyHash, ovidHash: key.ovidHash, id: encodeKey(key.tenantId, key.policyHash, key.ovidHash) };
}

/** The in-memory ledger with `bugs` switched on, as a store factory (tests plug planted bugs in). */
export function inMemoryLedgerStore(bugs: LedgerBugs): DoneLedgerStoreFactory {
  return () => ledgerStore(new InMemoryDoneLedger(bugs, () => undefined));
}

export const referenceLedgerStore: DoneLedgerStoreFactory = inMemoryLedgerStore({});

function ledgerStore(ledger: InMemoryDoneLedger): DoneLedgerStore {
  return {
    async batchUpsert(entries) {
      const handle = ledger.batchUpsert(entries.map((e) => ({ key: ledgerKey(e.key), record: copyRecord(e.record) })));
      if (handle.error !== null) throw handle.error;
    },
    async batchGet(tenantId, policyHash, ovidHashes) {
      return ledger.batchGet(tenantId, policyHash, ovidHashes);
    },
    async getRecord(key) {
      return ledger.getRecord(ledgerKey(key));
    },
    async snapshot() {
      return ledger.snapshot().map(({ key, record }) => ({ key: { tenantId: key.tenantId, policyHash: key.policyHash, ovidHash: key.ovidHash }, record }));
    },
  };
}
