/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum), as benchstat uses it
 * (github.com/aclements/go-moremath/stats MannWhitneyUTest), computed the same way so the
 * p-values are benchstat's to the last bit.
 *
 * - U counts pairs (a from x, b from y) with a < b, plus ½ per tie (Mann & Whitney 1947).
 * - Small samples without ties: the exact distribution by Mann & Whitney's recurrence.
 * - Small samples with ties: the exact distribution conditional on the tie pattern by
 *   Cheung & Klotz's recurrence (Klotz, "The Wilcoxon, ties, and the computer", JASA 61
 *   (1966) 772–787; Cheung & Klotz, Statistica Sinica 7 (1997) 805–813).
 * - p = 2·P(U1 ≤ min(U1, U2)) under the first sample's distribution. With ties that
 *   distribution is not symmetric, so p can depend on which sample comes first ("lopsided"
 *   ties: many equal values on one side), and can even exceed 1; benchstat shows such p as
 *   it is and so does loadgate's `compare` of Go benchmarks. Elsewhere p is capped at 1.
 * - Large samples: the normal approximation with tie correction
 *   σ² = n1·n2/12 · ((N+1) − Σ(t³−t)/(N(N−1))) and continuity correction ½
 *   (Lehmann, "Nonparametrics", 1975, §1.4).
 */
import { goNormalCdf } from './go-math.js';
import { normalCdf } from './normal.js';

/** Largest n1, n2 using the exact distribution when there are no ties. */
export const EXACT_LIMIT_NO_TIES = 50;
/** Largest n1, n2 using the exact distribution conditional on ties. */
export const EXACT_LIMIT_TIES = 25;

export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** The smaller of U1 and U2 = n1·n2 − U1 (a multiple of ½). */
  u: number;
  /** Two-sided p-value; 1 when all values are equal or a side is empty. In [0, 1] unless `benchstat` is set (see above). */
  p: number;
  /** How p was computed. */
  method: 'exact' | 'exact-ties' | 'normal' | 'degenerate';
}

interface RankedGroups {
  /** Size of each run of equal values, in ascending value order. */
  sizes: number[];
  /** Twice the rank sum of x. */
  twiceRankSumX: number;
  hasTies: boolean;
}

function rankGroups(x: readonly number[], y: readonly number[]): RankedGroups {
  const merged: Array<[number, 0 | 1]> = [];
  for (const v of x) merged.push([v, 0]);
  for (const v of y) merged.push([v, 1]);
  merged.sort((a, b) => a[0] - b[0]);
  const sizes: number[] = [];
  let twiceRankSumX = 0;
  let hasTies = false;
  for (let i = 0; i < merged.length; ) {
    const start = i;
    const value = (merged[i] as [number, 0 | 1])[0];
    let inX = 0;
    for (; i < merged.length && (merged[i] as [number, 0 | 1])[0] === value; i++) {
      if ((merged[i] as [number, 0 | 1])[1] === 0) inX++;
    }
    // Ranks start+1 .. i, so twice the midrank is (start + 1 + i).
    const twice = start + 1 + i;
    sizes.push(i - start);
    twiceRankSumX += inX * twice;
    if (i - start > 1) hasTies = true;
  }
  return { sizes, twiceRankSumX, hasTies };
}

/** Pascal's triangle to n = 60 (exact in doubles: C(60, 30) < 2^53), for the tie counts' inner loops. */
const PASCAL: number[][] = [[1]];
for (let n = 1; n <= 60; n++) {
  const prev = PASCAL[n - 1] as number[];
  PASCAL.push(Array.from({ length: n + 1 }, (_, k) => (k === 0 || k === n ? 1 : (prev[k - 1] as number) + (prev[k] as number))));
}

/** C(n, k) exactly (Go's integer binomial), as a double. */
function chooseInt(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  if (n <= 60) return (PASCAL[n] as number[])[k] as number;
  let c = 1n;
  for (let i = 1n; i <= BigInt(k); i++) c = (c * (BigInt(n) - BigInt(k) + i)) / i;
  return Number(c);
}

/** Smallest and largest 2U (Cheung & Klotz's parametrisation) of n1 values over tie groups t, given a. */
function twoUBound(n1: number, t: readonly number[], a: readonly number[], fromTop: boolean): number {
  let twoU = -n1 * n1;
  let left = n1;
  for (let step = 0; step < t.length; step++) {
    const k = fromTop ? t.length - step : step + 1;
    const take = Math.min(left, t[k - 1] as number);
    twoU += take * (a[k] as number);
    left -= take;
  }
  return twoU;
}

/**
 * Number of ways the first sample's n1 values can fall on the tie groups `t` (in value
 * order) with 2U ≤ twoU: go-moremath's makeUmemo (Cheung & Klotz, "The Mann Whitney
 * Wilcoxon distribution using linked lists", Statistica Sinica 7 (1997) 805–813), ported
 * step for step. Not a textbook enumeration on purpose: for some lopsided tie patterns its
 * count is not P(U1 ≤ u)·C(N, n1) — with x = [76, 93] and y = 24 × [76] it counts 300 of
 * 325 arrangements where enumeration finds 25, and benchstat prints p = 1.846 — and loadgate
 * reproduces benchstat, p-values above 1 included.
 */
function tiedCumulativeCount(twoU: number, n1: number, t: readonly number[]): number {
  const K = t.length;
  const a = new Array<number>(K + 1).fill(0);
  a[1] = t[0] as number;
  for (let k = 2; k <= K; k++) a[k] = (a[k - 1] as number) + (t[k - 2] as number) + (t[k - 1] as number);
  // Numeric keys: |2U| stays far below 2^20 for the sample sizes the exact test takes.
  const key = (n: number, u: number): number => n * 2 ** 21 + (u + 2 ** 20);
  // The bounds depend only on (prefix length, n1): computed once each.
  const bounds = new Map<number, number>();
  const bound = (n: number, k: number, top: boolean): number => {
    const id = (k * 128 + n) * 2 + (top ? 1 : 0);
    let b = bounds.get(id);
    if (b === undefined) {
      b = twoUBound(n, t.slice(0, k), a, top);
      bounds.set(id, b);
    }
    return b;
  };
  const memo: Array<Map<number, { n1: number; twoU: number; count: number }>> = Array.from({ length: K + 1 }, () => new Map());
  (memo[K] as Map<number, { n1: number; twoU: number; count: number }>).set(key(n1, twoU), { n1, twoU, count: 0 });
  let tsum = t.reduce((x, y) => x + y, 0);
  for (let k = K - 1; k >= 2; k--) {
    tsum -= t[k] as number;
    const into = memo[k] as Map<number, { n1: number; twoU: number; count: number }>;
    for (const up of (memo[k + 1] as Map<number, { n1: number; twoU: number; count: number }>).values()) {
      const lo = Math.max(0, up.n1 - tsum);
      const hi = Math.min(up.n1, t[k] as number);
      for (let rk = lo; rk <= hi; rk++) {
        const twoUk = up.twoU - rk * ((a[k + 1] as number) - 2 * up.n1 + rk);
        const n1k = up.n1 - rk;
        if (bound(n1k, k, false) <= twoUk && twoUk <= bound(n1k, k, true)) {
          into.set(key(n1k, twoUk), { n1: n1k, twoU: twoUk, count: 0 });
        }
      }
    }
  }
  const t0 = t[0] as number;
  const n2 = t0 + (t[1] as number);
  for (const e of (memo[2] as Map<number, { n1: number; twoU: number; count: number }>).values()) {
    let sum = 0;
    const hi = Math.trunc((e.twoU - e.n1 * (t0 - e.n1)) / n2);
    for (let r2 = Math.max(0, e.n1 - t0); r2 <= hi; r2++) sum += chooseInt(t0, e.n1 - r2) * chooseInt(t[1] as number, r2);
    e.count = sum;
  }
  tsum = t0;
  for (let k = 3; k <= K; k++) {
    tsum += t[k - 2] as number;
    const below = memo[k - 1] as Map<number, { n1: number; twoU: number; count: number }>;
    for (const e of (memo[k] as Map<number, { n1: number; twoU: number; count: number }>).values()) {
      let sum = 0;
      const lo = Math.max(0, e.n1 - tsum);
      const hi = Math.min(e.n1, t[k - 1] as number);
      for (let rk = lo; rk <= hi; rk++) {
        const twoUk = e.twoU - rk * ((a[k] as number) - 2 * e.n1 + rk);
        const n1k = e.n1 - rk;
        let x = below.get(key(n1k, twoUk))?.count;
        if (x === undefined) x = bound(n1k, k - 1, true) < twoUk ? chooseInt(tsum, n1k) : 0;
        sum += x * chooseInt(t[k - 1] as number, rk);
      }
      e.count = sum;
    }
  }
  return (memo[K] as Map<number, { n1: number; twoU: number; count: number }>).get(key(n1, twoU))?.count ?? 0;
}

/** P(U1 ≤ u) with ties, as go-moremath's UDist.CDF computes it. */
function tiedCdf(n1: number, n2: number, sizes: readonly number[], u: number): number {
  if (u < 0) return 0;
  if (u >= n1 * n2) return 1;
  const twoU = Math.trunc(2 * u);
  return tiedCumulativeCount(twoU, n1, sizes) / chooseInt(n1 + n2, n1);
}

/**
 * P(U = u) for u = 0..uMax without ties, by Mann & Whitney's (1947) recurrence
 *   p_{n,m}(U) = (n · p_{n−1,m}(U − m) + m · p_{n,m−1}(U)) / (n + m)
 * in floating point, in go-moremath's order (UDist.p), so the p-values match benchstat's
 * to the last bit rather than only to the printed three decimals.
 */
function noTiePmf(n1: number, n2: number, uMax: number): Float64Array {
  const small = Math.min(n1, n2);
  const large = Math.max(n1, n2);
  const memo = Array.from({ length: small + 1 }, () => new Float64Array(uMax + 1));
  for (let m = 0; m <= large; m++) {
    (memo[0] as Float64Array)[0] = 1;
    const nlim = Math.min(small, m);
    for (let n = 1; n <= nlim; n++) {
      const lp = memo[n - 1] as Float64Array;
      const rp = (n <= m - 1 ? memo[n] : memo[m - 1]) as Float64Array;
      const ulim = Math.min(uMax, n * m);
      const out = memo[n] as Float64Array;
      const nPlusM = n + m;
      for (let u = ulim; u >= 0; u--) {
        const l = u - m >= 0 ? n * (lp[u - m] as number) : 0;
        const r = m * (rp[u] as number);
        out[u] = (l + r) / nPlusM;
      }
    }
  }
  return memo[small] as Float64Array;
}

/** P(U ≤ u) without ties (go-moremath UDist.CDF): the smaller tail, summed from 0. */
function noTieCdf(n1: number, n2: number, u: number): number {
  if (u < 0) return 0;
  if (u >= n1 * n2) return 1;
  let ui = Math.floor(u);
  const flip = ui >= Math.trunc((n1 * n2 + 1) / 2);
  if (flip) ui = n1 * n2 - ui - 1;
  const pmf = noTiePmf(n1, n2, ui);
  let p = 0;
  for (let i = 0; i <= ui; i++) p += pmf[i] as number;
  return flip ? 1 - p : p;
}

/** Options of `mannWhitneyU`. */
export interface MannWhitneyOptions {
  /**
   * Compute the normal approximation's tail as benchstat does, 2·min(Φ(z), 1 − Φ(z)) with
   * Go's erfc, and leave p uncapped. 1 − Φ(z) cancels to exactly 0 for z ≳ 8.3, and
   * benchstat then prints no p at all; without this option the tail is 2·Φ(−|z|), accurate
   * far out. @default false
   */
  benchstat?: boolean;
}

/**
 * Two-sided Mann–Whitney U test of x against y.
 * p = 2·P(U ≤ min(U1, U2)) under the (conditional) null, 1 when U1 = U2 or all values are equal.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { n1, n2, u: 0, p: 1, method: 'degenerate' };
  const groups = rankGroups(x, y);
  // U of the first sample. With ties its null distribution is not symmetric, and p below
  // is 2 · P(U1 ≤ min(U1, U2)) under the first sample's distribution (go-moremath's
  // definition, which benchstat uses): swapping x and y can change p when the ties are
  // lopsided. Kept on purpose, so that p is benchstat's.
  const u1 = groups.twiceRankSumX / 2 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const uMin = Math.min(u1, u2);
  const exact = groups.hasTies
    ? n1 <= EXACT_LIMIT_TIES && n2 <= EXACT_LIMIT_TIES
    : n1 <= EXACT_LIMIT_NO_TIES && n2 <= EXACT_LIMIT_NO_TIES;
  if (exact) {
    if (groups.sizes.length === 1) return { n1, n2, u: uMin, p: 1, method: 'degenerate' };
    const method = groups.hasTies ? 'exact-ties' : 'exact';
    if (u1 === u2) return { n1, n2, u: uMin, p: 1, method };
    const tail = groups.hasTies ? tiedCdf(n1, n2, groups.sizes, uMin) : noTieCdf(n1, n2, uMin);
    const p = options.benchstat ? tail * 2 : Math.min(1, tail * 2);
    return { n1, n2, u: uMin, p, method };
  }
  const n = n1 + n2;
  let tieSum = 0;
  for (const t of groups.sizes) tieSum += t * t * t - t;
  const sigma = Math.sqrt((n1 * n2 * (n + 1 - tieSum / (n * (n - 1)))) / 12);
  if (sigma === 0) return { n1, n2, u: uMin, p: 1, method: 'degenerate' };
  let numer = u1 - (n1 * n2) / 2;
  numer -= Math.sign(numer) * 0.5;
  const z = numer / sigma;
  if (options.benchstat) {
    const cdf = goNormalCdf(z);
    return { n1, n2, u: uMin, p: 2 * Math.min(cdf, 1 - cdf), method: 'normal' };
  }
  return { n1, n2, u: uMin, p: Math.min(1, 2 * normalCdf(-Math.abs(z))), method: 'normal' };
}

/** Smallest two-sided p the test can give with n samples per side: 2 / C(2n, n). */
export function minPossibleP(n: number): number {
  let c = 1;
  for (let i = 1; i <= n; i++) c = (c * (n + i)) / i;
  return 2 / c;
}

/** Smallest n per side whose best possible p is ≤ alpha (4 at alpha 0.05); null above 50. */
export function minSamplesToDetect(alpha: number): number | null {
  for (let n = 1; n <= 50; n++) if (minPossibleP(n) <= alpha) return n;
  return null;
}

/**
 * benchstat's warning when a non-significant result could not have been significant:
 * `need >= 4 samples to detect a difference at alpha level 0.05`, else undefined.
 */
export function tooFewSamplesNote(n1: number, n2: number, p: number, alpha: number): string | undefined {
  if (p <= alpha) return undefined;
  const need = minSamplesToDetect(alpha);
  if (need === null) return `need > 50 samples to detect a difference at alpha level ${alpha}`;
  if (n1 < need && n2 < need) return `need >= ${need} samples to detect a difference at alpha level ${alpha}`;
  return undefined;
}
