/**
 * Exponentially distributed durations from recorded integer decisions.
 *
 * A delay, a clog, a pause or a downtime is drawn through `ctx.faults.draw` as an integer `u`
 * uniform in [0, {@link U_RANGE}), and only `u` is recorded: a replay file holds integers, never
 * floats, and a replay on any machine turns `u` into the same duration. That needs a transform
 * that gives the same bits everywhere, so the logarithm is computed here with the four IEEE
 * operations only (each exactly rounded by every engine): `Math.log` is implementation-defined
 * in ECMAScript and could differ in its last bit between engines, which `Math.round` can turn
 * into a different millisecond and a different trace hash.
 */

/** The number of distinct values of a uniform decision `u`. */
export const U_RANGE = 1_000_000;
/** The largest `u`: draw with `ctx.faults.draw(kind, p, 0, U_MAX)`. */
export const U_MAX = U_RANGE - 1;

const LN2 = 0.6931471805599453;
/** Terms of the atanh series: |s| <= 1/3, so 1/3^(2*20) is far below a double's precision. */
const SERIES_TERMS = 20;

/**
 * The standard exponential quantile of `u`: -ln(1 - u / U_RANGE), 0 for u = 0 and about 13.8 for
 * `U_MAX` (mean 1 over uniform `u`).
 */
export function expQuantile(u: number): number {
  let x = 1 - u / U_RANGE;
  // x = m * 2^-k with m in [0.5, 1]: doubling is exact, so the reduction loses nothing.
  let k = 0;
  while (x < 0.5) {
    x *= 2;
    k++;
  }
  // ln(m) = 2 atanh(s), s = (m - 1) / (m + 1) in [-1/3, 0]: a fast, alternating-free series.
  const s = (x - 1) / (x + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let i = 0; i < SERIES_TERMS; i++) {
    sum += term / (2 * i + 1);
    term *= s2;
  }
  return k * LN2 - 2 * sum;
}

/**
 * A duration in whole ms, exponentially distributed with mean `meanMs` over uniform `u`
 * (rounded, not floored: flooring would bias a 2 ms mean down to about 1.5 ms).
 */
export function exponentialMs(meanMs: number, u: number): number {
  return meanMs > 0 ? Math.round(meanMs * expQuantile(u)) : 0;
}
