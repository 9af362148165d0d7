/** Expected changes: the ratio interval on hand-checked samples, and the gate's use of it. */
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { judgeExpectation, mannWhitneyNullCdf, minSamplesForRatioCi, ratioCiOrder } from '../../src/stats/expected-change.js';
import { gate, repsOf, run, scenario } from '../compare/results-builder.js';

describe('the Mann–Whitney null distribution behind the interval', () => {
  it('counts arrangements like partitions in an n×m box (n = m = 6: 1, 1, 2, 3, 5, 7, 11, 13 of 924)', () => {
    const cdf = mannWhitneyNullCdf(6, 6);
    const counts = cdf.slice(0, 8).map((p, u) => Math.round((p - (u > 0 ? (cdf[u - 1] as number) : 0)) * 924));
    expect(counts).toEqual([1, 1, 2, 3, 5, 7, 11, 13]);
    expect(cdf[36]).toBeCloseTo(1, 12);
    expect(mannWhitneyNullCdf(3, 5)[0]).toBeCloseTo(1 / 56, 15);
  });

  it('picks the order C with P(U ≤ C−1) ≤ 2.5% < P(U ≤ C)', () => {
    // n = m = 6: P(U ≤ 5) = 19/924 = 0.0206, P(U ≤ 6) = 30/924 = 0.0325 → C = 6.
    expect(ratioCiOrder(6, 6, 0.95)).toBe(6);
    // n = m = 3: P(U ≤ 0) = 1/20 = 0.05 > 0.025 → no 95% interval; n = m = 4: 1/70 → C = 1.
    expect(ratioCiOrder(3, 3, 0.95)).toBe(0);
    expect(ratioCiOrder(4, 4, 0.95)).toBe(1);
    expect(minSamplesForRatioCi(0.95)).toBe(4);
    // Normal approximation (Hollander & Wolfe 4.41) beyond 50 per side agrees with the exact order at 50.
    expect(ratioCiOrder(50, 50, 0.95)).toBe(Math.round(1250 - 1.959963984540054 * Math.sqrt((2500 * 101) / 12)));
    expect(ratioCiOrder(60, 60, 0.95)).toBe(Math.round(1800 - 1.959963984540054 * Math.sqrt((3600 * 121) / 12)));
  });
});

describe('judgeExpectation', () => {
  const base = [10, 10, 10, 10, 10, 10];
  const head = [4, 4.5, 5, 5.5, 4.8, 4.2];

  it('gives the Hodges–Lehmann ratio and [D(6), D(31)] of the 36 pairwise ratios', () => {
    // Ratios: 0.4, 0.42, 0.45, 0.48, 0.5, 0.55, six of each. D(6) = 0.4, D(31) = 0.55;
    // the median of the log-ratios is between D(18) = log 0.45 and D(19) = log 0.48.
    const v = judgeExpectation(base, head, { factor: 0.5 }, 'lower', 0.95);
    expect(v.ratioLo).toBeCloseTo(0.4, 12);
    expect(v.ratioHi).toBeCloseTo(0.55, 12);
    expect(v.ratio).toBeCloseTo(Math.sqrt(0.45 * 0.48), 12);
    // The point estimate is below 0.5 but the interval is not: not verified.
    expect(v.met).toBe(false);
    expect(judgeExpectation(base, head, { factor: 0.55 }, 'lower', 0.95).met).toBe(true);
    expect(judgeExpectation(base, head, { factor: 0.549 }, 'lower', 0.95).met).toBe(false);
  });

  it('for higher-is-better, needs the whole interval at or above the factor', () => {
    const b = [100, 100, 100, 100, 100, 100];
    const h = [210, 220, 205, 230, 215, 225];
    const v = judgeExpectation(b, h, { factor: 2 }, 'higher', 0.95);
    expect([v.ratioLo, v.ratioHi].map((x) => x?.toFixed(6))).toEqual(['2.050000', '2.300000']);
    expect(v.met).toBe(true);
    expect(judgeExpectation(b, h, { factor: 2.1 }, 'higher', 0.95).met).toBe(false);
  });

  it('is not verified with too few samples, zero values or a missing side, and says why', () => {
    const few = judgeExpectation([10, 10, 10], [1, 1, 1], { factor: 0.5 }, 'lower', 0.95);
    expect(few.ratio).toBeCloseTo(0.1, 12);
    expect(few).toMatchObject({ met: false, ratioLo: null, ratioHi: null, note: 'need >= 4 samples per side for a 95% interval of the ratio' });
    expect(judgeExpectation([0, 1, 1, 1], [1, 1, 1, 1], { factor: 0.5 }, 'lower', 0.95).note).toMatch(/values > 0/);
    expect(judgeExpectation([], [1], { factor: 0.5 }, 'lower', 0.95).note).toBe('not measured on both sides');
  });
});

describe('compareRuns with an expected change', () => {
  const expectHalf = [gate('http_req_duration', 'p(95)', 'lower', { expect: { factor: 0.5 } })];
  const base = run('base', [scenario('api', repsOf('http_req_duration', 'p(95)', [100, 102, 98, 101, 99, 100]), { gating: expectHalf })]);

  it('passes when the optimisation is verified (head ≈ 0.4× base)', () => {
    const head = run('head', [scenario('api', repsOf('http_req_duration', 'p(95)', [40, 41, 39, 40.5, 39.5, 40]), { gating: expectHalf })]);
    const c = compareRuns(base, head);
    const mc = c.scenarios[0]?.metrics[0];
    expect(mc?.verdict).toBe('improved');
    expect(mc?.expectation?.met).toBe(true);
    expect(mc?.expectation?.ratioHi).toBeLessThan(0.5);
    expect(c.verdict).toBe('pass');
  });

  it('fails with a reason line when the improvement is real but smaller than expected (≈ 0.6×)', () => {
    const head = run('head', [scenario('api', repsOf('http_req_duration', 'p(95)', [60, 61, 59, 60.5, 59.5, 60]), { gating: expectHalf })]);
    const c = compareRuns(base, head);
    expect(c.scenarios[0]?.metrics[0]?.verdict).toBe('improved');
    expect(c.verdict).toBe('fail');
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]).toMatch(/^api: http_req_duration p\(95\) expected change not verified: expected at most 0\.5× the baseline, measured 0\.600× \(95% CI 0\.5\d\d×–0\.6\d\d×\)$/);
  });

  it('reports but does not fail on a non-gating metric', () => {
    const soft = [gate('http_req_duration', 'p(95)', 'lower', { expect: { factor: 0.5 }, gate: false })];
    const head = run('head', [scenario('api', repsOf('http_req_duration', 'p(95)', [60, 61, 59, 60.5, 59.5, 60]), { gating: soft })]);
    const c = compareRuns(run('base', [scenario('api', repsOf('http_req_duration', 'p(95)', [100, 102, 98, 101, 99, 100]), { gating: soft })]), head);
    expect(c.scenarios[0]?.metrics[0]?.expectation?.met).toBe(false);
    expect(c.verdict).toBe('pass');
  });
});
