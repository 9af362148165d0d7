/**
 * The median and its distribution-free confidence interval (benchstat's default,
 * "assume nothing": golang.org/x/perf/benchmath AssumeNothing, which uses
 * github.com/aclements/go-moremath/stats QuantileCI).
 *
 * The number of samples below the population median is Binomial(n, 0.5), so the
 * interval [x(l), x(r)] between two order statistics covers the median with
 * probability P(l ≤ K < r), K ~ Binomial(n, 0.5) (e.g. Conover, "Practical
 * Nonparametric Statistics", 3rd ed., §3.2; http://www.milefoot.com/math/stat/ci-medians.htm).
 */
import type { SampleSummary } from '../compare/model.js';
import { goChoose, goNormalCdf, goNormalInvCdf } from './go-math.js';

/** Above this n the binomial is replaced by its normal approximation (as in go-moremath). */
export const EXACT_QUANTILE_CI_MAX_N = 30;

/** Order statistics (1-based) bounding a quantile's confidence interval. */
export interface QuantileCiOrders {
  /** 1-based order statistic of the lower bound; 0 means −∞ (sample too small). */
  loOrder: number;
  /** 1-based order statistic of the upper bound; n + 1 means +∞. */
  hiOrder: number;
  /** Actual coverage of [x(lo), x(hi)], ≥ the requested confidence. */
  coverage: number;
}

/**
 * P(K = k) for K ~ Binomial(n, p); 0 outside 0..n. Computed as go-moremath does —
 * C(n, k) · p^k · (1−p)^(n−k) with its C(n, k) — because the interval below compares
 * neighbouring masses: above n = 20 that C(n, k) comes from exp(lgamma(…) − lgamma(…) −
 * lgamma(…)), so C(n, k) and C(n, n−k) can differ in the last bit, and benchstat's
 * interval then widens towards the larger one (e.g. n = 24 at 95%).
 */
export function binomialPmf(n: number, p: number, k: number): number {
  const ki = Math.floor(k);
  if (ki < 0 || ki > n) return 0;
  return goChoose(n, ki) * Math.pow(p, ki) * Math.pow(1 - p, n - ki);
}

/**
 * Order statistics of the q-quantile's confidence interval for a sample of size n.
 * n ≤ 30: exact — start at the binomial mode (the lower mode on ties) and add the larger
 * neighbouring mass (the left one on ties) until the coverage reaches `confidence`.
 * n > 30: normal approximation with continuity correction, then an optional left bias
 * when it still meets the confidence with less coverage.
 * Known (q = 0.5, 0.95): n=6 → [1, 6] (0.969), n=10 → [2, 9], n=20 → [6, 15], n ≤ 5 → unbounded.
 */
export function quantileCiOrders(n: number, q: number, confidence: number): QuantileCiOrders {
  if (confidence >= 1) return { loOrder: 0, hiOrder: n + 1, coverage: 1 };
  let l: number;
  let r: number;
  let coverage: number;
  if (n <= EXACT_QUANTILE_CI_MAX_N) {
    const x = q === 0 ? 0 : Math.ceil((n + 1) * q) - 1;
    coverage = binomialPmf(n, q, x);
    // [l, r) is the summed band of K values.
    l = x;
    r = x + 1;
    let lp = binomialPmf(n, q, l - 1);
    let rp = binomialPmf(n, q, r);
    while (coverage < confidence && (lp > 0 || rp > 0)) {
      if (lp >= rp) {
        coverage += lp;
        l--;
        lp = binomialPmf(n, q, l - 1);
      } else {
        coverage += rp;
        r++;
        rp = binomialPmf(n, q, r);
      }
    }
  } else {
    // go-moremath's arithmetic (its normal CDF and inverse), so the rounding to order
    // statistics lands where benchstat's does.
    const mu = n * q;
    const sigma = Math.sqrt(n * q * (1 - q));
    const cdf = (lo: number, hi: number): number => goNormalCdf(hi - 0.5, mu, sigma) - goNormalCdf(lo - 0.5, mu, sigma);
    const l1 = goNormalInvCdf((1 - confidence) / 2, mu, sigma);
    const r1 = 2 * mu - l1;
    // Round out to the k ± 0.5 bands of the continuity correction.
    l = Math.floor(Math.floor(l1 - 0.5) + 0.5) + 1;
    r = Math.floor(Math.ceil(r1 - 0.5) + 0.5) + 1;
    coverage = cdf(l, r);
    const biased = cdf(l, r - 1);
    if (biased >= confidence && biased < coverage) {
      coverage = biased;
      r -= 1;
    }
    if (l <= 0 && r >= n + 1) coverage = 1;
  }
  return { loOrder: Math.max(l, 0), hiOrder: Math.min(r, n + 1), coverage };
}

/** Smallest n ≥ 2 whose median CI at `confidence` is bounded (6 at 0.95); null above 50. */
export function minSamplesForMedianCi(confidence: number): number | null {
  for (let n = 2; n <= 50; n++) {
    const ci = quantileCiOrders(n, 0.5, confidence);
    if (ci.loOrder > 0 && ci.hiOrder <= n) return n;
  }
  return null;
}

/** Linear-interpolated quantile of an ascending sample (the median for q = 0.5). */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  if (lo + 1 >= sorted.length || pos === lo) return a;
  return a + (pos - lo) * ((sorted[lo + 1] as number) - a);
}

/** Median of an ascending sample. */
export function medianOfSorted(sorted: readonly number[]): number {
  return quantileOfSorted(sorted, 0.5);
}

/**
 * The q-quantile of an ascending sample by Hyndman & Fan's method 8, with go-moremath's
 * floating-point steps (Sample.Quantile): benchstat's median. Mathematically the median
 * equals `medianOfSorted`'s; in floating point the interpolation weight for an even n is
 * not always exactly ½, and benchstat's CSV prints every digit.
 */
export function quantileR8OfSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (q <= 0) return sorted[0] as number;
  if (q >= 1) return sorted[n - 1] as number;
  const pos = 1 / 3 + q * (n + 1 / 3);
  const k = Math.trunc(pos);
  const frac = pos - k;
  if (k <= 0) return sorted[0] as number;
  if (k >= n) return sorted[n - 1] as number;
  const lo = sorted[k - 1] as number;
  return lo + frac * ((sorted[k] as number) - lo);
}

/** Ascending copy, NaNs first, as Go's sort.Float64s orders them. */
export function sortFloatsGo(values: readonly number[]): number[] {
  return [...values].sort((a, b) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b));
}

/** Median with its CI bounds (±Infinity when the sample is too small for the confidence). */
export interface MedianCi {
  center: number;
  lo: number;
  hi: number;
  coverage: number;
}

/** The median and its distribution-free CI of a sample (any order). */
export function medianCi(values: readonly number[], confidence = 0.95): MedianCi {
  const sorted = sortFloatsGo(values);
  const orders = quantileCiOrders(sorted.length, 0.5, confidence);
  const lo = orders.loOrder < 1 ? -Infinity : (sorted[orders.loOrder - 1] as number);
  const hi = orders.hiOrder - 1 >= sorted.length ? Infinity : (sorted[orders.hiOrder - 1] as number);
  return { center: quantileR8OfSorted(sorted, 0.5), lo, hi, coverage: orders.coverage };
}

/**
 * The half-width of a CI in % of its center: max(hi/center − 1, 1 − lo/center) × 100
 * (benchmath Summary.PctRangeString). Infinity when unbounded, null when a bound has a
 * different sign from the center (not expressible in %), 0 when all three are 0.
 */
export function ciHalfWidthPct(center: number, lo: number, hi: number): number | null {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return Infinity;
  if (Math.sign(center) !== Math.sign(lo) || Math.sign(center) !== Math.sign(hi)) return null;
  if (center === 0) return 0;
  return 100 * Math.max(hi / center - 1, 1 - lo / center);
}

/** `need >= 6 samples for confidence interval at level 0.95` */
export function medianCiNote(confidence: number): string {
  const need = minSamplesForMedianCi(confidence);
  return need === null
    ? `need > 50 samples for confidence interval at level ${confidence}`
    : `need >= ${need} samples for confidence interval at level ${confidence}`;
}

/**
 * Summary of one side's samples for the Comparison model: median, CI bounds (null when
 * unbounded), the ± in % (unrounded; render with whole percent) and the "need >= 6" note.
 * @param confidence CI confidence level. @default 0.95
 */
export function summarizeSamples(values: readonly number[], confidence = 0.95): SampleSummary {
  if (values.length === 0) {
    return { n: 0, values: [], center: NaN, lo: null, hi: null, ciPct: null, note: 'no samples' };
  }
  const ci = medianCi(values, confidence);
  const bounded = Number.isFinite(ci.lo) && Number.isFinite(ci.hi);
  const pct = bounded ? ciHalfWidthPct(ci.center, ci.lo, ci.hi) : null;
  const summary: SampleSummary = {
    n: values.length,
    values: [...values],
    center: ci.center,
    lo: bounded ? ci.lo : null,
    hi: bounded ? ci.hi : null,
    ciPct: pct,
  };
  if (!bounded) summary.note = medianCiNote(confidence);
  return summary;
}
