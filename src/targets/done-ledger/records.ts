/**
 * Record generation shared by the done-ledger workloads. Records are valid as writers produce
 * them (I3, I4 hold on input); timestamps are drawn in a narrow window around the simulated clock,
 * so provenance ties and out-of-order freshness both happen often.
 */
import type { Rng } from "../../index.js";
import { KEYS, OVIDS, STATUSES, type Status } from "./model.js";
import type { KeyedRecord } from "./oracle.js";

const ERROR_CODES = ["E_TIMEOUT", "E_IO", "E_DENIED"] as const;
/** Run ids, built once: a template string per record was a visible share of the step's garbage. */
const RUN_IDS: readonly string[] = Array.from({ length: 40 }, (_, i) => `run-${i}`);

export class RecordSource {
  constructor(
    readonly rng: Rng,
    readonly nowMs: () => number,
  ) {}

  /** One record for key index `k` (a random key when omitted). */
  record(k: number = this.rng.int(KEYS.length)): KeyedRecord {
    const rng = this.rng;
    const status: Status = rng.pick(STATUSES);
    const startedAt = this.nowMs() + rng.int(8);
    return {
      k,
      status,
      bytesScanned: rng.int(1000),
      findingsCount: findingsFor(status, rng),
      startedAt,
      finishedAt: startedAt + rng.int(8),
      errorCode: status === "failed_retryable" || status === "failed_permanent" ? rng.pick(ERROR_CODES) : null,
      runId: RUN_IDS[rng.int(RUN_IDS.length)]!,
    };
  }

  /** `n` records over the given key indices (any key when `keys` is omitted). */
  batch(n: number, keys?: readonly number[]): KeyedRecord[] {
    const recs = new Array<KeyedRecord>(n);
    for (let i = 0; i < n; i++) recs[i] = this.record(keys === undefined ? undefined : this.rng.pick(keys));
    return recs;
  }

  /** 1-4 ovid indices for a batchGet. */
  ovids(): number[] {
    const n = this.rng.range(1, 4);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.rng.int(OVIDS.length);
    return out;
  }
}

/** A count that agrees with the status (I3): 0 when clean, >= 1 with findings, anything else. */
function findingsFor(status: Status, rng: Rng): number {
  if (status === "scanned_clean") return 0;
  if (status === "scanned_with_findings") return rng.range(1, 5);
  return rng.int(4);
}
