/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum), as benchstat uses it
 * (github.com/aclements/go-moremath/stats MannWhitneyUTest).
 *
 * - U counts pairs (a from x, b from y) with a < b, plus ½ per tie (Mann & Whitney 1947).
 * - Small samples: the exact null distribution of the rank sum, conditional on the
 *   observed tie pattern (midranks; Klotz, "The Wilcoxon, ties, and the computer",
 *   JASA 61 (1966) 772–787). Without ties this is the classic exact distribution.
 *   It is computed by a knapsack over tie groups: a group of t equal values with
 *   midrank w contributes k·w to the rank sum of x in C(t, k) ways; only sums up to the
 *   observed one are needed for the lower tail, and the total is C(N, n1).
 * - Large samples: the normal approximation with tie correction
 *   σ² = n1·n2/12 · ((N+1) − Σ(t³−t)/(N(N−1))) and continuity correction ½
 *   (Lehmann, "Nonparametrics", 1975, §1.4).
 */
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
  /** Two-sided p-value in [0, 1]; 1 when all values are equal or a side is empty. */
  p: number;
  /** How p was computed. */
  method: 'exact' | 'exact-ties' | 'normal' | 'degenerate';
}

interface RankedGroups {
  /** Size of each run of equal values, in ascending value order. */
  sizes: number[];
  /** Twice the midrank of each run (an integer). */
  twiceMidranks: number[];
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
  const twiceMidranks: number[] = [];
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
    twiceMidranks.push(twice);
    twiceRankSumX += inX * twice;
    if (i - start > 1) hasTies = true;
  }
  return { sizes, twiceMidranks, twiceRankSumX, hasTies };
}

function binomialCoefficients(t: number): number[] {
  const row = [1];
  for (let k = 1; k <= t; k++) row.push(((row[k - 1] as number) * (t - k + 1)) / k);
  return row;
}

/**
 * Ways to pick n1 of the N values (as a set, tie groups by multiplicity) for each twice-rank-sum
 * s ≤ sCap: ways[s]. Contributions are non-negative, so partial sums above sCap are dropped,
 * which makes lower-tail probabilities cheap.
 */
function countTwiceRankSums(n1: number, sizes: readonly number[], twiceMidranks: readonly number[], sCap: number): Float64Array {
  const width = sCap + 1;
  // ways[m * width + s]: ways to pick m of the values seen so far for x with twice-rank-sum s.
  const ways = new Float64Array((n1 + 1) * width);
  ways[0] = 1;
  let reachable = 0;
  for (let g = 0; g < sizes.length; g++) {
    const t = sizes[g] as number;
    const w = twiceMidranks[g] as number;
    const coef = binomialCoefficients(t);
    reachable += t * w;
    // Each of the n1 − m values still to pick adds at least the next group's twice-midrank.
    const next = twiceMidranks[g + 1];
    for (let m = n1; m >= 1; m--) {
      const row = m * width;
      const stillNeeded = next === undefined ? (m === n1 ? 0 : Infinity) : (n1 - m) * next;
      const top = Math.min(reachable, sCap - stillNeeded, m * w);
      const bottom = m * (m + 1); // twice the smallest rank sum of m values
      for (let k = 1; k <= Math.min(t, m); k++) {
        const from = (m - k) * width;
        const shift = k * w;
        const c = coef[k] as number;
        for (let s = top; s >= Math.max(shift, bottom); s--) {
          const v = ways[from + s - shift] as number;
          if (v !== 0) ways[row + s] = (ways[row + s] as number) + v * c;
        }
      }
    }
  }
  return ways.subarray(n1 * width, (n1 + 1) * width);
}

/** C(n, k) as a double. */
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** P(2·U1 ≤ twiceU) under the null, conditional on the tie groups. */
function exactLowerTail(n1: number, n2: number, sizes: readonly number[], twiceMidranks: readonly number[], twiceU: number): number {
  const offset = n1 * (n1 + 1); // 2·U1 = 2·R1 − n1(n1+1)
  const ways = countTwiceRankSums(n1, sizes, twiceMidranks, offset + twiceU);
  let hits = 0;
  for (let s = offset; s <= offset + twiceU; s++) hits += ways[s] as number;
  return hits / choose(n1 + n2, n1);
}

/** Exact null distribution of 2·U1 without ties: pmf[j] = P(2·U1 = j), j = 0..2·n1·n2. */
function exactTwiceUDistribution(n1: number, n2: number): Float64Array {
  const n = n1 + n2;
  const sizes = new Array<number>(n).fill(1);
  const twice = Array.from({ length: n }, (_, i) => 2 * (i + 1));
  const offset = n1 * (n1 + 1);
  const ways = countTwiceRankSums(n1, sizes, twice, offset + 2 * n1 * n2);
  const total = choose(n, n1);
  const pmf = new Float64Array(2 * n1 * n2 + 1);
  for (let j = 0; j < pmf.length; j++) pmf[j] = (ways[offset + j] as number) / total;
  return pmf;
}

/** Cumulative exact distributions without ties, keyed by `n1,n2` (they only depend on the sizes). */
const noTieCdfCache = new Map<string, Float64Array>();

function cumulative(pmf: Float64Array): Float64Array {
  const cdf = new Float64Array(pmf.length);
  let acc = 0;
  for (let j = 0; j < pmf.length; j++) {
    acc += pmf[j] as number;
    cdf[j] = acc;
  }
  return cdf;
}

function noTieCdf(n1: number, n2: number): Float64Array {
  const key = `${n1},${n2}`;
  let cdf = noTieCdfCache.get(key);
  if (!cdf) {
    cdf = cumulative(exactTwiceUDistribution(n1, n2));
    noTieCdfCache.set(key, cdf);
  }
  return cdf;
}

/**
 * Two-sided Mann–Whitney U test of x against y.
 * p = 2·P(U ≤ min(U1, U2)) under the (conditional) null, 1 when U1 = U2 or all values are equal.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { n1, n2, u: 0, p: 1, method: 'degenerate' };
  const groups = rankGroups(x, y);
  const u1 = groups.twiceRankSumX / 2 - (n1 * (n1 + 1)) / 2;
  const uMin = Math.min(u1, n1 * n2 - u1);
  if (groups.sizes.length === 1) return { n1, n2, u: uMin, p: 1, method: 'degenerate' };
  const exact = groups.hasTies
    ? n1 <= EXACT_LIMIT_TIES && n2 <= EXACT_LIMIT_TIES
    : n1 <= EXACT_LIMIT_NO_TIES && n2 <= EXACT_LIMIT_NO_TIES;
  if (exact) {
    const method = groups.hasTies ? 'exact-ties' : 'exact';
    if (uMin * 2 === n1 * n2) return { n1, n2, u: uMin, p: 1, method };
    const twiceU = Math.round(2 * uMin);
    const tail = groups.hasTies
      ? exactLowerTail(n1, n2, groups.sizes, groups.twiceMidranks, twiceU)
      : (noTieCdf(n1, n2)[twiceU] as number);
    const p = Math.min(1, 2 * tail);
    return { n1, n2, u: uMin, p, method };
  }
  const n = n1 + n2;
  let tieSum = 0;
  for (const t of groups.sizes) tieSum += t * t * t - t;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1))));
  if (sigma === 0) return { n1, n2, u: uMin, p: 1, method: 'degenerate' };
  let numer = uMin - (n1 * n2) / 2;
  numer -= Math.sign(numer) * 0.5;
  const z = numer / sigma;
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
