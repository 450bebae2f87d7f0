/**
 * Small numeric helpers for the benchmark suite: summarising repeated timings (median, min, max)
 * and printing numbers readably (thousands separators), so every bench reports the same way.
 */

/** Median, min and max of a non-empty sample. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty sample");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** An integer with thousands separators: 1234567.8 -> "1,234,568". */
export function formatInt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Milliseconds with one decimal and separators: 1234.56 -> "1,234.6 ms". */
export function formatMs(value: number): string {
  return `${value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ms`;
}

/**
 * Per-pair ratios a[i] / b[i] of two samples taken interleaved (A B A B ...), summarised: the two
 * runs of a pair saw the same stretch of a shared machine, so their ratio is steadier than the
 * ratio of the medians.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): Summary {
  return summarize(paired(a, b).map(([x, y]) => x / y));
}

/** Per-pair differences a[i] - b[i] of two interleaved samples, summarised. */
export function pairedDifferences(a: readonly number[], b: readonly number[]): Summary {
  return summarize(paired(a, b).map(([x, y]) => x - y));
}

function paired(a: readonly number[], b: readonly number[]): [number, number][] {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return a.map((x, i) => [x, b[i] as number]);
}

/** "12 (10 .. 15)": median, then min .. max, each through `format`. */
export function formatSummary(s: Summary, format: (v: number) => string): string {
  return `${format(s.median)} (${format(s.min)} .. ${format(s.max)})`;
}

/** A ratio with two decimals: 1.234 -> "1.23x". */
export function formatRatio(value: number): string {
  return `${value.toFixed(2)}x`;
}
