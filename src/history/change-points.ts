/**
 * Change points in a performance series: where did the level shift and stay shifted?
 *
 * Method: E-divisive means, a hierarchical energy-distance segmentation with a
 * permutation test — D. S. Matteson and N. A. James, "A Nonparametric Approach for
 * Multiple Change Point Analysis of Multivariate Data", JASA 109(505), 2014 — in the
 * form MongoDB uses for its CI performance data (the right segment always runs to the
 * end of its segment, κ = end; D. Daly et al., "The Use of Change Point Detection to
 * Identify Software Performance Regressions in a Continuous Integration System",
 * ICPE 2020), plus the minimum-magnitude filter of Hunter (M. Fleming et al.,
 * "Hunter: Using Change Point Detection to Hunt for Performance Regressions",
 * ICPE 2023): a statistically real shift smaller than the noise floor that matters is
 * not reported.
 *
 * Choices that make one noisy week not a change point:
 * - every segment has at least `minSegment` (3) runs, so a single point cannot form one;
 * - magnitude is measured between the MEDIANS of the adjacent segments, which a single
 *   outlier inside a segment of >= 3 runs barely moves;
 * - significance comes from a permutation test (exchangeability within the current
 *   segments), seeded, so the same series always gives the same answer;
 * - Hunter re-tests each change point between its adjacent segments (Student's t); we
 *   use the rank-based Mann–Whitney U instead, which one extreme value cannot sway.
 */
import { effectPct } from '../compare/compare-runs.js';
import { mannWhitneyU } from '../stats/mann-whitney.js';
import { median } from './history-record.js';
import { seededRandom } from '../core/random.js';

export interface ChangePointOptions {
  /**
   * Significance level of each permutation test and of the confirming rank test.
   * 0.01 rather than 0.05: over 300 seeded pure-noise series (30 runs, 3 % noise) it
   * keeps the false-alarm rate near 1 % and no single 2.5× outlier in 600 placements is
   * flagged, while every 10 % step still is (test/history/change-points.test.ts).
   * @default 0.01
   */
  alpha?: number;
  /** Permutations per test (p resolution is 1/(permutations+1)). @default 499 */
  permutations?: number;
  /** Fewest points a segment may have. @default 3 (minimum 2) */
  minSegment?: number;
  /** Smallest shift between adjacent segment medians that is reported, in %. @default 5 */
  minMagnitudePct?: number;
  /** Zero-level guard for the magnitude, in the series' unit (see effectPct). @default 0 */
  effectFloor?: number;
  /** Seed of the permutation PRNG. @default 1 */
  seed?: number;
}

export interface ChangePoint {
  /** Index of the first point of the new level. */
  index: number;
  /** Permutation-test p-value when the split was accepted. */
  p: number;
  /** Median of the segment before and of the segment from `index` on. */
  before: number;
  after: number;
  /** (after / before − 1) × 100; null when before is 0. */
  deltaPct: number | null;
  /** Two-sided Mann–Whitney p between the adjacent segments (the confirmation test). */
  pSegments: number;
}

interface Split {
  index: number;
  q: number;
}

/**
 * The best split of z[start, end): argmax over τ of Q̂ = mn/(m+n) · Ê, with the energy
 * divergence Ê = 2/(mn) Σ|x−y| − Σ_{i<k}|x_i−x_k|/C(m,2) − Σ_{j<k}|y_j−y_k|/C(n,2)
 * (α = 1). Incremental sums make one scan O(L²).
 */
function bestSplitIn(z: ArrayLike<number>, start: number, end: number, minSegment: number): Split | null {
  if (end - start < 2 * minSegment) return null;
  let cross = 0;
  let withinLeft = 0;
  let withinRight = 0;
  for (let j = start + 1; j < end; j++) cross += Math.abs((z[start] as number) - (z[j] as number));
  for (let j = start + 1; j < end; j++) for (let k = j + 1; k < end; k++) withinRight += Math.abs((z[j] as number) - (z[k] as number));
  let best: Split | null = null;
  // Invariant: left = [start, tau), right = [tau, end).
  for (let tau = start + 1; tau <= end - minSegment; tau++) {
    if (tau - start >= minSegment) {
      const m = tau - start;
      const n = end - tau;
      const e = (2 * cross) / (m * n) - withinLeft / ((m * (m - 1)) / 2) - withinRight / ((n * (n - 1)) / 2);
      const q = ((m * n) / (m + n)) * e;
      if (!best || q > best.q) best = { index: tau, q };
    }
    const zt = z[tau] as number;
    let toLeft = 0;
    let toRight = 0;
    for (let i = start; i < tau; i++) toLeft += Math.abs((z[i] as number) - zt);
    for (let j = tau + 1; j < end; j++) toRight += Math.abs(zt - (z[j] as number));
    withinLeft += toLeft;
    withinRight -= toRight;
    cross += toRight - toLeft;
  }
  return best;
}

/** The best split over all current segments (bounds: sorted, starting 0, ending n). */
function bestSplit(z: ArrayLike<number>, bounds: number[], minSegment: number): Split | null {
  let best: Split | null = null;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const split = bestSplitIn(z, bounds[s] as number, bounds[s + 1] as number, minSegment);
    if (split && (!best || split.q > best.q)) best = split;
  }
  return best;
}

function shuffleWithin(values: number[], bounds: number[], random: () => number, out: Float64Array): void {
  for (let i = 0; i < values.length; i++) out[i] = values[i] as number;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const lo = bounds[s] as number;
    for (let i = (bounds[s + 1] as number) - 1; i > lo; i--) {
      const j = lo + Math.floor(random() * (i - lo + 1));
      const t = out[i] as number;
      out[i] = out[j] as number;
      out[j] = t;
    }
  }
}

/** p-value of `observed`: share of within-segment permutations whose best split is at least as strong. */
function permutationP(values: number[], bounds: number[], observed: number, o: Required<ChangePointOptions>, random: () => number): number {
  const buffer = new Float64Array(values.length);
  const stopAt = Math.floor(o.alpha * (o.permutations + 1)); // once reached, p > alpha is certain
  let atLeast = 0;
  for (let r = 0; r < o.permutations; r++) {
    shuffleWithin(values, bounds, random, buffer);
    const split = bestSplit(buffer, bounds, o.minSegment);
    if (split && split.q >= observed) atLeast += 1;
    if (atLeast >= stopAt) return (atLeast + 1) / (r + 2);
  }
  return (atLeast + 1) / (o.permutations + 1);
}

function resolve(options: ChangePointOptions): Required<ChangePointOptions> {
  return {
    alpha: options.alpha ?? 0.01,
    permutations: options.permutations ?? 499,
    minSegment: Math.max(2, options.minSegment ?? 3),
    minMagnitudePct: options.minMagnitudePct ?? 5,
    effectFloor: options.effectFloor ?? 0,
    seed: options.seed ?? 1,
  };
}

/** Adjacent-segment medians and rank test of each change point under the current segmentation. */
function describe(values: number[], points: Array<{ index: number; p: number }>): ChangePoint[] {
  const bounds = [0, ...points.map((c) => c.index), values.length];
  return points.map((c, i) => {
    const left = values.slice(bounds[i] as number, c.index);
    const right = values.slice(c.index, bounds[i + 2] as number);
    const before = median(left);
    const after = median(right);
    const pSegments = mannWhitneyU(left, right).p;
    return { index: c.index, p: c.p, before, after, deltaPct: before === 0 ? null : (after / before - 1) * 100, pSegments };
  });
}

/**
 * Hunter's pruning: while some change point is smaller than the minimum magnitude or
 * not confirmed by the rank test between its adjacent segments, drop the weakest one
 * (largest p, then smallest shift), merge its segments, and look again.
 */
function prune(values: number[], found: Array<{ index: number; p: number }>, o: Required<ChangePointOptions>): ChangePoint[] {
  let points = [...found].sort((a, b) => a.index - b.index);
  for (;;) {
    const described = describe(values, points);
    const failing = described
      .map((c, i) => ({ i, p: c.pSegments, size: effectPct(c.before, c.after, o.effectFloor) }))
      .filter((c) => c.size < o.minMagnitudePct || c.p > o.alpha)
      .sort((a, b) => b.p - a.p || a.size - b.size);
    const weakest = failing[0];
    if (!weakest) return described;
    points = points.filter((_, i) => i !== weakest.i);
  }
}

/**
 * Change points of `values` (oldest first), each the index where a new level starts.
 * Deterministic for a given seed. Non-finite values are not allowed.
 */
export function detectChangePoints(values: number[], options: ChangePointOptions = {}): ChangePoint[] {
  const o = resolve(options);
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('detectChangePoints: every value must be a finite number');
  const random = seededRandom(o.seed);
  const found: Array<{ index: number; p: number }> = [];
  for (;;) {
    const bounds = [0, ...found.map((c) => c.index).sort((a, b) => a - b), values.length];
    const split = bestSplit(values, bounds, o.minSegment);
    if (!split || !(split.q > 0)) break;
    const p = permutationP(values, bounds, split.q, o, random);
    if (p > o.alpha) break;
    found.push({ index: split.index, p });
  }
  return prune(values, found, o);
}
