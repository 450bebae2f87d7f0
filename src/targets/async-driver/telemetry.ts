/**
 * The telemetry a driver emits under its contract's metric names: counters, gauges and latency
 * histograms (a count and a sum: what the invariants compare; the benchmark keeps its own
 * HdrHistogram from the harness's side). Kept by the harness, so it survives the driver and can be
 * checked against what happened (invariant D8).
 */
export interface Telemetry {
  /** Add `n` (default 1) to counter `metric`. */
  count(metric: string, n?: number): void;
  /** Set gauge `metric` to `value`. */
  gauge(metric: string, value: number): void;
  /** Record one latency sample of `ms` in histogram `metric`. */
  observe(metric: string, ms: number): void;
}

export class Metrics implements Telemetry {
  readonly counters = new Map<string, number>();
  readonly gauges = new Map<string, number>();
  readonly samples = new Map<string, number>();
  /** The largest value each gauge was set to. */
  readonly peaks = new Map<string, number>();

  count(metric: string, n = 1): void {
    this.counters.set(metric, (this.counters.get(metric) ?? 0) + n);
  }

  gauge(metric: string, value: number): void {
    this.gauges.set(metric, value);
    if (value > (this.peaks.get(metric) ?? -Infinity)) this.peaks.set(metric, value);
  }

  observe(metric: string, _ms: number): void {
    this.samples.set(metric, (this.samples.get(metric) ?? 0) + 1);
  }
}
