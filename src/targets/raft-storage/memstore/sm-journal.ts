/**
 * MemStore's state machine journal (`sm.<gen>`): one record per application, `{ i: index, c:
 * command }`, written but never synced on its own. The contract lets applications be lost in a
 * crash (Raft re-applies the committed entries after `lastAppliedLog`), so an apply costs a write
 * and no sync; a snapshot is what makes the state machine durable. Recovery replays the journal on
 * top of the current snapshot, up to the first record a crash tore or lost, and reports the last
 * index it replayed as applied: the state machine and `lastAppliedLog` always agree.
 */
import { DiskCorruption, type DiskApi } from "../../../index.js";
import type { KvCommand } from "../contract.js";
import { applyKv } from "../kv.js";

export function journalFile(gen: number): string {
  return `sm.${gen}`;
}

interface Record {
  readonly i: number;
  readonly c: KvCommand;
}

export class SmJournal {
  readonly name: string;

  constructor(
    readonly disk: DiskApi,
    readonly gen: number,
  ) {
    this.name = journalFile(gen);
  }

  /**
   * Replay the journal onto `kv`, whose state is the snapshot's at `from`: records at or below
   * `from` are already in it. With `forgetApplied` (a planted bug) the replayed records change
   * `kv` but the answer stays `from`. Resolves to the last applied index.
   */
  async replay(kv: Map<string, string>, from: number, forgetApplied: boolean): Promise<number> {
    const length = this.disk.length(this.name);
    let records: string[];
    try {
      records = await this.disk.readRange(this.name, 0, length);
    } catch (err) {
      if (!(err instanceof DiskCorruption)) throw err;
      records = await this.disk.readRange(this.name, 0, err.index);
    }
    let applied = from;
    for (const text of records) {
      const r = JSON.parse(text) as Record;
      if (r.i <= applied) continue;
      applyKv(kv, r.c);
      applied = r.i;
    }
    if (records.length < length) void this.disk.truncate(this.name, records.length);
    return forgetApplied ? from : applied;
  }

  /** Journal the application of `cmd` at `index` (unsynced); resolves when the write is issued to the page cache. */
  record(index: number, cmd: KvCommand): Promise<number> {
    const r: Record = { i: index, c: cmd };
    return this.disk.append(this.name, JSON.stringify(r));
  }
}
