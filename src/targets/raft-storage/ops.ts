/**
 * The raft-storage target's ops: what the Raft node driving the store does next, as plain JSON for
 * replay files. An op is an intention, resolved against the model when it runs (its index, its
 * range, the entries it re-sends), not when it is drawn: ops queue behind the call in flight, as a
 * Raft node's storage calls do, and a crash drops the call in flight, so the state an op meets is
 * known only then. Deleting an op (shrinking) therefore never makes a later one meaningless.
 */
import { z } from "zod";
import { parseWith } from "../../index.js";

/** A new entry's payload: `key` picks one of KEYS, `m` and `j` are member bitmasks (1..31, 0 = none). */
export interface PayloadSpec {
  readonly k: "set" | "del" | "config" | "blank";
  readonly key: number;
  readonly m: number;
  readonly j: number;
}

export type RaftStorageOp =
  /** As leader, append one entry after the last. */
  | { readonly t: "append"; readonly e: PayloadSpec }
  /** As follower, replicate new entries, re-sending up to `back` entries the log already holds. */
  | { readonly t: "replicate"; readonly back: number; readonly es: readonly PayloadSpec[] }
  /** A new leader's conflict: delete from `back` entries before the end (never a committed one). */
  | { readonly t: "truncate"; readonly back: number; readonly stop: boolean }
  /** Save the hard state: a new term when `bump`, a vote for node `vote` (-1: none). */
  | { readonly t: "vote"; readonly bump: boolean; readonly vote: number }
  /** Commit and apply the next normal entry. */
  | { readonly t: "apply" }
  /** Commit and apply the next `n` normal entries in one batch. */
  | { readonly t: "apply-batch"; readonly n: number }
  | { readonly t: "compact" }
  /**
   * The leader streams a snapshot in `chunks` chunks: `ahead` > 0, one `ahead` entries past the log
   * (everything deleted); 0, one within the log at a position `pick` chooses (deleted through it).
   * `m` (0: none) is a new membership the leader's snapshot carries.
   */
  | { readonly t: "install"; readonly ahead: number; readonly pick: number; readonly chunks: number; readonly m: number }
  /** getLogEntries over a range at `at` percent of the log (and 2 entries either side), `len` long. */
  | { readonly t: "read"; readonly at: number; readonly len: number }
  | { readonly t: "state" }
  | { readonly t: "membership" }
  | { readonly t: "snapshot" }
  /** Power loss: the disk keeps what was synced (and what its faults decide); the store is rebuilt. */
  | { readonly t: "crash" }
  /** The process restarts: every write issued stays; the store is rebuilt. */
  | { readonly t: "restart" };

export type RaftStorageOpType = RaftStorageOp["t"];

export const KEYS = ["a", "b", "c", "d", "e", "f", "g", "h"] as const;
export const MEMBER_MASK_MAX = 31;
export const BACK_MAX = 3;
export const BATCH_MAX = 4;

const mask = z.number().int().min(0).max(MEMBER_MASK_MAX);
const SpecSchema = z.strictObject({ k: z.enum(["set", "del", "config", "blank"]), key: z.number().int().min(0).max(KEYS.length - 1), m: mask, j: mask });
const back = z.number().int().min(0).max(BACK_MAX);

const OpSchema = z.discriminatedUnion("t", [
  z.strictObject({ t: z.literal("append"), e: SpecSchema }),
  z.strictObject({ t: z.literal("replicate"), back, es: z.array(SpecSchema).min(1).max(BATCH_MAX) }),
  z.strictObject({ t: z.literal("truncate"), back, stop: z.boolean() }),
  z.strictObject({ t: z.literal("vote"), bump: z.boolean(), vote: z.number().int().min(-1).max(4) }),
  z.strictObject({ t: z.literal("apply") }),
  z.strictObject({ t: z.literal("apply-batch"), n: z.number().int().min(1).max(BATCH_MAX) }),
  z.strictObject({ t: z.literal("compact") }),
  z.strictObject({ t: z.literal("install"), ahead: z.number().int().min(0).max(4), pick: z.number().int().min(0).max(99), chunks: z.number().int().min(1).max(3), m: mask }),
  z.strictObject({ t: z.literal("read"), at: z.number().int().min(0).max(100), len: z.number().int().min(0).max(12) }),
  z.strictObject({ t: z.literal("state") }),
  z.strictObject({ t: z.literal("membership") }),
  z.strictObject({ t: z.literal("snapshot") }),
  z.strictObject({ t: z.literal("crash") }),
  z.strictObject({ t: z.literal("restart") }),
]);

export function parseRaftStorageOp(json: unknown): RaftStorageOp {
  return parseWith(OpSchema, json, "not a raft-storage op");
}

/** The node ids of a member bitmask. */
export function members(m: number): number[] {
  const out: number[] = [];
  for (let id = 0; id < 5; id++) if ((m & (1 << id)) !== 0) out.push(id);
  return out;
}

export function describeSpec(s: PayloadSpec): string {
  switch (s.k) {
    case "set":
    case "del":
      return `${s.k} ${KEYS[s.key]}`;
    case "config":
      return `config {${members(s.m).join(",")}}${s.j === 0 ? "" : `->{${members(s.j).join(",")}}`}`;
    case "blank":
      return "blank";
  }
}

export function describeRaftStorageOp(op: RaftStorageOp): string {
  switch (op.t) {
    case "append":
      return `append ${describeSpec(op.e)}`;
    case "replicate":
      return `replicate [${op.es.map(describeSpec).join(", ")}]${op.back > 0 ? `, re-sending up to ${op.back}` : ""}`;
    case "truncate":
      return `delete a conflicting suffix from ${op.back} before the end${op.stop ? " (stop given)" : ""}`;
    case "vote":
      return `save hard state: ${op.bump ? "new term, " : ""}${op.vote < 0 ? "no vote" : `vote for ${op.vote}`}`;
    case "apply":
      return "apply the next entry";
    case "apply-batch":
      return `apply the next ${op.n} entries in a batch`;
    case "compact":
      return "compact the log";
    case "install":
      return `install a leader's snapshot ${op.ahead > 0 ? `${op.ahead} past the log` : `within the log (pick ${op.pick})`} in ${op.chunks} chunk${op.chunks > 1 ? "s" : ""}${op.m === 0 ? "" : `, membership {${members(op.m).join(",")}}`}`;
    case "read":
      return `getLogEntries at ${op.at}% of the log, ${op.len} long`;
    case "state":
      return "getInitialState";
    case "membership":
      return "getMembershipConfig";
    case "snapshot":
      return "getCurrentSnapshot";
    case "crash":
      return "crash (power loss) and recover";
    case "restart":
      return "restart the process and recover";
  }
}

const BLANK: PayloadSpec = { k: "blank", key: 0, m: 0, j: 0 };

/** Simpler variants for the shrinker: fewer entries, blank payloads, smaller numbers. */
export function shrinkRaftStorageOp(op: RaftStorageOp): RaftStorageOp[] {
  switch (op.t) {
    case "append":
      return op.e.k === "blank" ? [] : [{ ...op, e: BLANK }];
    case "replicate":
      return [...(op.es.length > 1 ? [{ ...op, es: op.es.slice(0, 1) }] : []), ...(op.back > 0 ? [{ ...op, back: 0 }] : [])];
    case "truncate":
      return [...(op.stop ? [{ ...op, stop: false }] : []), ...(op.back > 0 ? [{ ...op, back: 0 }] : [])];
    case "apply-batch":
      return [{ t: "apply" }];
    case "install":
      return [...(op.chunks > 1 ? [{ ...op, chunks: 1 }] : []), ...(op.m !== 0 ? [{ ...op, m: 0 }] : [])];
    case "read":
      return op.len > 1 ? [{ ...op, len: 1 }] : [];
    case "restart":
      return [];
    default:
      return [];
  }
}
