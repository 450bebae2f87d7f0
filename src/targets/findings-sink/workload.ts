/**
 * The findings-sink workloads. `default`: batches mixing new rows, exact replays of earlier
 * batches, conflicting rows, orphans, malformed rows and observation updates, with reads,
 * releases and fault-counter ops. `swizzle-clog`: the shared clog-and-shuffle rounds over a few
 * hot observations (with their parents), so delayed batches race on the same rows.
 */
import type { Rng, Weights } from "../../index.js";
import { SWIZZLE_WEIGHTS, SwizzleClogWorkload, hotKeysInGroups, type SwizzleTarget } from "../shared/swizzle-clog.js";
import { STORE_CONTROL_WEIGHTS } from "../shared/store-ops.js";
import { WeightedStoreWorkload } from "../shared/weighted-workload.js";
import { FINDING_IDS, OBSERVATION_IDS, OCCURRENCE_IDS, TENANTS } from "./model.js";
import { TABLES } from "./kinds.js";
import type { BatchSpec, FindingSpec, ObservationSpec, OccurrenceSpec, SinkDataOp, SinkOp, SinkOpType } from "./ops.js";

export interface SinkWorkload {
  next(): SinkOp;
}

/** The weights of the sink's own ops (the built-in and the plugged workloads start from them). */
export const DATA_WEIGHTS: Weights<SinkKind> = { upsert: 35, replay: 8, getFinding: 4, getOccurrence: 4, getObservation: 6, snapshot: 2, counts: 2 };

export const DEFAULT_WEIGHTS: Weights<SinkOpType> = { ...DATA_WEIGHTS, ...STORE_CONTROL_WEIGHTS };

/** How often a generated row deviates from its canonical form. */
const CONFLICT_P = 0.04;
const MALFORMED_P = 0.02;
const HISTORY = 16;

/** Draws batches: canonical rows mostly, so most batches are accepted and replays dedupe. */
export class BatchSource {
  readonly #history: BatchSpec[] = [];
  /** Scratch ids, consumed within one `batch` call and never kept (no arrays per batch). */
  readonly #picked: number[] = [];

  constructor(
    readonly rng: Rng,
    readonly nowMs: () => number,
  ) {}

  /**
   * A batch over random observations, or over `observations` when given. Draw order (part of every
   * trace): all observation ids, then each observation's fields; which of them name their
   * occurrence, plus maybe one random occurrence; each occurrence's fields; which occurrences name
   * their finding, plus maybe one random finding; each finding's version; a malformed finding;
   * the tenant.
   */
  batch(observations?: readonly number[], tenant?: number): BatchSpec {
    const rng = this.rng;
    const obs = this.#observations(observations);
    const picked = this.#picked;
    let n = 0;
    for (const o of obs) if (rng.chance(0.65)) picked[n++] = o.occurrence;
    if (rng.chance(0.4)) picked[n++] = rng.int(OCCURRENCE_IDS);
    const occ = new Array<OccurrenceSpec>(n);
    for (let i = 0; i < n; i++) occ[i] = this.#occurrence(picked[i]!);
    n = 0;
    for (const o of occ) if (rng.chance(0.65)) picked[n++] = o.finding;
    if (rng.chance(0.3)) picked[n++] = rng.int(FINDING_IDS);
    const findings = new Array<FindingSpec>(n);
    for (let i = 0; i < n; i++) findings[i] = { id: picked[i]!, v: rng.chance(CONFLICT_P) ? 2 : 1 };
    if (rng.chance(MALFORMED_P)) findings.push({ id: -1, v: 1 });
    const spec: BatchSpec = { tenant: tenant ?? rng.int(TENANTS.length), findings, occurrences: occ, observations: obs };
    this.#history.push(spec);
    if (this.#history.length > HISTORY) this.#history.shift();
    return spec;
  }

  /** The batch's observations: over `ids`, or over 0-3 random ids (all drawn before any row). */
  #observations(ids: readonly number[] | undefined): ObservationSpec[] {
    if (ids !== undefined) {
      const obs = new Array<ObservationSpec>(ids.length);
      for (let i = 0; i < ids.length; i++) obs[i] = this.#observation(ids[i]!);
      return obs;
    }
    const random = this.#picked;
    const count = this.rng.range(0, 3);
    for (let i = 0; i < count; i++) random[i] = this.rng.int(OBSERVATION_IDS);
    const obs = new Array<ObservationSpec>(count);
    for (let i = 0; i < count; i++) obs[i] = this.#observation(random[i]!);
    return obs;
  }

  /** An earlier batch, verbatim (or a new one when there is none yet). */
  replay(): BatchSpec {
    return this.#history.length === 0 ? this.batch() : this.rng.pick(this.#history);
  }

  #occurrence(id: number): OccurrenceSpec {
    const rng = this.rng;
    const finding = rng.chance(CONFLICT_P) ? (id + 1) % FINDING_IDS : id % FINDING_IDS;
    return { id, finding, v: rng.chance(CONFLICT_P) ? 2 : 1 };
  }

  #observation(id: number): ObservationSpec {
    const rng = this.rng;
    return {
      id,
      occurrence: rng.chance(CONFLICT_P) ? (id + 3) % OCCURRENCE_IDS : id % OCCURRENCE_IDS,
      identity: rng.chance(CONFLICT_P) ? 1 : 0,
      seenAt: rng.chance(MALFORMED_P) ? -1 : this.nowMs() + rng.int(20),
      location: rng.int(3),
      run: rng.int(20),
    };
  }
}

export type SinkKind = SinkDataOp["t"] | "replay";

export class DefaultSinkWorkload extends WeightedStoreWorkload<SinkDataOp, SinkKind> implements SinkWorkload {
  constructor(
    readonly batches: BatchSource,
    weights: Weights<SinkOpType>,
  ) {
    super(batches.rng, weights);
  }

  protected draw(t: SinkKind): SinkDataOp {
    return drawSinkData(t, this.batches);
  }
}

/** An op of kind `t` (the built-in and the plugged workloads draw them alike). */
export function drawSinkData(t: SinkKind, batches: BatchSource): SinkDataOp {
  const rng = batches.rng;
  switch (t) {
    case "upsert":
      return { t, batch: batches.batch() };
    case "replay":
      return { t: "upsert", batch: batches.replay(), replay: true };
    case "getFinding":
      return { t, tenant: rng.int(TENANTS.length), id: rng.int(FINDING_IDS) };
    case "getOccurrence":
      return { t, tenant: rng.int(TENANTS.length), id: rng.int(OCCURRENCE_IDS) };
    case "getObservation":
      return { t, tenant: rng.int(TENANTS.length), id: rng.int(OBSERVATION_IDS) };
    case "snapshot":
      return { t, table: rng.pick(TABLES) };
    case "counts":
      return { t };
  }
}

/** Swizzle-clog over hot observations: key index = tenant * OBSERVATION_IDS + observation id. */
export function sinkSwizzle(batches: BatchSource): SwizzleTarget<SinkDataOp> {
  const split = (hot: readonly number[]) => ({ tenant: Math.floor(hot[0]! / OBSERVATION_IDS), ids: hot.map((k) => k % OBSERVATION_IDS) });
  return {
    hotKeys: (rng) => hotKeysInGroups(rng, rng.range(2, 3), TENANTS.length * OBSERVATION_IDS, OBSERVATION_IDS),
    batch: (hot) => {
      const { tenant, ids } = split(hot);
      // Now and then an exact replay of an earlier batch races the clogged ones.
      if (batches.rng.chance(0.15)) return { t: "upsert", batch: batches.replay(), replay: true };
      return { t: "upsert", batch: batches.batch(ids.filter(() => batches.rng.chance(0.7)), tenant) };
    },
    read: (hot) => {
      const rng = batches.rng;
      const k = rng.pick(hot);
      const [tenant, id] = [Math.floor(k / OBSERVATION_IDS), k % OBSERVATION_IDS];
      const roll = rng.int(8);
      if (roll === 0) return { t: "counts" };
      if (roll === 1) return { t: "getFinding", tenant, id: id % FINDING_IDS };
      if (roll === 2) return { t: "getOccurrence", tenant, id: id % OCCURRENCE_IDS };
      return { t: "getObservation", tenant, id };
    },
    snapshot: () => ({ t: "snapshot", table: "observations" }),
  };
}

export function sinkWorkload(name: string, batches: BatchSource, weights: <K extends string>(defaults: Weights<K>) => Weights<K>): SinkWorkload {
  if (name === "swizzle-clog") return new SwizzleClogWorkload(batches.rng, weights(SWIZZLE_WEIGHTS), sinkSwizzle(batches));
  return new DefaultSinkWorkload(batches, weights(DEFAULT_WEIGHTS));
}
