/**
 * The store-control ops every target built on the store core shares: releases and fault
 * counters. Their JSON shape, schemas, readable form, shrinking and generation live here once.
 */
import { z } from "zod";
import type { Rng } from "../../index.js";
import type { CompletionOrder } from "./store-core.js";

export type StoreControlOp =
  | { readonly t: "releaseNext"; readonly order: CompletionOrder }
  | { readonly t: "releaseSpecific"; readonly pick: number }
  | { readonly t: "releaseAll"; readonly order: CompletionOrder }
  | { readonly t: "failSubmissions"; readonly n: number }
  | { readonly t: "failCommits"; readonly n: number }
  | { readonly t: "delayWrites"; readonly n: number }
  | { readonly t: "autoComplete"; readonly on: boolean };

export type StoreControlType = StoreControlOp["t"];

export const STORE_CONTROL_TYPES: readonly StoreControlType[] = [
  "releaseNext",
  "releaseSpecific",
  "releaseAll",
  "failSubmissions",
  "failCommits",
  "delayWrites",
  "autoComplete",
];

/**
 * A 31-bit digest of numbers and short strings, for folding an op's contents into the trace hash
 * (so a replay whose op contents changed cannot keep the recorded hash).
 */
export function digestOf(parts: readonly (number | string | null)[]): number {
  let h = DIGEST_SEED;
  for (const p of parts) h = typeof p === "number" ? foldNumber(h, p) : foldText(h, p);
  return h >>> 1;
}

/** {@link digestOf} of two texts, without the array (it runs for every record of every upsert). */
export function digestOfTexts(a: string | null, b: string | null): number {
  return foldText(foldText(DIGEST_SEED, a), b) >>> 1;
}

const DIGEST_SEED = 0x2545f491;

/**
 * {@link digestOf} of numbers folded one at a time, for hot paths that would otherwise build the
 * array: `h = DIGEST_START`, then `h = foldDigest(h, x)` for each number, and the digest is `h >>> 1`.
 */
export const DIGEST_START = DIGEST_SEED;

export function foldDigest(h: number, x: number): number {
  return foldNumber(h, x);
}

function foldNumber(h: number, p: number): number {
  h = Math.imul(h ^ (p | 0), 0x9e3779b1) ^ Math.floor(p / 4294967296);
  return h ^ (h >>> 15);
}

function foldText(h: number, p: string | null): number {
  if (p === null) h = Math.imul(h ^ 0x55, 0x85ebca6b);
  else for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** Default weights of the control ops in a workload table (the target weights its own ops). */
export const STORE_CONTROL_WEIGHTS: Readonly<Record<StoreControlType, number>> = {
  releaseNext: 8,
  releaseSpecific: 4,
  releaseAll: 3,
  failSubmissions: 2,
  failCommits: 2,
  delayWrites: 4,
  autoComplete: 3,
};

const CONTROL_TYPES: ReadonlySet<string> = new Set(STORE_CONTROL_TYPES);

/** True for a store-control op (asked once per step, hence a set). */
export function isStoreControl(op: { readonly t: string }): op is StoreControlOp {
  return CONTROL_TYPES.has(op.t);
}

const order = z.enum(["oldestFirst", "newestFirst"]);
const count = z.number().int().min(1).max(1000);

/** Schemas of the control ops, to spread into a target's discriminated union of ops. */
export const STORE_CONTROL_SCHEMAS = [
  z.strictObject({ t: z.literal("releaseNext"), order }),
  z.strictObject({ t: z.literal("releaseSpecific"), pick: z.number().int().nonnegative() }),
  z.strictObject({ t: z.literal("releaseAll"), order }),
  z.strictObject({ t: z.literal("failSubmissions"), n: count }),
  z.strictObject({ t: z.literal("failCommits"), n: count }),
  z.strictObject({ t: z.literal("delayWrites"), n: count }),
  z.strictObject({ t: z.literal("autoComplete"), on: z.boolean() }),
] as const;

export function describeStoreControl(op: StoreControlOp): string {
  switch (op.t) {
    case "releaseNext":
      return `releaseNext(${op.order})`;
    case "releaseSpecific":
      return `releaseSpecific(pending #${op.pick} mod count)`;
    case "releaseAll":
      return `releaseAll(${op.order})`;
    case "failSubmissions":
      return `failNextSubmissions(${op.n})`;
    case "failCommits":
      return `failNextCommits(${op.n})`;
    case "delayWrites":
      return `delayNextWrites(${op.n})`;
    case "autoComplete":
      return `setAutoComplete(${op.on})`;
  }
}

/** Simpler variants of a control op: counts of 1, the first pending write. */
export function shrinkStoreControl(op: StoreControlOp): StoreControlOp[] {
  switch (op.t) {
    case "failSubmissions":
    case "failCommits":
    case "delayWrites":
      return op.n > 1 ? [{ ...op, n: 1 }] : [];
    case "releaseSpecific":
      return op.pick > 0 ? [{ ...op, pick: 0 }] : [];
    default:
      return [];
  }
}

/** A random control op of type `t`. */
export function drawStoreControl(t: StoreControlType, rng: Rng): StoreControlOp {
  switch (t) {
    case "releaseNext":
    case "releaseAll":
      return { t, order: rng.chance(0.5) ? "oldestFirst" : "newestFirst" };
    case "releaseSpecific":
      return { t, pick: rng.int(64) };
    case "failSubmissions":
    case "failCommits":
    case "delayWrites":
      return { t, n: rng.range(1, 3) };
    case "autoComplete":
      // Manual completion piles writes up; switching back on is likelier so queues drain.
      return { t, on: rng.chance(0.6) };
  }
}
