/**
 * The seed's whole-matrix functions, over the built-in backends (`expandedBackends()`):
 *
 * - `runPressureMatrix`: every backend under every pressure it supports, one observation per seed;
 * - `takeoverFencingRecoveryCertified`: the failover semantics hold for every class: in every run
 *   under nominal pressure a standby took over with a higher epoch and recovered within the
 *   continuity SLO, no invariant broke, and every class fenced a stale primary's writes at least
 *   once (a run whose primary was cut off with writes in flight);
 * - `backendMatrixCertified`: every built-in contract is valid and certified under its pressures.
 *
 * All deterministic: the same seeds give the same answer on any machine.
 */
import type { Observation } from "./budget.js";
import { expandedBackends } from "./backends.js";
import type { CertifyOptions } from "./certification-types.js";
import { CERTIFY_OPS, certifyBackend, certifyRun } from "./certify.js";

/** Seeds per backend and pressure when none are given: enough to see every failure mode. */
export const MATRIX_SEEDS = 20;

function optionsOf(seeds: number, seedBase: number): CertifyOptions {
  return { seeds, seedBase, ops: CERTIFY_OPS, bug: null };
}

export async function runPressureMatrix(seeds = MATRIX_SEEDS, seedBase = 0): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const backend of expandedBackends()) {
    for (const pressure of backend.supportedPressures) {
      for (let i = 0; i < seeds; i++) out.push((await certifyRun(backend, pressure, seedBase + i, optionsOf(seeds, seedBase))).observation);
    }
  }
  return out;
}

export async function takeoverFencingRecoveryCertified(seeds = MATRIX_SEEDS, seedBase = 0): Promise<boolean> {
  for (const backend of expandedBackends()) {
    let fenced = 0;
    for (let i = 0; i < seeds; i++) {
      const run = await certifyRun(backend, "nominal", seedBase + i, optionsOf(seeds, seedBase));
      const o = run.observation;
      if (run.violations.length > 0 || o.takeoverMs <= 0 || !o.continuityMet || o.dataLossEvents > backend.maxDataLossEvents) return false;
      fenced += o.fenceRejections;
    }
    if (backend.takeoverRequiresFencing && fenced === 0) return false;
  }
  return true;
}

export async function backendMatrixCertified(seeds = MATRIX_SEEDS, seedBase = 0): Promise<boolean> {
  for (const backend of expandedBackends()) {
    if (!(await certifyBackend(backend, optionsOf(seeds, seedBase))).certified) return false;
  }
  return true;
}
