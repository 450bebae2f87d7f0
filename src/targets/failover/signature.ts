/**
 * Stable signatures (the seed's `*_signature` functions): a value's canonical encoding (JSON with
 * object keys sorted, no whitespace), prefixed by what kind of value it is, hashed with SHA-256
 * (src/targets/shared/signature.ts). The same value gives the same signature in
 * any process and key order; two kinds never share one. Shown as `sha256:<hex>`.
 */
import { canonical, signature } from "../shared/signature.js";
import type { BudgetResult, Observation } from "./budget.js";
import type { BackendContract, CertificationArtifact } from "./contract.js";

export { canonical, signature };

export const backendSignature = (b: BackendContract): string => signature("simctl.failover.backend/1", b);
export const observationSignature = (o: Observation): string => signature("simctl.failover.observation/1", o);
export const budgetResultSignature = (r: BudgetResult): string => signature("simctl.failover.budget-result/1", r);
export const artifactSignature = (a: CertificationArtifact): string => signature("simctl.failover.artifact/1", a);

/** Over a whole matrix: the backends' signatures in name order, so the order they are listed in does not matter. */
export function matrixSignature(backends: readonly BackendContract[]): string {
  const sigs = [...backends].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(backendSignature);
  return signature("simctl.failover.matrix/1", sigs);
}
