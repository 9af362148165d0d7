/**
 * Expected changes: "after this optimisation p(95) is at most 0.5× the baseline". Judged
 * with a distribution-free confidence interval of the ratio head/base: the Hodges–Lehmann
 * shift estimate and its Moses interval (Hollander, Wolfe & Chicken, Nonparametric
 * Statistical Methods, 3rd ed., §4.3; Bauer 1972, JASA 67:687) applied to log values, so
 * the shift is a scale factor. The n·m pairwise log-ratios log(h_j / b_i) are sorted as
 * D(1) ≤ … ≤ D(nm); the interval is [D(C), D(nm + 1 − C)] where C − 1 is the largest u
 * with P(U ≤ u) ≤ (1 − confidence)/2 under the Mann–Whitney null distribution of U
 * (exact up to 50 per side, normal approximation beyond). It assumes only that head is
 * base scaled by a constant factor, plus noise of any shape.
 * Verified ("met") only when the whole interval is at or below the factor (direction
 * 'lower'), or at or above it ('higher').
 */
import type { Direction, ExpectedChange } from '../results/results.js';
import { normalInvCdf } from './normal.js';

export interface ExpectationVerdict {
  factor: number;
  /** Hodges–Lehmann estimate of head/base: the median of the pairwise ratios; null without data. */
  ratio: number | null;
  /** Interval of head/base at `confidence`; null when the samples are too few (or not all > 0). */
  ratioLo: number | null;
  ratioHi: number | null;
  confidence: number;
  /** True only when the whole interval is on the expected side of the factor. */
  met: boolean;
  /** Why not met, or what limited the judgement. */
  note?: string;
}

/** Largest side up to which the exact null distribution of U is used. */
export const EXACT_RATIO_CI_LIMIT = 50;

/**
 * P(U ≤ u) for u = 0 … nm under H0, U = #{(x, y): y < x}, by the recurrence
 * p(n, m, u) = n/(n+m)·p(n−1, m, u−m) + m/(n+m)·p(n, m−1, u) (Mann & Whitney 1947):
 * the largest of the n+m values is an x (which beats all m y's) or a y.
 */
export function mannWhitneyNullCdf(n: number, m: number): number[] {
  // prev[j]: the distribution for (i−1, j); rows are built for i = 1 … n.
  let prev: Float64Array[] = Array.from({ length: m + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= n; i++) {
    const row: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= m; j++) {
      const size = i * j + 1;
      const out = new Float64Array(size);
      const left = prev[j] as Float64Array; // (i−1, j): the largest value is an x, U gains j
      const down = row[j - 1] as Float64Array; // (i, j−1): the largest value is a y
      for (let u = 0; u < size; u++) {
        const a = u - j >= 0 && u - j < left.length ? (left[u - j] as number) : 0;
        const b = u < down.length ? (down[u] as number) : 0;
        out[u] = (i / (i + j)) * a + (j / (i + j)) * b;
      }
      row.push(out);
    }
    prev = row;
  }
  const pmf = prev[m] as Float64Array;
  const cdf: number[] = [];
  let acc = 0;
  for (const p of pmf) cdf.push((acc += p));
  return cdf;
}

/**
 * The order C of the interval's lower end (1-based), or 0 when even [D(1), D(nm)] does
 * not reach the confidence.
 */
export function ratioCiOrder(n: number, m: number, confidence: number): number {
  const tail = (1 - confidence) / 2;
  if (n <= EXACT_RATIO_CI_LIMIT && m <= EXACT_RATIO_CI_LIMIT) {
    const cdf = mannWhitneyNullCdf(n, m);
    let c = 0;
    while (c < cdf.length && (cdf[c] as number) <= tail + 1e-12) c++;
    return c; // P(U ≤ c−1) ≤ tail < P(U ≤ c)
  }
  // Hollander & Wolfe (4.41): C ≈ nm/2 − z·sqrt(nm(n+m+1)/12).
  const z = normalInvCdf(1 - tail);
  return Math.max(0, Math.round((n * m) / 2 - z * Math.sqrt((n * m * (n + m + 1)) / 12)));
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Smallest equal sample size per side for which the interval exists at `confidence`. */
export function minSamplesForRatioCi(confidence: number): number {
  for (let n = 1; n <= EXACT_RATIO_CI_LIMIT; n++) if (ratioCiOrder(n, n, confidence) >= 1) return n;
  return EXACT_RATIO_CI_LIMIT;
}

/**
 * Judges an expected change from one value per repetition on each side.
 * @param confidence two-sided confidence of the ratio interval, e.g. 0.95
 */
export function judgeExpectation(base: readonly number[], head: readonly number[], expect: ExpectedChange, direction: Direction, confidence: number): ExpectationVerdict {
  const verdict: ExpectationVerdict = { factor: expect.factor, ratio: null, ratioLo: null, ratioHi: null, confidence, met: false };
  if (base.length === 0 || head.length === 0) return { ...verdict, note: 'not measured on both sides' };
  if ([...base, ...head].some((v) => !(v > 0))) return { ...verdict, note: 'a ratio needs values > 0 on both sides' };
  const logs: number[] = [];
  for (const b of base) for (const h of head) logs.push(Math.log(h / b));
  logs.sort((a, b) => a - b);
  verdict.ratio = Math.exp(median(logs));
  const c = ratioCiOrder(base.length, head.length, confidence);
  if (c < 1) {
    return { ...verdict, note: `need >= ${minSamplesForRatioCi(confidence)} samples per side for a ${confidence * 100}% interval of the ratio` };
  }
  verdict.ratioLo = Math.exp(logs[c - 1] as number);
  verdict.ratioHi = Math.exp(logs[logs.length - c] as number);
  verdict.met = direction === 'lower' ? verdict.ratioHi <= expect.factor : verdict.ratioLo >= expect.factor;
  return verdict;
}

/** "expected at most 0.5× the baseline, measured 0.62× (95% CI 0.55×–0.70×)". */
export function describeExpectation(v: ExpectationVerdict, direction: Direction): string {
  const x = (r: number | null) => (r === null ? '?' : `${r.toPrecision(3)}×`);
  const bound = `${direction === 'lower' ? 'at most' : 'at least'} ${v.factor}× the baseline`;
  const ci = v.ratioLo !== null ? ` (${Math.round(v.confidence * 100)}% CI ${x(v.ratioLo)}–${x(v.ratioHi)})` : '';
  return `expected ${bound}, measured ${x(v.ratio)}${ci}${v.note ? `; ${v.note}` : ''}`;
}
