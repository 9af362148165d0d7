/**
 * The change a side-by-side run measured, pair by pair: base and head measured in pairs, each
 * pair's order drawn at random (AB or BA), so within a pair both builds met the same machine.
 * A machine whose speed drifts by 1.5x over a few minutes moves both values of a pair together,
 * which an unpaired test (Mann–Whitney on the two sides' samples) sees as noise; the ratio
 * inside a pair does not move with it.
 *
 * d_i = ln(head_i / base_i); the change is the geometric mean ratio exp(mean d) with Student's
 * t interval (Student 1908; e.g. Rice, "Mathematical Statistics and Data Analysis", 3rd ed.,
 * §11.3). Values that are 0 or negative (an error rate of 0) cannot be logged: then
 * d_i = head_i − base_i. The gate tests the same t statistic by permutation
 * (compare/paired-permutation.ts), which needs no normality; Student's p is kept for callers
 * outside the gate.
 */
import { gammaln, mean, sampleStandardDeviation } from 'simple-statistics';

export interface PairedTestResult {
  /** Pairs tested. */
  n: number;
  /** `log`: d = ln(head/base); `difference`: d = head − base (some value was ≤ 0). */
  scale: 'log' | 'difference';
  /** d per pair, in the order given. */
  d: number[];
  /** Mean of d. */
  meanD: number;
  /** Confidence interval of the mean of d (t-based); null with fewer than 2 pairs. */
  lo: number | null;
  hi: number | null;
  /** Two-sided p of the paired t-test; 1 when every d is the same (no spread, no shift) or n < 2. */
  p: number;
}

/**
 * Tests whether head differs from base over pairs `base[i]`, `head[i]`.
 * @param confidence of the mean's interval. @default 0.95
 */
export function pairedTest(base: readonly number[], head: readonly number[], confidence = 0.95): PairedTestResult {
  if (base.length !== head.length) throw new Error(`pairedTest needs pairs: ${base.length} base values, ${head.length} head values`);
  const n = base.length;
  const positive = [...base, ...head].every((v) => v > 0);
  const d = base.map((b, i) => (positive ? Math.log((head[i] as number) / b) : (head[i] as number) - b));
  const scale = positive ? 'log' : 'difference';
  if (n < 2) return { n, scale, d, meanD: n === 1 ? (d[0] as number) : 0, lo: null, hi: null, p: 1 };
  const m = mean(d);
  const sd = sampleStandardDeviation(d);
  const se = sd / Math.sqrt(n);
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * se;
  if (se === 0) return { n, scale, d, meanD: m, lo: m, hi: m, p: m === 0 ? 1 : 0 };
  return { n, scale, d, meanD: m, lo: m - half, hi: m + half, p: studentTTwoSidedP(m / se, n - 1) };
}

/**
 * P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: the regularized incomplete beta
 * I_x(df/2, 1/2) at x = df / (df + t²) (Abramowitz & Stegun 26.7.1 with 26.5.27).
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The q-quantile of Student's t with `df` degrees of freedom (bisection on the distribution function). */
export function studentTQuantile(q: number, df: number): number {
  if (q === 0.5) return 0;
  if (q < 0.5) return -studentTQuantile(1 - q, df);
  const upperTail = 2 * (1 - q);
  let lo = 0;
  let hi = 1;
  while (studentTTwoSidedP(hi, df) > upperTail) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTTwoSidedP(mid, df) > upperTail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * I_x(a, b), by the continued fraction of Numerical Recipes (Press et al., 3rd ed., §6.4,
 * `betacf`, modified Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it
 * converges faster.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + even * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + even / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + odd * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + odd / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}
