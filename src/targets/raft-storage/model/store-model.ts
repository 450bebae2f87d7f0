/**
 * The model: what the contract promises a store holds, after the calls it acknowledged. It is
 * written from contract.ts alone (no MemStore code), over a plain array of entries, so that a
 * store and its model share no mistake. Snapshot pointers written by a compaction carry an id the
 * model learns only when it first reads one back (`undefined` until then matches any id).
 */
import { initialMembership, type Entry, type HardState, type InitialState, type KvCommand, type KvResponse, type MembershipConfig, type SnapshotContents } from "../contract.js";
import { sameEntry } from "../entries.js";
import { applyKv, canonicalMembership, snapshotKv } from "../kv.js";

export interface SnapshotModel {
  readonly index: number;
  readonly term: number;
  readonly membership: MembershipConfig;
  readonly kv: ReadonlyMap<string, string>;
}

/** A mutating call, as the model applies it once acknowledged (and weighs it when a crash cut it short). */
export type Effect =
  | { readonly kind: "place"; readonly entries: readonly Entry[] }
  | { readonly kind: "delete"; readonly start: number; readonly stop: number | undefined }
  | { readonly kind: "hard-state"; readonly hs: HardState }
  | { readonly kind: "apply"; readonly items: readonly { readonly index: number; readonly data: KvCommand }[] }
  | { readonly kind: "compact" }
  | { readonly kind: "install"; readonly index: number; readonly term: number; readonly deleteThrough: number | undefined; readonly id: string; readonly contents: SnapshotContents };

/** The empty hard state a store answers before any save. */
export const NO_HARD_STATE: HardState = { currentTerm: 0, votedFor: null };

export class StoreModel {
  /** Contiguous entries, in index order. */
  log: Entry[] = [];
  hs: HardState | null = null;
  snapshot: SnapshotModel | null = null;
  lastApplied = 0;
  kv = new Map<string, string>();
  /**
   * Every entry ever written (pointers without their id), shared by clones: an entry a store holds
   * that is not in its log was either deleted (a deletion that did not last, S2) or never written
   * (S6).
   */
  written = new Set<string>();

  constructor(readonly nodeId: number) {}

  clone(): StoreModel {
    const m = new StoreModel(this.nodeId);
    m.written = this.written;
    m.log = [...this.log];
    m.hs = this.hs;
    m.snapshot = this.snapshot;
    m.lastApplied = this.lastApplied;
    m.kv = new Map(this.kv);
    return m;
  }

  get firstIndex(): number {
    return this.log[0]?.index ?? 1;
  }

  get lastIndex(): number {
    return this.log[this.log.length - 1]?.index ?? 0;
  }

  at(index: number): Entry | undefined {
    const e = this.log[index - this.firstIndex];
    return e !== undefined && e.index === index ? e : undefined;
  }

  /** The entries of [start, stop). */
  entries(start: number, stop: number): Entry[] {
    return this.log.filter((e) => e.index >= start && e.index < stop);
  }

  /** The reverse search from `index`: a config entry's or a pointer's membership, else the initial config. */
  membershipAt(index: number): MembershipConfig {
    for (let k = this.log.length - 1; k >= 0; k--) {
      const e = this.log[k]!;
      if (e.index > index) continue;
      if (e.payload.type === "configChange" || e.payload.type === "snapshotPointer") return e.payload.membership;
    }
    return initialMembership(this.nodeId);
  }

  initialState(): InitialState {
    const last = this.log[this.log.length - 1];
    return { lastLogIndex: last?.index ?? 0, lastLogTerm: last?.term ?? 0, lastAppliedLog: this.lastApplied, hardState: this.hs ?? NO_HARD_STATE, membership: this.membershipAt(this.lastIndex) };
  }

  /** The state machine after the normal entries of the log through `index`, from the snapshot's. */
  kvAt(index: number): Map<string, string> {
    const kv = new Map(this.snapshot?.kv ?? []);
    for (const e of this.log) if (e.index > (this.snapshot?.index ?? 0) && e.index <= index && e.payload.type === "normal") applyKv(kv, e.payload.data);
    return kv;
  }

  /** Apply an acknowledged call; an application's expected answers. */
  apply(effect: Effect): KvResponse[] {
    switch (effect.kind) {
      case "place":
        for (const e of effect.entries) this.#place(e);
        return [];
      case "delete": {
        const stop = effect.stop ?? Number.MAX_SAFE_INTEGER;
        this.log = this.log.filter((e) => e.index < effect.start || e.index >= stop);
        return [];
      }
      case "hard-state":
        this.hs = effect.hs;
        return [];
      case "apply":
        return effect.items.map(({ index, data }) => {
          this.lastApplied = index;
          return applyKv(this.kv, data);
        });
      case "compact":
        this.#compact();
        return [];
      case "install":
        this.#install(effect);
        return [];
    }
  }

  /** The snapshot a compaction now makes (index 0 when nothing was applied). */
  compaction(): SnapshotModel {
    const index = this.lastApplied;
    return { index, term: this.at(index)?.term ?? 0, membership: this.membershipAt(index), kv: new Map(this.kv) };
  }

  /** Learn the ids of the pointers in `read` (entries a store returned, already found equal). */
  learnIds(read: readonly Entry[]): void {
    for (const e of read) {
      const mine = this.at(e.index);
      if (mine?.payload.type === "snapshotPointer" && mine.payload.id === UNKNOWN_ID && e.payload.type === "snapshotPointer") {
        this.log[e.index - this.firstIndex] = { ...mine, payload: { ...mine.payload, id: e.payload.id } };
      }
    }
  }

  /** Whether an entry like `e` was ever written. */
  wasWritten(e: Entry): boolean {
    return this.written.has(entryKey(e));
  }

  #place(e: Entry): void {
    this.written.add(entryKey(e));
    const held = this.at(e.index);
    if (held !== undefined && sameEntry(held, e)) return;
    if (held !== undefined) this.log = this.log.filter((x) => x.index < e.index);
    this.log.push(e);
  }

  #compact(): void {
    const snap = this.compaction();
    const pointer: Entry = { index: snap.index, term: snap.term, payload: { type: "snapshotPointer", id: UNKNOWN_ID, membership: snap.membership } };
    this.log = [pointer, ...this.log.filter((e) => e.index > snap.index)];
    this.written.add(entryKey(pointer));
    this.snapshot = snap;
  }

  #install(x: Extract<Effect, { kind: "install" }>): void {
    const membership = x.contents.membership;
    const kept = x.deleteThrough === undefined ? [] : this.log.filter((e) => e.index > x.deleteThrough! && e.index !== x.index);
    const pointer: Entry = { index: x.index, term: x.term, payload: { type: "snapshotPointer", id: x.id, membership } };
    this.log = [...kept.filter((e) => e.index < x.index), pointer, ...kept.filter((e) => e.index > x.index)];
    this.written.add(entryKey(pointer));
    this.kv = snapshotKv(x.contents);
    this.lastApplied = x.index;
    this.snapshot = { index: x.index, term: x.term, membership, kv: snapshotKv(x.contents) };
  }
}

/** An entry as a key of `written`: a pointer without its id (a compaction's is learnt late). */
function entryKey(e: Entry): string {
  const p = e.payload;
  const shown = p.type === "snapshotPointer" || p.type === "configChange" ? { type: p.type, membership: canonicalMembership(p.membership) } : p;
  return `${e.index}@${e.term} ${JSON.stringify(shown)}`;
}

/** The id of a pointer whose id the model has not read yet: matches any. */
export const UNKNOWN_ID = "";

/** `got` equals the model's `want`, a pointer of unknown id matching any id. */
export function matchesModel(got: Entry, want: Entry): boolean {
  return sameEntry(got, want, want.payload.type === "snapshotPointer" && want.payload.id === UNKNOWN_ID);
}
