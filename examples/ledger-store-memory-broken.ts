/**
 * A broken copy of examples/ledger-store-memory.ts, for the check that the done-ledger target
 * catches it: "the newest scan is the truth". When an incoming record finished no earlier than
 * the stored one, its status replaces the stored status, even when it ranks lower, so a retry
 * that failed after a clean scan demotes the row (the mistake of an UPSERT that orders by time
 * instead of by the status lattice). Writes that arrive in another order then end elsewhere.
 *
 *   npx simctl conformance done-ledger --impl ./examples/ledger-store-memory-broken.ts --seeds 20
 */
import type { DoneLedgerRecord, DoneLedgerStore } from "simctl-dst/done-ledger";
import { MemoryLedgerStore } from "./ledger-store-memory.js";

class NewestScanWins extends MemoryLedgerStore {
  protected override merge(stored: DoneLedgerRecord, incoming: DoneLedgerRecord): DoneLedgerRecord {
    const merged = super.merge(stored, incoming);
    return incoming.finishedAt >= stored.finishedAt ? { ...merged, status: incoming.status } : merged;
  }
}

export default function makeStore(): DoneLedgerStore {
  return new NewestScanWins();
}
