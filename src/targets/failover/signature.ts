/**
 * Stable signatures (the seed's `*_signature` functions): a value's canonical encoding (JSON with
 * object keys sorted, no whitespace), prefixed by what kind of value it is, hashed with SHA-256
 * from node:crypto. The same value gives the same signature in any process and key order; two
 * kinds never share one. Shown as `sha256:<hex>`.
 */
import { createHash } from "node:crypto";
import type { BudgetResult, Observation } from "./budget.js";
import type { BackendContract, CertificationArtifact } from "./contract.js";

/** JSON with sorted object keys; throws on what JSON cannot carry exactly (undefined, NaN, functions). */
export function canonical(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot sign a non-finite number (${value})`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  throw new Error(`cannot sign a ${typeof value}`);
}

export function signature(kind: string, value: unknown): string {
  return `sha256:${createHash("sha256").update(`${kind}\n${canonical(value)}`).digest("hex")}`;
}

export const backendSignature = (b: BackendContract): string => signature("simctl.failover.backend/1", b);
export const observationSignature = (o: Observation): string => signature("simctl.failover.observation/1", o);
export const budgetResultSignature = (r: BudgetResult): string => signature("simctl.failover.budget-result/1", r);
export const artifactSignature = (a: CertificationArtifact): string => signature("simctl.failover.artifact/1", a);

/** Over a whole matrix: the backends' signatures in name order, so the order they are listed in does not matter. */
export function matrixSignature(backends: readonly BackendContract[]): string {
  const sigs = [...backends].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(backendSignature);
  return signature("simctl.failover.matrix/1", sigs);
}
