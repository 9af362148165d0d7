import { describe, expect, it } from 'vitest';
import {
  binomialPmf,
  ciHalfWidthPct,
  medianCi,
  minSamplesForMedianCi,
  quantileCiOrders,
  summarizeSamples,
} from '../../src/stats/median-ci.js';
import { erfc, normalCdf, normalInvCdf } from '../../src/stats/normal.js';

describe('quantileCiOrders (median, exact binomial for n <= 30)', () => {
  it('n=6 → [x(1), x(6)] with coverage 62/64', () => {
    // K ~ Bin(6, .5): mode 3 (20/64); add 2 (15, left on tie), 4 (15), 1 (6, left on tie), 5 (6) → 62/64.
    expect(quantileCiOrders(6, 0.5, 0.95)).toEqual({ loOrder: 1, hiOrder: 6, coverage: 62 / 64 });
  });
  it('n=10 → [x(2), x(9)]: coverage 1 − 2·(1+10)/1024', () => {
    expect(quantileCiOrders(10, 0.5, 0.95)).toEqual({ loOrder: 2, hiOrder: 9, coverage: 1 - 22 / 1024 });
  });
  it('n=20 → [x(6), x(15)]: coverage 1 − 2·P(K ≤ 5)', () => {
    const tail = (1 + 20 + 190 + 1140 + 4845 + 15504) / 2 ** 20;
    const r = quantileCiOrders(20, 0.5, 0.95);
    expect([r.loOrder, r.hiOrder]).toEqual([6, 15]);
    expect(r.coverage).toBeCloseTo(1 - 2 * tail, 14);
  });
  it('n=5 is unbounded below (lo order 0): 6 samples are needed at 0.95', () => {
    expect(quantileCiOrders(5, 0.5, 0.95).loOrder).toBe(0);
    expect(minSamplesForMedianCi(0.95)).toBe(6);
  });
  it('n > 30 uses the normal approximation and still covers >= the confidence', () => {
    for (const n of [31, 50, 100, 1000]) {
      const r = quantileCiOrders(n, 0.5, 0.95);
      expect(r.coverage).toBeGreaterThanOrEqual(0.95);
      // Roughly symmetric around n/2 (left bias allowed).
      expect(Math.abs(r.loOrder - 1 + r.hiOrder - 1 - (n - 1))).toBeLessThanOrEqual(2);
    }
    // n=100: 1.96·5 = 9.8 around 50 → [40, 60] (the classic table value).
    expect(quantileCiOrders(100, 0.5, 0.95)).toMatchObject({ loOrder: 40, hiOrder: 60 });
  });
  it('binomialPmf sums to 1', () => {
    let s = 0;
    for (let k = 0; k <= 17; k++) s += binomialPmf(17, 0.5, k);
    expect(s).toBeCloseTo(1, 14);
  });
});

describe('medianCi and summaries', () => {
  it('benchstat example: old json sample → 1718 [1707, 1736], ± 1%', () => {
    const ci = medianCi([1726, 1723, 1707, 1707, 1713, 1729, 1736, 1707, 1705, 1774]);
    expect(ci).toMatchObject({ center: 1718, lo: 1707, hi: 1736 });
    // max(1736/1718 − 1, 1 − 1707/1718) = 1.0477 %
    expect(ciHalfWidthPct(ci.center, ci.lo, ci.hi)).toBeCloseTo((1736 / 1718 - 1) * 100, 12);
  });
  it('n=1: median is the value, CI unbounded, note says why', () => {
    const s = summarizeSamples([42]);
    expect(s).toMatchObject({ n: 1, center: 42, lo: null, hi: null, ciPct: null });
    expect(s.note).toBe('need >= 6 samples for confidence interval at level 0.95');
  });
  it('all equal: ± 0 %; zeros: 0 %; bounds of mixed sign: not expressible', () => {
    expect(summarizeSamples([5, 5, 5, 5, 5, 5]).ciPct).toBe(0);
    expect(summarizeSamples([0, 0, 0, 0, 0, 0]).ciPct).toBe(0);
    expect(ciHalfWidthPct(1, -1, 2)).toBeNull();
  });
  it('keeps the samples in repetition order', () => {
    expect(summarizeSamples([3, 1, 2]).values).toEqual([3, 1, 2]);
  });
});

describe('normal distribution', () => {
  it('matches known values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(erfc(3)).toBeCloseTo(2.209049699858544e-5, 18);
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 10);
    expect(normalInvCdf(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalInvCdf(1e-10)).toBeCloseTo(-6.361340902404056, 9);
  });
});
