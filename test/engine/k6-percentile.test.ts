/**
 * k6's percentile definition in the engine's Trend sink: exact (interpolated between the
 * sorted samples, as k6's TrendSink.P) up to the exact-sample cap, and within the documented
 * bound of k6's value beyond it, so a threshold decision can only differ from k6's inside
 * that band.
 */
import { describe, expect, it } from 'vitest';
import { statPercentile } from '../../src/core/threshold-expression.js';
import { k6Percentile, percentileFraction } from '../../src/engine/metrics/k6-percentile.js';
import { TrendSink } from '../../src/engine/metrics/sinks.js';
import { ExactSamples, fallbackErrorBound, ORDER_STAT_ABSOLUTE_ERROR, ORDER_STAT_RELATIVE_ERROR, resolveExactTrendSamples } from '../../src/engine/metrics/trend-samples.js';
import { parseThresholdExpression, thresholdHolds } from '../../src/core/threshold-expression.js';

/** The reference: every sample sorted, k6's rule applied (what k6 computes on the same data). */
function k6Reference(values: readonly number[], p: number): { value: number; below: number; above: number } {
  const sorted = Float64Array.from(values).sort();
  const rank = percentileFraction(p) * (sorted.length - 1);
  return { value: k6Percentile(sorted, sorted.length, percentileFraction(p)), below: sorted[Math.floor(rank)] as number, above: sorted[Math.ceil(rank)] as number };
}

function trendOf(values: readonly number[], exactSamples?: number): TrendSink {
  const sink = new TrendSink({ exactSamples });
  for (const v of values) sink.add(v);
  return sink;
}

/** Deterministic pseudo-random numbers in [0, 1) (Park–Miller), so failures reproduce. */
function lehmer(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
}

const STATS = ['med', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'p(0)', 'p(100)', 'p(12.345)', 'p(50)'];

describe("k6's percentile", () => {
  it('gives the values k6 prints for 0..5 (med 2.5, p(90) 4.5, p(95) 4.75, p(99) 4.95)', () => {
    // Measured with k6 v0.49.0 and v2.2.0 (test/engine/scripts/k6-percentiles.js, MODE=small).
    const sink = trendOf([0, 1, 2, 3, 4, 5]);
    expect(sink.values(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'])).toEqual({ avg: 2.5, min: 0, med: 2.5, max: 5, 'p(90)': 4.5, 'p(95)': 4.75, 'p(99)': 4.95, count: 6 });
  });

  it('interpolates between the two closest ranks, whatever the arrival order', () => {
    const sink = trendOf([10, 1, 7, 3]);
    // sorted 1 3 7 10: rank 0.5 × 3 = 1.5 → 3 + (7 − 3) × 0.5
    expect(sink.stat('med')).toBe(5);
    // rank 0.9 × 3 = 2.7 → 7 + 3 × 0.7 (in k6's float64 arithmetic)
    expect(sink.stat('p(90)')).toBe(7 + (10 - 7) * (0.9 * 3 - 2));
    expect(sink.stat('p(0)')).toBe(1);
    expect(sink.stat('p(100)')).toBe(10);
  });

  it('is 0 without samples and the sample itself with one, as in k6', () => {
    expect(trendOf([]).values(['avg', 'min', 'med', 'max', 'p(95)', 'count'])).toEqual({ avg: 0, min: 0, med: 0, max: 0, 'p(95)': 0, count: 0 });
    expect(trendOf([-3.25]).values(['med', 'p(95)', 'min', 'max'])).toEqual({ med: -3.25, 'p(95)': -3.25, min: -3.25, max: -3.25 });
  });

  it('reads `med` as p(50) and `p(N)` as N, and nothing else', () => {
    expect(statPercentile('med')).toBe(50);
    expect(statPercentile('p(99.9)')).toBe(99.9);
    expect(statPercentile('avg')).toBeUndefined();
    expect(() => trendOf([1]).stat('p95')).toThrow(/unknown trend stat "p95"/);
  });

  it('keeps answering exactly while samples keep coming (the sorted prefix merged with the new tail)', () => {
    const next = lehmer(7);
    const exact = new ExactSamples(100_000);
    const all: number[] = [];
    for (let round = 0; round < 40; round++) {
      // Bursts of varying length, as thresholds evaluated during a run see them.
      const burst = round % 3 === 0 ? 5000 : 37;
      for (let i = 0; i < burst; i++) {
        const v = Math.floor(next() * 500) / 4 - 20;
        exact.push(v);
        all.push(v);
      }
      const want = Float64Array.from(all).sort();
      const got = exact.sorted();
      expect(got.length).toBe(want.length);
      expect(got.every((v, i) => v === want[i])).toBe(true);
    }
  });
});

describe('beyond the exact-sample cap', () => {
  const CAP = 2000;
  const N = 60_000;
  const distributions: Record<string, (r: () => number) => number> = {
    // Latency-like: a long right tail, in ms.
    lognormal: (r) => Math.exp(2 + 1.2 * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r())),
    uniformWide: (r) => r() * 1e6,
    submillisecond: (r) => r() * 0.8,
    negativeAndPositive: (r) => (r() - 0.4) * 5000,
    fewDistinct: (r) => [0.25, 1, 1, 2.5, 40][Math.floor(r() * 5)] as number,
  };

  for (const [name, draw] of Object.entries(distributions)) {
    it(`${name}: every stat within |v| × 2^-15 + 0.0005 of k6's, the extremes exact`, () => {
      const next = lehmer(name.length * 7919);
      const values = Array.from({ length: N }, () => draw(next));
      const sink = trendOf(values, CAP);
      expect(sink.isExact).toBe(false);
      expect(sink.stat('count')).toBe(N);
      expect(sink.stat('min')).toBe(Math.min(...values));
      expect(sink.stat('max')).toBe(Math.max(...values));
      for (const stat of STATS) {
        const p = statPercentile(stat) as number;
        const ref = k6Reference(values, p);
        const bound = fallbackErrorBound(ref.below, ref.above);
        expect(Math.abs(sink.stat(stat) - ref.value), `${stat}: ${sink.stat(stat)} vs k6 ${ref.value}`).toBeLessThanOrEqual(bound);
      }
    });
  }

  it('changes a threshold verdict only where k6 itself is within the bound of the threshold', () => {
    const next = lehmer(4242);
    const values = Array.from({ length: N }, () => distributions.lognormal?.(next) as number);
    const sink = trendOf(values, CAP);
    let checked = 0;
    let outsideBand = 0;
    for (const stat of ['med', 'p(90)', 'p(95)', 'p(99)']) {
      const p = statPercentile(stat) as number;
      const ref = k6Reference(values, p);
      const bound = fallbackErrorBound(ref.below, ref.above);
      // Thresholds right at k6's value, inside the band and well outside it, both ways.
      for (const delta of [0, 0.25, 0.5, 0.99, 1.01, 2, 10, 1000].flatMap((k) => [k * bound, -k * bound])) {
        for (const op of ['<', '<=', '>', '>=']) {
          const expr = parseThresholdExpression(`${stat}${op}${ref.value + delta}`);
          const k6Verdict = thresholdHolds(expr, ref.value);
          const ours = thresholdHolds(expr, sink.percentile(p));
          checked++;
          if (Math.abs(delta) > bound) {
            outsideBand++;
            expect(ours, `${expr.source}: k6 says ${k6Verdict}`).toBe(k6Verdict);
          }
        }
      }
    }
    expect(outsideBand).toBeGreaterThanOrEqual(checked / 2);
  });

  it('is exact up to the cap and switches exactly there', () => {
    const values = Array.from({ length: 1001 }, (_, i) => ((i * 7919) % 1001) / 40);
    const atCap = trendOf(values.slice(0, 1000), 1000);
    expect(atCap.isExact).toBe(true);
    expect(atCap.stat('p(95)')).toBe(k6Reference(values.slice(0, 1000), 95).value);
    const over = trendOf(values, 1000);
    expect(over.isExact).toBe(false);
    // Thousandths below 32.768 have a histogram bucket each: k6's answer exactly.
    expect(over.stat('p(95)')).toBe(k6Reference(values, 95).value);
  });

  it('documents its bound in one place', () => {
    expect(ORDER_STAT_RELATIVE_ERROR).toBe(2 ** -15);
    expect(ORDER_STAT_ABSOLUTE_ERROR).toBe(0.0005);
    expect(fallbackErrorBound(-1000, 10)).toBe(0.0005 + 1000 * 2 ** -15);
  });
});

describe('the exact-sample cap setting', () => {
  it('defaults to a million, takes the option first, then LOADGATE_EXACT_TREND_SAMPLES', () => {
    expect(resolveExactTrendSamples(undefined, {})).toBe(1_000_000);
    expect(resolveExactTrendSamples(undefined, { LOADGATE_EXACT_TREND_SAMPLES: '2500' })).toBe(2500);
    expect(resolveExactTrendSamples(10, { LOADGATE_EXACT_TREND_SAMPLES: '2500' })).toBe(10);
  });

  it('rejects what is not a whole number, naming the setting', () => {
    expect(() => resolveExactTrendSamples(undefined, { LOADGATE_EXACT_TREND_SAMPLES: '1e6' })).toThrow(/LOADGATE_EXACT_TREND_SAMPLES=1e6: expected a whole number/);
    expect(() => resolveExactTrendSamples(-1, {})).toThrow(/exactTrendSamples=-1/);
  });
});
