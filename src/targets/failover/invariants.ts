/**
 * The invariants of every failover run, judged as the store and the clients see effects happen
 * (so a violation is reported at the step that caused it), against the oracle and the contract:
 *
 * - F0 a lease is granted only after the previous holder's ran out;
 * - F1 fencing: the store accepts writes only from the current epoch's holder;
 * - F2 no acknowledged write is lost beyond the contract's `maxDataLossEvents`;
 * - F3 a write is acknowledged only after the store accepted it (a fenced write never is);
 * - F4 after recovery the new primary's state equals the store's: every write acknowledged before
 *   its takeover, and nothing the store never accepted;
 * - F5 a failed primary's lease runs out within the continuity SLO of its failure;
 * - FX the manager keeps its contract (answers, reported state).
 */
import type { RunContext, Violation } from "../../index.js";
import type { BackendContract } from "./contract.js";
import { KEYS, keyName, serverName, type JournalRecord, type LeaseRecord, type Value } from "./model.js";
import type { FailoverOracle } from "./oracle.js";

export const INVARIANTS = {
  F0: "lease exclusivity: a lease is granted only after the previous holder's lease ran out",
  F1: "fencing: the store accepts a write only from the current epoch's holder (when the contract requires fencing)",
  F2: "durability: no more acknowledged writes are lost than the contract's maxDataLossEvents",
  F3: "durable acknowledgement: a write is acknowledged only after the store accepted it; a fenced write never is",
  F4: "recovery: a new primary serves the store's state, with every write acknowledged before its takeover and nothing the store never accepted",
  F5: "continuity: a failed primary's lease runs out within the contract's continuity SLO of its failure",
  FX: "manager contract: the failover manager keeps its contract: write answers are ok, not-primary, unavailable or fenced; a serving primary reports one list of write ids per key",
} as const;

export type InvariantId = keyof typeof INVARIANTS;

export class FailoverChecker {
  readonly #found: Violation[] = [];
  readonly #reported = new Set<InvariantId>();

  constructor(
    readonly ctx: RunContext,
    readonly contract: BackendContract,
    readonly oracle: FailoverOracle,
  ) {}

  granted(lease: LeaseRecord, previous: LeaseRecord): void {
    const now = this.ctx.nowMs();
    this.oracle.grant(lease, now);
    if (previous.holder !== 0 && now < previous.expiresAtMs) {
      this.#fail("F0", `epoch ${lease.epoch} granted to ${serverName(lease.holder)} at ${now} ms while ${serverName(previous.holder)}'s epoch ${previous.epoch} lease runs until ${previous.expiresAtMs} ms`);
    }
  }

  accepted(record: JournalRecord, from: number, before: Value, current: LeaseRecord): void {
    this.oracle.accepted.add(record.writeId);
    const holder = this.oracle.grants[record.epoch]?.holder;
    if (this.contract.takeoverRequiresFencing && (record.epoch !== current.epoch || holder !== from)) {
      const who = holder === from ? `after epoch ${current.epoch} was granted to ${serverName(current.holder)}` : `but epoch ${record.epoch} belongs to ${holder === undefined ? "nobody" : serverName(holder)}`;
      this.#fail("F1", `the store accepted write ${record.writeId} to ${keyName(record.key)} from ${serverName(from)} at epoch ${record.epoch} ${who}`);
    }
    const lost = this.oracle.droppedBy(record.key, before, record.value);
    if (lost.length === 0) return;
    for (const id of lost) this.oracle.dropped.add(id);
    if (this.oracle.dropped.size > this.contract.maxDataLossEvents) {
      this.#fail("F2", `write ${record.writeId} from ${serverName(from)} (epoch ${record.epoch}) set ${keyName(record.key)} from a stale view, dropping acknowledged write${lost.length === 1 ? "" : "s"} ${lost.join(", ")}: ${this.oracle.dropped.size} lost, over the contract's ${this.contract.maxDataLossEvents}`);
    }
  }

  fenced(id: number): void {
    this.oracle.fenceRejections++;
    this.oracle.fenced.add(id);
  }

  acked(id: number, key: number, node: number): void {
    this.oracle.ack(id, { key, node, atMs: this.ctx.nowMs() });
    if (this.oracle.accepted.has(id)) return;
    const why = this.oracle.fenced.has(id) ? " (the store refused it as fenced)" : "";
    this.#fail("F3", `${serverName(node)} acknowledged write ${id} to ${keyName(key)} before the store accepted it${why}`);
  }

  serving(node: number, epoch: number, values: readonly Value[]): void {
    if (!wellFormed(values)) return this.#fail("FX", `${serverName(node)} began serving epoch ${epoch} with a state that is not one list of write ids per key (${KEYS.length} keys)`);
    const grantAt = this.oracle.grants[epoch]?.atMs ?? Infinity;
    for (const [id, ack] of this.oracle.acked) {
      if (ack.atMs > grantAt || this.oracle.dropped.has(id) || values[ack.key]!.includes(id)) continue;
      return this.#fail("F4", `${serverName(node)} began serving epoch ${epoch} without write ${id} to ${keyName(ack.key)}, acknowledged by ${serverName(ack.node)} at ${ack.atMs} ms, before the takeover at ${grantAt} ms`);
    }
    for (let k = 0; k < KEYS.length; k++) {
      const stray = values[k]!.find((id) => !this.oracle.accepted.has(id));
      if (stray !== undefined) return this.#fail("F4", `${serverName(node)} began serving epoch ${epoch} with write ${stray} in ${keyName(k)}, which the store never accepted`);
    }
  }

  /** A primary holding `lease` failed now. */
  failed(node: number, lease: LeaseRecord): void {
    if (lease.holder !== node) return;
    const now = this.ctx.nowMs();
    const waitMs = lease.expiresAtMs - now;
    if (waitMs > this.contract.continuitySloMs) {
      this.#fail("F5", `${serverName(node)} failed at ${now} ms holding a lease until ${lease.expiresAtMs} ms: no successor can take over for ${waitMs} ms, over the ${this.contract.continuitySloMs} ms continuity SLO`);
    }
  }

  malformed(message: string): void {
    this.#fail("FX", message);
  }

  /** At the end: the store holds every acknowledged write, within the contract's loss allowance. */
  final(values: readonly Value[]): number {
    const missing = this.oracle.missing(values);
    if (missing.length > this.contract.maxDataLossEvents && !this.#reported.has("F2")) {
      this.#fail("F2", `the store lost ${missing.length} acknowledged write${missing.length === 1 ? "" : "s"} (${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", ..." : ""}), over the contract's ${this.contract.maxDataLossEvents}`);
    }
    return missing.length;
  }

  take(): readonly Violation[] {
    return this.#found.splice(0);
  }

  /** One report per invariant per run: the first is the one that explains the rest. */
  #fail(id: InvariantId, message: string): void {
    if (this.#reported.has(id)) return;
    this.#reported.add(id);
    this.#found.push(this.ctx.violation(id, message));
  }
}

function wellFormed(values: readonly Value[]): boolean {
  return Array.isArray(values) && values.length === KEYS.length && values.every((v) => Array.isArray(v) && v.every((id) => Number.isSafeInteger(id)));
}
