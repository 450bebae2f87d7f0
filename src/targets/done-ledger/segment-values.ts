/**
 * The distinct records one key held or was read as within a history segment, numbered from 0
 * (the record the segment starts from). Compared field by field, so equal numbers are equal
 * records and different records never share a number (a hashed stand-in could collide and hide
 * a wrong read). Only immutable records are kept: the oracle's, or a copy of what the ledger
 * returned (a ledger under test might mutate a record after returning it).
 */
import { sameRecord, type DoneLedgerRecord } from "./model.js";

export class SegmentValues {
  /**
   * The records numbered so far: the first {@link size} entries (the rest are left from an earlier
   * segment and never read; truncating the array freed its storage, which the next segment then
   * allocated again).
   */
  readonly records: (DoneLedgerRecord | undefined)[] = [undefined];
  size = 1;

  /** Start a segment from `r` (number 0). */
  start(r: DoneLedgerRecord | undefined): void {
    this.records[0] = r;
    this.size = 1;
  }

  /**
   * The number of a record equal to `r`, or -1. `hint` is tried first (the key's current value:
   * what a correct read returns), then the newest values first.
   */
  find(r: DoneLedgerRecord | null | undefined, hint: number): number {
    const records = this.records;
    if (hint >= 0 && hint < this.size && same(records[hint], r)) return hint;
    for (let i = this.size - 1; i >= 0; i--) if (same(records[i], r)) return i;
    return -1;
  }

  /** The number of `r`, added when new. `owned`: `r` is immutable and may be kept as it is. */
  id(r: DoneLedgerRecord | null | undefined, hint: number, owned: boolean): number {
    const found = this.find(r, hint);
    if (found >= 0) return found;
    this.records[this.size] = r === null || r === undefined ? undefined : owned ? r : { ...r };
    return this.size++;
  }
}

/** Field-by-field equality; null and undefined both mean "no record". */
export function same(a: DoneLedgerRecord | null | undefined, b: DoneLedgerRecord | null | undefined): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? undefined) === (b ?? undefined);
  return sameRecord(a, b);
}

/** A record in one short line, for witnesses. */
export function describeRecord(r: DoneLedgerRecord | undefined): string {
  if (r === undefined) return "no record";
  const err = r.errorCode !== null ? ` ${r.errorCode}` : "";
  return `{${r.status} ${r.bytesScanned}B ${r.findingsCount} findings ${r.startedAt}-${r.finishedAt}${err} ${r.runId}}`;
}
