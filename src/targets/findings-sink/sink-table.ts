/**
 * One table of the in-memory sink: rows by tenant, then by id, plus the same rows kept in
 * snapshot order. Reads look a row up by its two strings as given (no joined key built per read),
 * and a snapshot walks the ordered list instead of sorting the table on every call. Rows are never
 * deleted, so keeping the order costs one binary search per new row.
 */
import { rowKey } from "./model.js";

/** A row and its snapshot key; the table's own cell, replaced in place when the row changes. */
interface Cell<V> {
  readonly key: string;
  row: V;
}

export class SinkTable<V> {
  readonly #tenants = new Map<string, Map<string, Cell<V>>>();
  /** Every cell, sorted by key (tenant, then id, in code-unit order). */
  readonly #ordered: Cell<V>[] = [];

  get size(): number {
    return this.#ordered.length;
  }

  get(tenant: string, id: string): V | undefined {
    return this.#tenants.get(tenant)?.get(id)?.row;
  }

  has(tenant: string, id: string): boolean {
    return this.#tenants.get(tenant)?.has(id) === true;
  }

  /** Insert the row, or replace the one stored under (tenant, id). */
  set(tenant: string, id: string, row: V): void {
    let rows = this.#tenants.get(tenant);
    if (rows === undefined) {
      rows = new Map();
      this.#tenants.set(tenant, rows);
    }
    const cell = rows.get(id);
    if (cell !== undefined) {
      cell.row = row;
      return;
    }
    const added: Cell<V> = { key: rowKey(tenant, id), row };
    rows.set(id, added);
    this.#ordered.splice(this.#insertionPoint(added.key), 0, added);
  }

  /** The rows as `[rowKey, row]`, sorted by key: fresh pairs, so a caller may keep them. */
  snapshot(): [string, V][] {
    const ordered = this.#ordered;
    const out = new Array<[string, V]>(ordered.length);
    for (let i = 0; i < ordered.length; i++) out[i] = [ordered[i]!.key, ordered[i]!.row];
    return out;
  }

  /** The index of the first key after `key` (keys are unique). */
  #insertionPoint(key: string): number {
    const ordered = this.#ordered;
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ordered[mid]!.key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
