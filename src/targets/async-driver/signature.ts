/**
 * Stable signatures of async-driver values (the seed's `*_signature` functions and
 * `capability_matrix_signature`): src/targets/shared/signature.ts's canonical encoding and SHA-256,
 * each under its own kind, so the same value signs the same in any key order and two kinds never
 * share a signature.
 */
import { signature } from "../shared/signature.js";
import type { Benchmark, BudgetResult } from "./budget.js";
import type { DriverContract } from "./contract.js";
import { supportedDrivers } from "./drivers.js";

export const driverSignature = (d: DriverContract): string => signature("simctl.async-driver.driver/1", d);
export const benchmarkSignature = (b: Benchmark): string => signature("simctl.async-driver.benchmark/1", b);
export const budgetResultSignature = (r: BudgetResult): string => signature("simctl.async-driver.budget-result/1", r);

// Code-unit order, not localeCompare: the order must not depend on the host's locale.
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which driver has which capability, and nothing else: drivers sorted by name, each with its
 * capabilities sorted, so neither the order of the drivers nor of a capability list changes it.
 * A list, not an object keyed by name, so two contracts of one name both count.
 */
export function capabilityMatrixSignature(drivers: readonly DriverContract[] = supportedDrivers()): string {
  const rows = [...drivers].sort((a, b) => byCodeUnits(a.name, b.name)).map((d) => ({ name: d.name, capabilities: [...d.capabilities].sort(byCodeUnits) }));
  return signature("simctl.async-driver.capability-matrix/1", rows);
}
