/**
 * The whole-matrix functions of the seed, certification verdicts per planted bug, and the
 * determinism of what a certification signs.
 */
import { describe, expect, it } from "vitest";
import {
  backendMatrixCertified,
  buildEvidence,
  certifyBackend,
  expandedBackends,
  PRESSURE_PROFILES,
  runPressureMatrix,
  takeoverFencingRecoveryCertified,
  type BackendCertification,
} from "../../../src/targets/failover/index.js";

const options = (bug: string | null, seeds = 8) => ({ seeds, seedBase: 0, ops: 100, bug });

/** Every failing reason of a certification, one per line. */
function reasons(cert: BackendCertification): string {
  return cert.cells.flatMap((c) => c.results.filter((r) => !r.passed).map((r) => r.reason)).join("\n");
}

describe("failover matrix", { timeout: 60_000 }, () => {
  it("runPressureMatrix observes every backend under every pressure, one observation per seed", async () => {
    const observations = await runPressureMatrix(3);
    expect(observations).toHaveLength(expandedBackends().length * PRESSURE_PROFILES.length * 3);
    for (const b of expandedBackends()) for (const p of PRESSURE_PROFILES) expect(observations.filter((o) => o.backend === b.name && o.pressure === p)).toHaveLength(3);
    expect(observations.every((o) => o.takeoverMs > 0 && o.continuityMet && o.dataLossEvents === 0)).toBe(true);
  });

  it("the built-in matrix keeps takeover, fencing and recovery, and is certified", async () => {
    expect(await takeoverFencingRecoveryCertified()).toBe(true);
    expect(await backendMatrixCertified(5)).toBe(true);
  });

  it("the same seeds give the same evidence, signatures included; other seeds other evidence", async () => {
    const [b] = expandedBackends();
    const one = buildEvidence(await certifyBackend(b!, options(null, 4)));
    const two = buildEvidence(await certifyBackend(b!, options(null, 4)));
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    const other = buildEvidence(await certifyBackend(b!, { ...options(null, 4), seedBase: 100 }));
    expect(other.signature).not.toBe(one.signature);
  });

  const ALL = ["etcd-lease", "kafka-log", "s3-manifest", "postgres-sync-quorum"];
  const expected: Record<string, { backends: string[]; reason: RegExp; pressure: (typeof PRESSURE_PROFILES)[number]; seeds: number }> = {
    // Stale writes need a primary cut off with writes in flight; a slow store makes that common.
    "no-fencing": { backends: ALL, reason: /F1 \(fencing\)/, pressure: "dependency-degraded", seeds: 12 },
    "skip-replay": { backends: ["kafka-log"], reason: /F4 \(recovery\)/, pressure: "nominal", seeds: 8 },
    "ack-before-durable": { backends: ALL, reason: /F3 \(durable acknowledgement\)/, pressure: "nominal", seeds: 4 },
    "long-lease": { backends: ALL, reason: /p95 takeover \d+ ms over \d+ runs exceeds the nominal budget's 2000 ms/, pressure: "nominal", seeds: 3 },
    "early-takeover": { backends: ["kafka-log", "s3-manifest", "postgres-sync-quorum"], reason: /F0 \(lease exclusivity\)/, pressure: "nominal", seeds: 4 },
  };
  for (const [bug, want] of Object.entries(expected)) {
    it(`${bug} fails certification of ${want.backends.join(", ")} with its reason`, async () => {
      for (const backend of expandedBackends()) {
        const cert = await certifyBackend(backend, options(bug, want.seeds), [want.pressure]);
        if (want.backends.includes(backend.name)) {
          expect(cert.certified, backend.name).toBe(false);
          expect(reasons(cert), backend.name).toMatch(want.reason);
        } else {
          // A consensus lease is expired by the store itself; a log-less backend has nothing to replay.
          expect(cert.certified, `${backend.name}: ${reasons(cert)}`).toBe(true);
        }
      }
    });
  }
});
