/**
 * The oracle: what clients were told and what the store did, kept apart from the system under
 * test. It knows every acknowledged write (key, who acknowledged it, when), every write the store
 * ever accepted or refused as fenced, and every lease the store granted. The invariants judge the
 * manager's effects against it; the observation's data loss is counted from it.
 */
import { KEYS, type LeaseRecord, type Value } from "./model.js";

export interface Ack {
  readonly key: number;
  readonly node: number;
  readonly atMs: number;
}

export class FailoverOracle {
  /** Acknowledged writes by id. */
  readonly acked = new Map<number, Ack>();
  /** Writes the store accepted at least once. */
  readonly accepted = new Set<number>();
  /** Writes the store refused as fenced at least once. */
  readonly fenced = new Set<number>();
  /** Acknowledged writes a commit dropped from their key (clobbered). */
  readonly dropped = new Set<number>();
  /** Grant time and holder of each epoch (index = epoch). */
  readonly grants: { readonly holder: number; readonly atMs: number }[] = [];
  fenceRejections = 0;

  ack(id: number, ack: Ack): void {
    if (!this.acked.has(id)) this.acked.set(id, ack);
  }

  grant(lease: LeaseRecord, atMs: number): void {
    this.grants[lease.epoch] = { holder: lease.holder, atMs };
  }

  /** Acknowledged writes of `key` in `before` and missing from `after`. */
  droppedBy(key: number, before: Value, after: Value): number[] {
    const out: number[] = [];
    for (const id of before) if (this.acked.get(id)?.key === key && !after.includes(id)) out.push(id);
    return out;
  }

  /** Acknowledged writes absent from `values` (the final store): the run's data loss. */
  missing(values: readonly Value[]): number[] {
    const present = KEYS.map((_, k) => new Set(values[k] ?? []));
    const out: number[] = [];
    for (const [id, ack] of this.acked) if (!present[ack.key]!.has(id)) out.push(id);
    return out.sort((a, b) => a - b);
  }
}
