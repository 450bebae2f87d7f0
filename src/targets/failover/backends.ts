/**
 * The built-in backend matrix (the seed's `expanded_backends`): at least one backend per class,
 * each promising what its mechanics can keep (contract.ts's rules), with artifact names of its own.
 */
import { PRESSURE_PROFILES, type BackendClass, type BackendContract } from "./contract.js";

function backend(name: string, cls: BackendClass, durableStore: string, continuitySloMs: number, replay: boolean): BackendContract {
  return {
    name,
    class: cls,
    durableStore,
    takeoverRequiresFencing: true,
    recoveryRequiresReplay: replay,
    continuitySloMs,
    maxDataLossEvents: 0,
    supportedPressures: PRESSURE_PROFILES,
    artifact: { tuningGuide: `${name}-tuning.md`, certificationReport: `${name}-certification.md`, evidenceManifest: `${name}-evidence.json` },
  };
}

export function expandedBackends(): BackendContract[] {
  return [
    backend("postgres-sync-quorum", "sql-quorum", "postgres", 10_000, false),
    backend("etcd-lease", "kv-consensus", "etcd", 10_000, false),
    backend("kafka-log", "log-replicated", "kafka", 15_000, true),
    backend("s3-manifest", "object-manifest", "s3", 20_000, false),
  ];
}
