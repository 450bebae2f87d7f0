/**
 * The workloads are the benchmark profiles. `mixed-latency`: mostly point reads and writes, some
 * small batches and stream consumes. `heavy-data`: mostly big batch writes and reads. Both now
 * and then fire a burst of requests past the driver's capacity (maxInFlight + maxQueueDepth), so
 * that its queue bound and backpressure are exercised. A stream driver produces and consumes. Kinds the driver does not declare (a batch
 * without batch-read/-write, a consume without checkpoint-resume) are never drawn.
 */
import { WeightedChoice, type Rng, type Weights } from "../../index.js";
import type { BenchmarkProfile, DriverContract } from "./contract.js";
import type { RequestKind } from "./model.js";
import type { DriverOp } from "./ops.js";
import type { ServiceOptions } from "./profiles.js";

export const WORKLOADS: Record<BenchmarkProfile, string> = {
  "mixed-latency": "mostly point reads and writes, some batches and stream consumes, against a service with a slow mode, tail spikes and transient errors",
  "heavy-data": "mostly batch writes and reads of 500-5000 rows, against a throughput-bound service",
};

type OpKind = RequestKind | "burst";

const WEIGHTS: Record<BenchmarkProfile, Weights<OpKind>> = {
  "mixed-latency": { read: 40, write: 30, "batch-read": 5, "batch-write": 5, consume: 12, burst: 0.3 },
  "heavy-data": { read: 5, write: 5, "batch-read": 30, "batch-write": 40, consume: 12, burst: 0.3 },
};

/** Records a consume asks for. */
const CONSUME_RECORDS = [10, 50, 100] as const;
const KEYS = 64;

export class DriverWorkload {
  readonly #choice: WeightedChoice<OpKind>;
  #id = 0;

  constructor(
    profile: BenchmarkProfile,
    readonly contract: DriverContract,
    readonly service: ServiceOptions,
    readonly rng: Rng,
    weights: (defaults: Weights<OpKind>) => Weights<OpKind>,
  ) {
    this.#choice = new WeightedChoice(weights(supported(WEIGHTS[profile], contract)));
  }

  next(): DriverOp {
    const kind = this.#choice.pick(this.rng);
    if (kind === "burst") {
      const c = this.contract;
      const n = c.maxInFlight + c.maxQueueDepth + 1 + this.rng.int(16);
      const id = this.#id + 1;
      this.#id += n;
      return { t: "burst", kind: "read", n, rows: 1, id };
    }
    return { t: "req", kind, key: this.rng.int(KEYS), rows: this.#rows(kind), id: ++this.#id };
  }

  #rows(kind: RequestKind): number {
    if (kind === "consume") return this.rng.pick(CONSUME_RECORDS);
    if (kind === "batch-read" || kind === "batch-write") return this.rng.range(this.service.batchRowsMin, this.service.batchRowsMax);
    return 1;
  }
}

/**
 * The profile's weights with the kinds the driver cannot do switched off. A stream driver has no
 * point or batch reads: its traffic is produce (writes) and consume, half and half.
 */
function supported(weights: Weights<OpKind>, c: DriverContract): Weights<OpKind> {
  const has = (cap: DriverContract["capabilities"][number]): boolean => c.capabilities.includes(cap);
  if (c.class === "stream") {
    const half = (weights.read + weights.write + weights["batch-read"] + weights["batch-write"] + weights.consume) / 2;
    return { read: 0, "batch-read": 0, write: has("batch-write") ? half / 2 : half, "batch-write": has("batch-write") ? half / 2 : 0, consume: has("checkpoint-resume") ? half : 0, burst: weights.burst };
  }
  return {
    ...weights,
    "batch-read": has("batch-read") ? weights["batch-read"] : 0,
    "batch-write": has("batch-write") ? weights["batch-write"] : 0,
    consume: has("checkpoint-resume") ? weights.consume : 0,
  };
}
