import { describe, expect, it } from 'vitest';
import { adjustPValues, benjaminiHochbergAdjust, holmAdjust } from '../../src/stats/correction.js';

describe('multiple-comparison corrections', () => {
  const ps = [0.01, 0.04, 0.03, 0.005];
  it('Holm: sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1, made monotone', () => {
    // 0.02, 0.03, 0.06, max(0.06, 0.04) = 0.06
    const adj = holmAdjust(ps);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 15));
  });
  it('Benjamini–Hochberg: m/rank · p, made monotone from the top', () => {
    // ranks: 0.005→1 (0.02), 0.01→2 (0.02), 0.03→3 (0.04), 0.04→4 (0.04)
    const adj = benjaminiHochbergAdjust(ps);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 15));
  });
  it('caps at 1, keeps nulls out of the family, none is identity', () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(adjustPValues([0.01, null, 0.02], 'holm')).toEqual([0.02, null, 0.02]);
    expect(adjustPValues([0.01, null], 'none')).toEqual([0.01, null]);
    expect(adjustPValues([], 'bh')).toEqual([]);
  });
});
