import { describe, expect, it } from 'vitest';
import { pairedTest, regularizedIncompleteBeta, studentTQuantile, studentTTwoSidedP } from '../../src/stats/paired-t.js';

// Reference values from scipy.stats 1.17 (t.sf, t.ppf, ttest_rel), computed independently.
describe("Student's t", () => {
  it.each([
    [2.364624, 7, 0.050000018504136],
    [3.499483, 7, 0.010000004006318],
    [12.7062, 1, 0.05000001856071],
    [3.4641016151377544, 3, 0.04051932635383402],
  ])('two-sided p of t=%s with %s df', (t, df, p) => {
    expect(studentTTwoSidedP(t, df)).toBeCloseTo(p, 10);
    expect(studentTTwoSidedP(-t, df)).toBeCloseTo(p, 10);
  });

  it('quantiles invert it', () => {
    expect(studentTQuantile(0.975, 7)).toBeCloseTo(2.364624251592784, 9);
    expect(studentTQuantile(0.995, 3)).toBeCloseTo(5.840909309733355, 8);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-2.364624251592784, 9);
    expect(studentTQuantile(0.5, 4)).toBe(0);
  });

  it('the incomplete beta at its edges and its symmetry', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a)
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.3, 2.5, 4)).toBeCloseTo(1 - regularizedIncompleteBeta(0.7, 4, 2.5), 14);
  });
});

describe('pairedTest', () => {
  it('tests ln(head/base) per pair (scipy ttest_rel on the logs)', () => {
    const base = [10, 12, 9, 11, 10.5, 9.5, 10.2, 11.1];
    const head = [11.5, 13.1, 10.2, 12.9, 11.6, 10.1, 11.9, 12.0];
    const r = pairedTest(base, head);
    expect(r.scale).toBe('log');
    expect(r.n).toBe(8);
    expect(r.meanD).toBeCloseTo(0.11311854897550705, 12);
    expect(r.p).toBeCloseTo(5.2463789541922194e-5, 12);
    expect(r.lo).toBeCloseTo(0.08243524344495183, 10);
    expect(r.hi).toBeCloseTo(0.14380185450606228, 10);
  });

  it('a drift that moves both values of every pair is not a change', () => {
    // The machine slows by 1.8x over the run; the head is the same build.
    const drift = [1, 1.1, 1.25, 1.4, 1.55, 1.7, 1.8, 1.75];
    const base = drift.map((f, i) => 0.05 * f * (i % 2 ? 1.01 : 0.99));
    const head = drift.map((f, i) => 0.05 * f * (i % 2 ? 0.99 : 1.01));
    expect(pairedTest(base, head).p).toBeGreaterThan(0.5);
    // …and a 20 % slower head on the same drifting machine is found.
    expect(pairedTest(base, head.map((v) => v * 1.2)).p).toBeLessThan(1e-4);
  });

  it('falls back to differences when a value is 0 (an error rate): d = [0.1, 0.3, 0.1, 0.3]', () => {
    const r = pairedTest([0, 0, 0, 0], [0.1, 0.3, 0.1, 0.3]);
    expect(r.scale).toBe('difference');
    expect(r.meanD).toBeCloseTo(0.2, 12);
    expect(r.p).toBeCloseTo(0.04051932635383402, 10);
  });

  it('is 1 for identical pairs or too few of them, and refuses unpaired input', () => {
    expect(pairedTest([1, 2, 3], [1, 2, 3]).p).toBe(1);
    expect(pairedTest([0, 0], [0, 0])).toMatchObject({ p: 1, scale: 'difference', meanD: 0 });
    expect(pairedTest([1], [2])).toMatchObject({ n: 1, p: 1, lo: null, hi: null });
    expect(() => pairedTest([1, 2], [1])).toThrow(/needs pairs/);
  });
});
