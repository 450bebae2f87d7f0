/**
 * A user's backend contract as a module (what `--backend FILE.ts` loads, in a worker): the default
 * export is the contract. Computing it in code lets a team keep its artifact names, or its SLO,
 * in one place:
 *
 *   npx simctl certify --backend ./examples/backend-contract.ts --seeds 100 --out certification/
 *
 * A Postgres leader row guarded by a synchronous quorum, 12 s to a serving primary, no loss.
 */
import type { BackendContract } from "simctl-dst/failover";

const name = "pg-leader-row";

const contract: BackendContract = {
  name,
  class: "sql-quorum",
  durableStore: "postgres",
  takeoverRequiresFencing: true,
  recoveryRequiresReplay: false,
  continuitySloMs: 12_000,
  maxDataLossEvents: 0,
  supportedPressures: ["nominal", "dependency-degraded", "dependency-partitioned"],
  artifact: { tuningGuide: `${name}-tuning.md`, certificationReport: `${name}-certification.md`, evidenceManifest: `${name}-evidence.json` },
};

export default contract;
