import { describe, expect, it } from 'vitest';
import { cleanText, formatCi, formatDelta, formatNumber, formatP, formatValue, plural } from '../../src/report/format.js';
import { niceTicks } from '../../src/report/charts.js';

describe('report number formatting', () => {
  it('prints deltas and p-values the way benchstat does', () => {
    expect(formatDelta(23.1)).toBe('+23.10%');
    expect(formatDelta(-4.567)).toBe('-4.57%');
    expect(formatDelta(0)).toBe('+0.00%');
    expect(formatDelta(null)).toBe('—');
    expect(formatP(0.0021)).toBe('p=0.002');
    expect(formatP(0.0004)).toBe('p<0.001');
    expect(formatP(1)).toBe('p=1.000');
    expect(formatCi(4.4)).toBe('± 4%');
    expect(formatCi(null)).toBe('± ∞');
  });

  it('formats values by unit, k6 Rate fractions as percentages', () => {
    expect(formatValue(612.34, 'ms')).toBe('612.3 ms');
    expect(formatValue(12_500, 'ms')).toBe('12.5 s');
    expect(formatValue(0.0123, '', true)).toBe('1.23%');
    expect(formatValue(63_974, 'B')).toBe('63.97 kB');
    expect(formatValue(410.2, '/s')).toBe('410.2/s');
    expect(formatValue(null, 'ms')).toBe('—');
    expect(formatNumber(1_234_567)).toBe('1,234,567');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(plural(1, 'threshold')).toBe('1 threshold');
    expect(plural(2, 'threshold')).toBe('2 thresholds');
  });

  it('drops characters XML cannot hold', () => {
    expect(cleanText('a\u0000b\u0008c\td\n')).toBe('a\uFFFDb\uFFFDc\td\n');
    expect(cleanText(null)).toBe('');
  });

  it('picks nice chart ticks that cover the data', () => {
    expect(niceTicks(0, 239, 5)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
