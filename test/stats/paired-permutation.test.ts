import { describe, expect, it } from 'vitest';
import { pairedPermutationTest } from '../../src/stats/paired-permutation.js';
import { holmAdjust } from '../../src/stats/correction.js';
import { seededRandom } from '../../src/core/random.js';

describe('paired sign-flip permutation test with maxT', () => {
  it('enumerates the 2^n sign patterns: d = [1, 2, 3] has p = 2/8', () => {
    // |t| of the 8 patterns: ±(1,2,3) → 3.464; ±(−1,2,3) → 1.109; ±(1,−2,3) → 0.459; ±(1,2,−3) → 0.
    const r = pairedPermutationTest([{ d: [1, 2, 3] }]);
    expect(r).toMatchObject({ patterns: 8, exact: true });
    expect(r.p[0]).toBeCloseTo(2 / 8, 15);
    expect(r.pAdjusted[0]).toBeCloseTo(2 / 8, 15);
  });

  it('eight pairs all one way: p = 2/256, and correlated metrics pay no Bonferroni price', () => {
    const strong = { d: [0.2, 0.25, 0.18, 0.22, 0.3, 0.21, 0.19, 0.24] };
    const alike = { d: strong.d.map((x) => x * 1.3 + 0.01) };
    const r = pairedPermutationTest([strong, alike, { d: strong.d.map((x) => x * 0.8) }]);
    expect(r.p).toEqual([2 / 256, 2 / 256, 2 / 256]);
    expect(r.pAdjusted).toEqual([2 / 256, 2 / 256, 2 / 256]);
    // Holm would have multiplied by the family size.
    expect(holmAdjust(r.p)[0]).toBeCloseTo(3 * (2 / 256), 15);
  });

  it('adjusts a strong metric for unrelated noisy ones (step-down: never below its raw p, monotone)', () => {
    const rand = seededRandom(7);
    const noise = Array.from({ length: 6 }, () => ({ d: Array.from({ length: 10 }, () => rand() - 0.5) }));
    const strong = { d: [0.3, 0.25, 0.4, 0.2, 0.35, -0.05, 0.3, 0.28, 0.33, 0.31] };
    const r = pairedPermutationTest([strong, ...noise]);
    expect(r.pAdjusted[0]).toBeGreaterThanOrEqual(r.p[0]!);
    expect(r.pAdjusted[0]).toBeLessThan(0.05);
    r.p.forEach((p, i) => expect(r.pAdjusted[i]).toBeGreaterThanOrEqual(p));
  });

  it('rounds missing in a series (a saturated pair left out) are skipped in it, not in the others', () => {
    const r = pairedPermutationTest([{ d: [1, 2, undefined, 3] }, { d: [1, 2, 5, 3] }]);
    expect(r.patterns).toBe(16);
    expect(r.p[0]).toBeCloseTo(2 / 8, 15);
    expect(r.p[1]).toBeCloseTo(2 / 16, 15);
  });

  it('one-sided: half the two-sided p in the asked direction, nearly 1 in the other', () => {
    const d = [0.2, 0.25, 0.18, 0.22, 0.3, 0.21, 0.19, 0.24];
    expect(pairedPermutationTest([{ d, direction: 1 }]).p).toEqual([1 / 256]);
    expect(pairedPermutationTest([{ d, direction: -1 }]).p).toEqual([1]);
    // Every value the same: t is infinite, and only the observed pattern reaches it.
    expect(pairedPermutationTest([{ d: [0.1, 0.1, 0.1], direction: 1 }]).p).toEqual([1 / 8]);
    expect(pairedPermutationTest([{ d: [0.1, 0.1, 0.1] }]).p).toEqual([2 / 8]);
  });

  it('nothing to test: no spread and no shift, or a single pair', () => {
    expect(pairedPermutationTest([{ d: [0, 0, 0, 0] }]).p).toEqual([1]);
    expect(pairedPermutationTest([{ d: [0.5] }]).pAdjusted).toEqual([1]);
    expect(pairedPermutationTest([])).toMatchObject({ p: [], pAdjusted: [] });
  });

  it('keeps the family-wise error rate at alpha on A/A data (exact test: 4 metrics, 8 pairs, 1000 runs)', () => {
    const rand = seededRandom(2026);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    let falseAlarms = 0;
    for (let run = 0; run < 1000; run++) {
      const common = Array.from({ length: 8 }, gauss);
      // Correlated metrics: a shared part per round plus their own noise.
      const family = Array.from({ length: 4 }, () => ({ d: common.map((c) => 0.7 * c + 0.7 * gauss()) }));
      if (pairedPermutationTest(family).pAdjusted.some((p) => p <= 0.05)) falseAlarms++;
    }
    expect(falseAlarms / 1000).toBeLessThanOrEqual(0.06);
    expect(falseAlarms / 1000).toBeGreaterThan(0.02);
  });

  it('samples patterns beyond 14 rounds, reproducibly', () => {
    const d = Array.from({ length: 20 }, (_, i) => 0.1 + (i % 3) * 0.05);
    const a = pairedPermutationTest([{ d }]);
    expect(a.exact).toBe(false);
    expect(a.patterns).toBe(20_000);
    expect(a.p[0]).toBeCloseTo(1 / 20_000, 12);
    expect(pairedPermutationTest([{ d }]).p).toEqual(a.p);
  });
});
