import { describe, expect, it } from 'vitest';
import { mannWhitneyU, minPossibleP, minSamplesToDetect, tooFewSamplesNote } from '../../src/stats/mann-whitney.js';

describe('mannWhitneyU exact, no ties', () => {
  it('fully separated 3 vs 3: only 1 of C(6,3)=20 arrangements has U=0 → p = 2/20', () => {
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r).toMatchObject({ u: 0, method: 'exact' });
    // Mann & Whitney's recurrence in floating point, as go-moremath computes it: 0.1 to the last bits.
    expect(r.p).toBeCloseTo(0.1, 15);
  });
  it('x=[1,2,4], y=[3,5,6]: U1=8, U2=1; P(U≤1) = 2/20 → p = 0.2', () => {
    const r = mannWhitneyU([1, 2, 4], [3, 5, 6]);
    expect(r.u).toBe(1);
    expect(r.p).toBeCloseTo(0.2, 15);
  });
  it('6 vs 6 separated gives the smallest possible p, 2/C(12,6) = 2/924', () => {
    expect(mannWhitneyU([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]).p).toBeCloseTo(2 / 924, 15);
    expect(minPossibleP(6)).toBeCloseTo(2 / 924, 15);
  });
  it('is symmetric in its arguments and p = 1 at the center', () => {
    const a = [3, 9, 1, 7, 5];
    const b = [4, 10, 2, 8, 6];
    expect(mannWhitneyU(a, b).p).toBe(mannWhitneyU(b, a).p);
    expect(mannWhitneyU([1, 4], [2, 3]).p).toBe(1);
  });
  it('n=1 each: p = 1 (nothing can be detected)', () => {
    expect(mannWhitneyU([100], [101]).p).toBe(1);
  });
});

describe('mannWhitneyU with ties', () => {
  it('exact conditional distribution: x=[1,1,2], y=[2,3,3]', () => {
    // Tie groups {1,1},{2,2},{3,3}, midranks 1.5, 3.5, 5.5; R1 = 6.5, U1 = 0.5.
    // Picking k1+k2+k3 = 3 with C(2,k1)C(2,k2)C(2,k3) ways: U=0.5 in 2 of 20 ways (k=(2,1,0)).
    // P(U ≤ 0.5) = 2/20 → p = 0.2.
    const r = mannWhitneyU([1, 1, 2], [2, 3, 3]);
    expect(r).toMatchObject({ u: 0.5, method: 'exact-ties' });
    expect(r.p).toBeCloseTo(0.2, 15);
  });
  it("benchstat's gob example: p = 0.446 (printed), json: < 0.0005", () => {
    const og = [3069, 3075, 3069, 3067, 3207, 3064, 3064, 3058, 3059, 3062];
    const ng = [3075, 3065, 3059, 3065, 3060, 3081, 3186, 3135, 3087, 3062];
    expect(mannWhitneyU(og, ng).p.toFixed(3)).toBe('0.446');
  });
  it('all values equal → p = 1', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5]).p).toBe(1);
    expect(mannWhitneyU([0, 0], [0, 0])).toMatchObject({ p: 1, method: 'degenerate' });
  });
  it('zeros against a constant: separated with ties → 2/C(12,6)', () => {
    expect(mannWhitneyU([0, 0, 0, 0, 0, 0], [1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4]).p).toBeCloseTo(2 / 924, 15);
  });
});

describe('mannWhitneyU normal approximation', () => {
  it('agrees with a permutation estimate on 30 vs 30 with ties', () => {
    // Ties and n > 25 → normal approximation with tie and continuity correction.
    const x = Array.from({ length: 30 }, (_, i) => Math.floor(i / 3));
    const y = Array.from({ length: 30 }, (_, i) => Math.floor(i / 3) + 2);
    const r = mannWhitneyU(x, y);
    expect(r.method).toBe('normal');
    // Permutation test with a fixed-seed LCG: fraction of shuffles with min(U) <= observed.
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const all = [...x, ...y];
    const uOf = (a: number[], b: number[]): number => {
      let u = 0;
      for (const p of a) for (const q of b) u += p < q ? 1 : p === q ? 0.5 : 0;
      return Math.min(u, a.length * b.length - u);
    };
    const observed = uOf(x, y);
    let hits = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [all[i], all[j]] = [all[j] as number, all[i] as number];
      }
      if (uOf(all.slice(0, 30), all.slice(30)) <= observed) hits++;
    }
    expect(Math.abs(r.p - hits / trials)).toBeLessThan(0.03);
  });
  it('large separated samples give a tiny but positive p', () => {
    const a = Array.from({ length: 60 }, (_, i) => i);
    const b = a.map((v) => v + 100);
    const p = mannWhitneyU(a, b).p;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-15);
  });
});

describe('too few samples', () => {
  it('needs 4 per side at alpha 0.05 (min p with 3 is 0.1, with 4 is 2/70)', () => {
    expect(minSamplesToDetect(0.05)).toBe(4);
    expect(minPossibleP(3)).toBeCloseTo(0.1, 15);
    expect(minPossibleP(4)).toBeCloseTo(2 / 70, 15);
    expect(tooFewSamplesNote(3, 3, 0.1, 0.05)).toBe('need >= 4 samples to detect a difference at alpha level 0.05');
    expect(tooFewSamplesNote(3, 10, 0.3, 0.05)).toBeUndefined();
    expect(tooFewSamplesNote(3, 3, 0.01, 0.05)).toBeUndefined();
  });
});

describe('exact conditional distribution against brute-force enumeration', () => {
  it('matches all C(10,5) = 252 relabellings of a heavily tied sample', () => {
    const x = [1, 1, 2, 3, 3];
    const y = [2, 3, 4, 4, 5];
    const all = [...x, ...y];
    const uOf = (a: number[], b: number[]): number => {
      let u = 0;
      for (const p of a) for (const q of b) u += p < q ? 1 : p === q ? 0.5 : 0;
      return u;
    };
    const u1 = uOf(x, y);
    const uMin = Math.min(u1, 25 - u1);
    let hits = 0;
    let total = 0;
    for (let mask = 0; mask < 1 << 10; mask++) {
      let bits = 0;
      for (let i = 0; i < 10; i++) if (mask & (1 << i)) bits++;
      if (bits !== 5) continue;
      const a = all.filter((_, i) => mask & (1 << i));
      const b = all.filter((_, i) => !(mask & (1 << i)));
      total++;
      if (uOf(a, b) <= uMin) hits++;
    }
    expect(total).toBe(252);
    const r = mannWhitneyU(x, y);
    expect(r.method).toBe('exact-ties');
    expect(r.p).toBeCloseTo(Math.min(1, (2 * hits) / total), 14);
  });
});
