/**
 * The side-by-side family test: a sign-flip permutation test of paired differences, with
 * Westfall–Young step-down maxT adjustment over every gating metric at once (Westfall &
 * Young, "Resampling-Based Multiple Testing", 1993, Algorithm 2.8).
 *
 * Why it is valid: a side-by-side run draws the order inside each round's pair at random (AB or
 * BA). If the head build is no different from the base build, swapping the two labels of a
 * round changes nothing about how the data could have come out, so every pattern of swaps
 * ("sign flips" of that round's d_i = ln(head/base), in every metric and scenario at once) is
 * equally likely. The observed statistics are compared with all 2^n patterns (a seeded random
 * 20 000 of them beyond 14 rounds): the p-values are exact, whatever the shape of the noise.
 *
 * Why maxT instead of Holm: the gating metrics of a scenario move together (a slower handler
 * shows in its time, its CPU, the client's latency). Holm divides alpha by their number as if
 * they were unrelated, so with 8 pairs (smallest exact p 2/256) it can never reject among 8
 * metrics. maxT compares each metric with the permutation distribution of the largest |t| over
 * the family, which keeps the family-wise error rate at alpha and pays almost nothing for
 * metrics that are correlated.
 */
import { seededRandom } from '../core/random.js';

/** One metric's pairs: `d[r]` is its difference in round r (undefined when that round has no pair). */
export interface PairedSeries {
  d: Array<number | undefined>;
  /**
   * One-sided: +1 tests only whether d is above 0, −1 only below (a confirmation round asks
   * whether the change round 1 saw goes the same way again). Absent: two-sided.
   */
  direction?: 1 | -1;
}

export interface PermutationResult {
  /** Per series, the exact two-sided sign-flip p of its own t. */
  p: number[];
  /** Per series, the maxT-adjusted p over the family (family-wise error rate). */
  pAdjusted: number[];
  /** Sign patterns evaluated (including the observed one). */
  patterns: number;
  /** True when every pattern was enumerated; false when they were sampled. */
  exact: boolean;
}

/** Beyond this many rounds the 2^n patterns are sampled instead of enumerated. */
export const EXACT_ROUNDS_MAX = 14;
/** Patterns sampled beyond EXACT_ROUNDS_MAX rounds (the observed one included). */
export const SAMPLED_PATTERNS = 20_000;

/**
 * The statistic of `d` under a sign pattern: |t| two-sided, direction × t one-sided, where
 * t = mean / (sd / √n). ±Infinity when every value is the same non-zero number; 0 when all are 0.
 */
function statistic(d: readonly number[], signs: Int8Array, rounds: readonly number[], direction: 1 | -1 | undefined): number {
  const n = d.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += signs[rounds[i] as number]! * (d[i] as number);
  const m = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const x = signs[rounds[i] as number]! * (d[i] as number) - m;
    ss += x * x;
  }
  const t = ss === 0 ? (m === 0 ? 0 : m * Infinity) : m / Math.sqrt(ss / (n - 1) / n);
  return direction === undefined ? Math.abs(t) : direction * t;
}

/** a ≥ b, forgiving the last bits of floating point (the same |t| reached by another sum order). */
function atLeast(a: number, b: number): boolean {
  return Number.isFinite(b) ? a >= b - 1e-12 * Math.abs(b) : a >= b;
}

/**
 * Tests every series at once. Series share rounds: one sign pattern flips round r in all of
 * them, which keeps their correlation in the null distribution.
 * @param seed for the sampled patterns beyond EXACT_ROUNDS_MAX rounds (results are reproducible)
 */
export function pairedPermutationTest(series: PairedSeries[], seed = 0x5eed): PermutationResult {
  const rounds = Math.max(0, ...series.map((s) => s.d.length));
  // Per series, its present values and the round each came from.
  const present = series.map((s) => {
    const values: number[] = [];
    const at: number[] = [];
    s.d.forEach((v, r) => {
      if (v !== undefined && Number.isFinite(v)) {
        values.push(v);
        at.push(r);
      }
    });
    return { values, at };
  });
  const identity = new Int8Array(rounds).fill(1);
  const observed = present.map((s, i) => statistic(s.values, identity, s.at, series[i]!.direction));
  // Series ranked by observed |t|, largest first: the step-down order.
  const order = observed.map((t, i) => [t, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
  const rawCount = new Array<number>(series.length).fill(0);
  const stepCount = new Array<number>(series.length).fill(0);
  const exact = rounds <= EXACT_ROUNDS_MAX;
  const patterns = exact ? 2 ** rounds : SAMPLED_PATTERNS;
  const random = seededRandom(seed);
  const signs = new Int8Array(rounds);
  const t = new Array<number>(series.length);
  for (let b = 0; b < patterns; b++) {
    for (let r = 0; r < rounds; r++) {
      // Pattern 0 is the observed data; exact patterns are the bits of b, sampled ones are coin flips.
      signs[r] = b === 0 ? 1 : exact ? ((b >> r) & 1 ? -1 : 1) : random() < 0.5 ? -1 : 1;
    }
    for (let i = 0; i < series.length; i++) {
      const s = present[i]!;
      t[i] = statistic(s.values, signs, s.at, series[i]!.direction);
      if (atLeast(t[i]!, observed[i]!)) rawCount[i]!++;
    }
    // Successive maxima from the weakest series up (Westfall & Young's u*).
    let running = -Infinity;
    for (let k = order.length - 1; k >= 0; k--) {
      const i = order[k]!;
      running = Math.max(running, t[i]!);
      if (atLeast(running, observed[i]!)) stepCount[i]!++;
    }
  }
  const p = rawCount.map((c) => c / patterns);
  const pAdjusted = new Array<number>(series.length).fill(1);
  let floor = 0;
  for (const i of order) {
    // Step-down monotonicity: a weaker series never gets a smaller adjusted p.
    floor = Math.max(floor, stepCount[i]! / patterns);
    pAdjusted[i] = floor;
  }
  // A series without pairs (or with nothing moved) tests nothing.
  present.forEach((s, i) => {
    if (s.values.length < 2 || (observed[i] === 0 && s.values.every((v) => v === 0))) {
      p[i] = 1;
      pAdjusted[i] = Math.max(pAdjusted[i]!, 1);
    }
  });
  return { p, pAdjusted, patterns, exact };
}
