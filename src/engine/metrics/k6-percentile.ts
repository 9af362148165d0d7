/**
 * k6's percentile definition (metrics.TrendSink.P, the same in k6 v0.49 and v2.2): over the
 * sorted samples, rank i = fraction × (count − 1); the value is linearly interpolated between
 * the samples at floor(i) and ceil(i). For 0..5 that gives med 2.5, p(90) 4.5, p(95) 4.75.
 * The arithmetic is done in the same order as k6's Go code, so results agree to the bit.
 */

/** The fraction k6 passes to P() for a `p(N)` stat or threshold: N / 100, `med` is 0.5. */
export function percentileFraction(percentile: number): number {
  return percentile / 100;
}

/** The rank k6 interpolates at: fraction × (count − 1); floor and ceil of it index the sorted samples. */
export function k6Rank(fraction: number, count: number): number {
  return fraction * (count - 1);
}

/** k6's interpolation between the samples `below` (at floor(rank)) and `above` (at ceil(rank)). */
export function interpolate(below: number, above: number, rank: number): number {
  return below + (above - below) * (rank - Math.floor(rank));
}

/**
 * k6's P(fraction) over ascending `sorted` (only the first `count` entries are read):
 * 0 without samples, the sample itself with one. `fraction` is 0..1 (k6 rejects p(N) above 100).
 */
export function k6Percentile(sorted: ArrayLike<number>, count: number, fraction: number): number {
  if (count === 0) return 0;
  if (count === 1) return sorted[0] as number;
  const rank = k6Rank(fraction, count);
  return interpolate(sorted[Math.floor(rank)] as number, sorted[Math.ceil(rank)] as number, rank);
}

