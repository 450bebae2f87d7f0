/**
 * Records as register values for H1: each distinct record (compared field by field) gets a small
 * integer, so equal values are equal records and no two records share a value (a hashed stand-in
 * could collide and hide a wrong read). Id 0 is "no record". Interning allocates only when a new
 * record is seen; the common case (the oracle's unchanged record) is one identity check.
 */
import { rank, type DoneLedgerRecord } from "./model.js";

export const NO_RECORD = 0;

export class RecordValues {
  readonly #records: (DoneLedgerRecord | undefined)[] = [undefined];
  /** Next id with the same hash, or -1: a chain per hash bucket. */
  readonly #sameHash: number[] = [-1];
  readonly #firstByHash = new Map<number, number>();
  readonly #strings = new Map<string, number>();
  #lastRecord: DoneLedgerRecord | undefined;
  #lastId = NO_RECORD;

  /** The id of `r` (0 for no record). */
  id(r: DoneLedgerRecord | null | undefined): number {
    if (r === null || r === undefined) return NO_RECORD;
    if (r === this.#lastRecord) return this.#lastId;
    const hash = this.#hash(r);
    const first = this.#firstByHash.get(hash);
    for (let id = first ?? -1; id >= 0; id = this.#sameHash[id]!) {
      if (sameRecord(this.#records[id]!, r)) return this.#remember(r, id);
    }
    const id = this.#records.length;
    this.#records.push(r);
    this.#sameHash.push(first ?? -1);
    this.#firstByHash.set(hash, id);
    return this.#remember(r, id);
  }

  /** The record of an id, for reports. */
  record(id: number): DoneLedgerRecord | undefined {
    return this.#records[id];
  }

  #remember(r: DoneLedgerRecord, id: number): number {
    this.#lastRecord = r;
    this.#lastId = id;
    return id;
  }

  #hash(r: DoneLedgerRecord): number {
    let h = Math.imul(rank(r.status) + 1, 0x9e3779b1);
    h = Math.imul(h ^ r.bytesScanned, 0x85ebca6b);
    h = Math.imul(h ^ r.findingsCount, 0xc2b2ae35);
    h = Math.imul(h ^ r.startedAt, 0x27d4eb2f);
    h = Math.imul(h ^ r.finishedAt, 0x165667b1);
    h = Math.imul(h ^ this.#string(r.errorCode ?? ""), 0x9e3779b1);
    return (h ^ this.#string(r.runId)) | 0;
  }

  /** Strings come from small fixed sets: number them instead of hashing their characters. */
  #string(s: string): number {
    let id = this.#strings.get(s);
    if (id === undefined) this.#strings.set(s, (id = this.#strings.size + 1));
    return id;
  }
}

function sameRecord(a: DoneLedgerRecord, b: DoneLedgerRecord): boolean {
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

/** A record in one short line, for witnesses. */
export function describeRecord(r: DoneLedgerRecord | undefined): string {
  if (r === undefined) return "no record";
  const err = r.errorCode !== null ? ` ${r.errorCode}` : "";
  return `{${r.status} ${r.bytesScanned}B ${r.findingsCount} findings ${r.startedAt}-${r.finishedAt}${err} ${r.runId}}`;
}
