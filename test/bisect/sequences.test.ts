import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { counterbalancedSequences } from '../../src/runner/run-suite.js';

/** The order of three interleaved sides in a bisect step (runner/run-suite.ts measureSides). */
describe('counterbalanced sequences of three sides', () => {
  it('runs each of the six orders once per block of six, so every pair runs either way round equally often', () => {
    const seqs = counterbalancedSequences(12, seededRandom(3));
    for (const block of [seqs.slice(0, 6), seqs.slice(6)]) {
      expect(new Set(block.map((s) => s.join(''))).size).toBe(6);
      for (const [a, b] of [[0, 1], [1, 2], [0, 2]] as const) {
        expect(block.filter((s) => s.indexOf(a) < s.indexOf(b))).toHaveLength(3);
      }
    }
    expect(counterbalancedSequences(5, seededRandom(1))).toHaveLength(5);
    expect(counterbalancedSequences(0)).toEqual([]);
  });
});
