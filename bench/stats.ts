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
