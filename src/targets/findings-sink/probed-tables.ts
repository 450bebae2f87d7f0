/**
 * The tables of a user's store as its reads last returned them: the {@link SinkProbe} the
 * checker compares with the oracle when the store is a backend it cannot look inside. The plugged
 * target fills it, just before each check, with the rows a batch touched (and their parents) and
 * durableCounts, or with whole snapshots. Asking for a row that was not read is a harness error,
 * never a silent "absent".
 */
import type { SinkProbe } from "./invariants.js";
import { rowKey, type DurableCounts, type Finding, type Observation, type Occurrence } from "./model.js";
import type { Table } from "./ops.js";

type Row = Finding | Occurrence | Observation;

export class ProbedTables implements SinkProbe {
  readonly #rows: Record<Table, Map<string, Row>> = { findings: new Map(), occurrences: new Map(), observations: new Map() };
  readonly #read: Record<Table, Set<string>> = { findings: new Set(), occurrences: new Set(), observations: new Set() };
  #snapshots: Record<Table, [string, Row][]> | undefined;
  #counts: DurableCounts | undefined;

  /** Forget what was read: a new check starts. */
  reset(): void {
    for (const table of ["findings", "occurrences", "observations"] as const) {
      this.#rows[table].clear();
      this.#read[table].clear();
    }
    this.#snapshots = undefined;
    this.#counts = undefined;
  }

  /** What a point read returned (null or undefined: no row). */
  setRow(table: Table, tenant: string, id: string, row: Row | null | undefined): void {
    const key = rowKey(tenant, id);
    this.#read[table].add(key);
    if (row === null || row === undefined) this.#rows[table].delete(key);
    else this.#rows[table].set(key, row);
  }

  setCounts(counts: DurableCounts): void {
    this.#counts = counts;
  }

  /** Every table from a snapshot (rows keyed by rowKey), and the counts read with them. */
  fill(snapshots: Record<Table, [string, Row][]>, counts: DurableCounts): void {
    this.reset();
    this.#snapshots = snapshots;
    this.#counts = counts;
  }

  getFinding(tenant: string, findingId: string): Finding | undefined {
    return this.#get("findings", tenant, findingId) as Finding | undefined;
  }
  getOccurrence(tenant: string, occurrenceId: string): Occurrence | undefined {
    return this.#get("occurrences", tenant, occurrenceId) as Occurrence | undefined;
  }
  getObservation(tenant: string, observationId: string): Observation | undefined {
    return this.#get("observations", tenant, observationId) as Observation | undefined;
  }

  durableCounts(): DurableCounts {
    if (this.#counts === undefined) throw new Error("probe: durableCounts was not read before the check");
    return this.#counts;
  }

  findingsSnapshot(): [string, Finding][] {
    return this.#snapshot("findings") as [string, Finding][];
  }
  occurrencesSnapshot(): [string, Occurrence][] {
    return this.#snapshot("occurrences") as [string, Occurrence][];
  }
  observationsSnapshot(): [string, Observation][] {
    return this.#snapshot("observations") as [string, Observation][];
  }

  #get(table: Table, tenant: string, id: string): Row | undefined {
    const key = rowKey(tenant, id);
    if (this.#snapshots !== undefined) return this.#snapshots[table].find(([k]) => k === key)?.[1];
    if (!this.#read[table].has(key)) throw new Error(`probe: ${table} ${tenant}/${id} was not read before the check`);
    return this.#rows[table].get(key);
  }

  #snapshot(table: Table): [string, Row][] {
    if (this.#snapshots === undefined) throw new Error(`probe: the ${table} snapshot was not read before the check`);
    return this.#snapshots[table];
  }
}
