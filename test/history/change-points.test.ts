import { describe, expect, it } from 'vitest';
import { detectChangePoints } from '../../src/history/change-points.js';
import { seededRandom } from '../../src/core/random.js';
import { flat, noisySeries } from './series.js';

describe('change points (E-divisive means + permutation test, Hunter pruning)', () => {
  it('finds a 10% step at the right index in every one of 30 seeded series (3% noise)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const found = detectChangePoints(noisySeries([...flat(100, 20), ...flat(110, 20)], 0.03, seed));
      expect(found.some((c) => Math.abs(c.index - 20) <= 1), `seed ${seed}: ${JSON.stringify(found)}`).toBe(true);
      const step = found.find((c) => Math.abs(c.index - 20) <= 1)!;
      expect(step.after).toBeGreaterThan(step.before);
      expect(step.deltaPct).toBeGreaterThan(5);
    }
  });

  it('finds two steps (up then partly down) at their indexes', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const found = detectChangePoints(noisySeries([...flat(100, 15), ...flat(125, 15), ...flat(108, 15)], 0.02, seed));
      expect(found.map((c) => c.index).sort((a, b) => a - b), `seed ${seed}`).toEqual([expect.closeTo(15, 1.01), expect.closeTo(30, 1.01)]);
    }
  });

  it('finds a step only four runs before the end', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const found = detectChangePoints(noisySeries([...flat(100, 26), ...flat(115, 4)], 0.03, seed));
      expect(found.map((c) => c.index), `seed ${seed}`).toContainEqual(expect.closeTo(26, 1.01));
    }
  });

  it('pure noise: false-alarm rate over 300 seeds stays low (printed)', () => {
    let alarms = 0;
    for (let seed = 1; seed <= 300; seed++) if (detectChangePoints(noisySeries(flat(100, 30), 0.03, seed)).length > 0) alarms++;
    const rate = alarms / 300;
    console.log(`change points in pure noise: ${alarms}/300 series = ${(rate * 100).toFixed(1)}% (30 runs, 3% noise, alpha 0.01, min magnitude 5%)`);
    expect(rate).toBeLessThanOrEqual(0.03);
  });

  it('one noisy week (a 2.5x outlier anywhere in the series) is not a change point', () => {
    let flaggedNear = 0;
    for (let seed = 1; seed <= 10; seed++) {
      for (let pos = 0; pos < 30; pos++) {
        const values = noisySeries(flat(100, 30), 0.03, seed);
        values[pos] = values[pos]! * 2.5;
        if (detectChangePoints(values).some((c) => Math.abs(c.index - pos) <= 2)) flaggedNear++;
      }
    }
    expect(flaggedNear).toBe(0);
  });

  it('a real but small shift is pruned by the minimum magnitude, kept when the minimum is lower', () => {
    const values = noisySeries([...flat(100, 20), ...flat(102, 20)], 0.002, 7);
    expect(detectChangePoints(values)).toEqual([]);
    expect(detectChangePoints(values, { minMagnitudePct: 1 }).map((c) => c.index)).toEqual([20]);
  });

  it('is deterministic for a seed, and handles short and flat series', () => {
    const values = noisySeries([...flat(100, 12), ...flat(112, 12)], 0.04, 3);
    expect(detectChangePoints(values)).toEqual(detectChangePoints(values));
    expect(detectChangePoints([1, 2, 3, 4, 5])).toEqual([]);
    expect(detectChangePoints(flat(5, 40))).toEqual([]);
    expect(() => detectChangePoints([1, Number.NaN, 2])).toThrow(/finite/);
  });

  it('zero levels use the effect floor (errors 0 → 0.2 with a floor of 0.01)', () => {
    const values = [...flat(0, 10), ...flat(0.2, 10)];
    expect(detectChangePoints(values, { effectFloor: 0.01 }).map((c) => c.index)).toEqual([10]);
  });

  it('seededRandom is uniform enough and reproducible', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
