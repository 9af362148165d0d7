import { describe, expect, it } from 'vitest';
import {
  aggregationKey,
  assertAggregationFits,
  parseMetricSelector,
  parseThresholdExpression,
  thresholdHolds,
} from '../../src/core/threshold-expression.js';
import { ThresholdSyntaxError } from '../../src/core/errors.js';

describe('parseThresholdExpression', () => {
  it.each([
    ['p(95)<500', { kind: 'percentile', percentile: 95 }, '<', 500],
    ['p(99.9) <= 1000', { kind: 'percentile', percentile: 99.9 }, '<=', 1000],
    ['rate<0.01', { kind: 'rate' }, '<', 0.01],
    ['count>10', { kind: 'count' }, '>', 10],
    ['value == 5', { kind: 'value' }, '==', 5],
    ['avg!=-1.5', { kind: 'avg' }, '!=', -1.5],
    ['med===2e3', { kind: 'med' }, '===', 2000],
    ['  max >= 0 ', { kind: 'max' }, '>=', 0],
  ] as const)('parses %s', (src, aggregation, operator, value) => {
    const e = parseThresholdExpression(src);
    expect(e.aggregation).toEqual(aggregation);
    expect(e.operator).toBe(operator);
    expect(e.value).toBe(value);
    expect(e.source).toBe(src);
  });

  it.each(['p95<500', 'p(95)<', '<500', 'p(95)=500', 'mean<3', 'rate<abc', 'p(101)<5', '', 'rate < 0.01 ms'])(
    'rejects %j naming the expression',
    (src) => {
      expect(() => parseThresholdExpression(src)).toThrow(ThresholdSyntaxError);
      expect(() => parseThresholdExpression(src)).toThrow(`"${src}"`);
    },
  );

  it('evaluates operators', () => {
    expect(thresholdHolds(parseThresholdExpression('p(95)<500'), 499.9)).toBe(true);
    expect(thresholdHolds(parseThresholdExpression('p(95)<500'), 500)).toBe(false);
    expect(thresholdHolds(parseThresholdExpression('p(95)<=500'), 500)).toBe(true);
    expect(thresholdHolds(parseThresholdExpression('rate>0.9'), 0.9)).toBe(false);
    expect(thresholdHolds(parseThresholdExpression('count>=10'), 10)).toBe(true);
    expect(thresholdHolds(parseThresholdExpression('value==5'), 5)).toBe(true);
    expect(thresholdHolds(parseThresholdExpression('value!=5'), 5)).toBe(false);
  });

  it('knows which aggregations fit which metric type', () => {
    expect(() => assertAggregationFits(parseThresholdExpression('p(95)<1'), 'http_reqs', 'counter')).toThrow(/a counter metric; use count, rate/);
    expect(() => assertAggregationFits(parseThresholdExpression('rate<1'), 'checks', 'rate')).not.toThrow();
    expect(() => assertAggregationFits(parseThresholdExpression('p(95)<1'), 'http_req_duration', 'trend')).not.toThrow();
    expect(() => assertAggregationFits(parseThresholdExpression('count<1'), 'vus', 'gauge')).toThrow(/use value/);
    expect(aggregationKey({ kind: 'percentile', percentile: 99.9 })).toBe('p(99.9)');
  });
});

describe('parseMetricSelector', () => {
  it('parses plain names and tag filters', () => {
    expect(parseMetricSelector('http_req_duration')).toEqual({ source: 'http_req_duration', metric: 'http_req_duration', tags: [] });
    expect(parseMetricSelector('http_req_duration{scenario:peak, name:health}').tags).toEqual([
      ['scenario', 'peak'],
      ['name', 'health'],
    ]);
    expect(parseMetricSelector('http_req_duration{expected_response:true}').tags).toEqual([['expected_response', 'true']]);
  });
  it.each(['http_req_duration{scenario}', 'http_req_duration{}', 'bad name{a:b}', '{a:b}'])('rejects %j', (src) => {
    expect(() => parseMetricSelector(src)).toThrow(ThresholdSyntaxError);
  });
});
