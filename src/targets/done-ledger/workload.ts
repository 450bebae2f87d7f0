/**
 * The done-ledger workloads. `default`: weighted upserts (batches of 1-8 records over 32 keys, so
 * batches collide), reads, releases and fault-counter ops. `swizzle-clog`: the shared clog-and-
 * shuffle rounds (see shared/swizzle-clog.ts) over this ledger's hot keys and reads.
 */
import type { Rng, Weights } from "../../index.js";
import { SWIZZLE_WEIGHTS, SwizzleClogWorkload, hotKeysInGroups, type SwizzleTarget } from "../shared/swizzle-clog.js";
import { STORE_CONTROL_WEIGHTS } from "../shared/store-ops.js";
import { WeightedStoreWorkload } from "../shared/weighted-workload.js";
import { KEYS, OVIDS, POLICIES, TENANTS } from "./model.js";
import type { LedgerDataOp, LedgerOp, LedgerOpType } from "./ops.js";
import type { RecordSource } from "./records.js";

/** A workload draws the next op; it may keep state across ops (phases). */
export interface LedgerWorkload {
  next(): LedgerOp;
}

/** The weights of the ledger's own ops (the built-in and the plugged workloads start from them). */
export const DATA_WEIGHTS: Weights<LedgerDataOp["t"]> = { upsert: 40, get: 12, getRecord: 6, snapshot: 2 };

export const DEFAULT_WEIGHTS: Weights<LedgerOpType> = { ...DATA_WEIGHTS, ...STORE_CONTROL_WEIGHTS };

export const BATCH_MAX = 8;

export class DefaultWorkload extends WeightedStoreWorkload<LedgerDataOp, LedgerDataOp["t"]> implements LedgerWorkload {
  constructor(
    readonly records: RecordSource,
    weights: Weights<LedgerOpType>,
  ) {
    super(records.rng, weights);
  }

  protected draw(t: LedgerDataOp["t"]): LedgerDataOp {
    return t === "upsert" ? { t, recs: this.records.batch(this.rng.range(1, BATCH_MAX)) } : drawLedgerRead(t, this.records);
  }
}

/** A read op of kind `t` (the built-in and the plugged workloads draw them alike). */
export function drawLedgerRead(t: "get" | "getRecord" | "snapshot", records: RecordSource): LedgerDataOp {
  const rng = records.rng;
  switch (t) {
    case "get":
      return { t, tenant: rng.int(TENANTS.length), policy: rng.int(POLICIES.length), ovids: records.ovids() };
    case "getRecord":
      return { t, k: rng.int(KEYS.length) };
    case "snapshot":
      return { t };
  }
}

/** The ledger's part of swizzle-clog: hot keys mostly in one tenant/policy group. */
export function ledgerSwizzle(records: RecordSource): SwizzleTarget<LedgerDataOp> {
  return {
    hotKeys: (rng: Rng) => hotKeysInGroups(rng, rng.range(3, 5), KEYS.length, OVIDS.length),
    batch: (hot) => ({ t: "upsert", recs: records.batch(records.rng.range(1, 4), hot) }),
    read: (hot) => readHot(records.rng, hot),
    snapshot: () => ({ t: "snapshot" }),
  };
}

/** A batchGet of hot keys that share a tenant and policy (or a getRecord when none do). */
function readHot(rng: Rng, hot: readonly number[]): LedgerDataOp {
  const k = rng.pick(hot);
  const group = Math.floor(k / OVIDS.length);
  const ovids = hot.filter((h) => Math.floor(h / OVIDS.length) === group).map((h) => h % OVIDS.length);
  if (ovids.length < 2) return { t: "getRecord", k };
  return { t: "get", tenant: Math.floor(group / POLICIES.length) % TENANTS.length, policy: group % POLICIES.length, ovids };
}

/** The workload a run asked for, with its weights (overrides and swarm applied by the kernel). */
export function ledgerWorkload(name: string, records: RecordSource, weights: <K extends string>(defaults: Weights<K>) => Weights<K>): LedgerWorkload {
  if (name === "swizzle-clog") return new SwizzleClogWorkload(records.rng, weights(SWIZZLE_WEIGHTS), ledgerSwizzle(records));
  return new DefaultWorkload(records, weights(DEFAULT_WEIGHTS));
}
