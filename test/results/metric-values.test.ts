/** A stat read out of a repetition is read by the one aggregation parser (core/threshold-expression). */
import { describe, expect, it } from 'vitest';
import { encodeHistogram, HISTOGRAM_SCALE, newHistogram } from '../../src/core/hdr-histogram.js';
import { repetitionValue } from '../../src/results/metric-values.js';
import { repetition } from '../compare/results-builder.js';

const histogram = newHistogram();
for (let ms = 1; ms <= 100; ms++) histogram.recordValue(ms * HISTOGRAM_SCALE);
const rep = repetition(0, { http_req_duration: { values: { count: 100, med: 50, 'p(95)': 95 } } }, { http_req_duration: encodeHistogram(histogram) });

describe('repetitionValue', () => {
  it.each([
    ['p(95)', 95],
    ['p( 95 )', 95],
    ['p(95.0)', 95],
    ['med', 50],
  ])('finds %j under the summary key', (stat, value) => {
    expect(repetitionValue(rep, 'http_req_duration', stat)).toBe(value);
  });

  it('reads a percentile the summary does not carry from the histogram, written as ParseFloat reads it', () => {
    expect(repetitionValue(rep, 'http_req_duration', 'p(1e1)')).toBeCloseTo(10, 1);
    expect(repetitionValue(rep, 'http_req_duration', 'p(0x1p4)')).toBeCloseTo(16, 1);
  });

  it('has no value for a stat the parser refuses', () => {
    expect(repetitionValue(rep, 'http_req_duration', 'p(200)')).toBeUndefined();
    expect(repetitionValue(rep, 'http_req_duration', 'p95')).toBeUndefined();
  });
});
