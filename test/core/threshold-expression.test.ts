import { describe, expect, it } from 'vitest';
import {
  aggregationFits,
  aggregationMisfit,
  aggregationKey,
  AGGREGATIONS_BY_TYPE,
  parseMetricSelector,
  parseThresholdExpression,
  readThresholdExpression,
  statProblem,
  thresholdHolds,
  type ThresholdDialect,
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

  it('knows which aggregations fit which metric type (k6\'s table, in its order)', () => {
    expect(AGGREGATIONS_BY_TYPE).toEqual({ counter: ['count', 'rate'], gauge: ['value'], rate: ['rate'], trend: ['avg', 'min', 'max', 'med', 'p'] });
    expect(aggregationFits({ kind: 'percentile', percentile: 95 }, 'counter')).toBe(false);
    expect(aggregationFits({ kind: 'rate' }, 'rate')).toBe(true);
    expect(aggregationFits({ kind: 'percentile', percentile: 95 }, 'trend')).toBe(true);
    expect(aggregationFits({ kind: 'count' }, 'gauge')).toBe(false);
    expect(aggregationKey({ kind: 'percentile', percentile: 99.9 })).toBe('p(99.9)');
    expect(aggregationMisfit({ kind: 'percentile', percentile: 95 }, 'http_reqs', 'counter')).toBe('`p(95)` does not apply to http_reqs, a counter metric; use count, rate');
    expect(aggregationMisfit({ kind: 'count' }, 'vus', 'gauge')).toBe('`count` does not apply to vus, a gauge metric; use value');
    expect(aggregationMisfit({ kind: 'rate' }, 'http_req_duration', 'trend')).toBe('`rate` does not apply to http_req_duration, a trend metric; use avg, min, max, med, p(N)');
    expect(aggregationMisfit({ kind: 'med' }, 'http_req_duration', 'trend')).toBeNull();
  });
});

/**
 * One parser, three dialects. `k6` is k6 v2.2.0 (checked against the real binary), `k6-v0.49`
 * differs only on a percentile outside 0..100, `loadgate` is k6 plus what loadgate's config
 * accepted before it followed k6. A number is the parsed value (percentile for a `p(N)` left side
 * when the row is about it); 'refused' is a refusal.
 */
describe('threshold dialects', () => {
  type Verdict = number | 'refused';
  const rows: Array<[string, Verdict, Verdict, Verdict, string]> = [
    // expression       k6          k6-v0.49    loadgate    why
    ['p(95)<200', 200, 200, 200, 'the plain form'],
    ['avg < Inf', Infinity, Infinity, Infinity, 'ParseFloat reads Inf'],
    ['avg < -inf', -Infinity, -Infinity, -Infinity, 'any case, with a sign'],
    ['avg < 1_000', 1000, 1000, 1000, 'Go underscores between digits'],
    ['count < 0x1p4', 16, 16, 16, 'hex float with a binary exponent'],
    ['count < 0x10', 'refused', 'refused', 'refused', 'hex without p exponent is not a float'],
    ['avg < .5', 0.5, 0.5, 0.5, 'no leading digit'],
    ['avg < 5.', 5, 5, 5, 'no digit after the point'],
    ['avg < +5', 5, 5, 5, 'a plus sign'],
    ['avg < 1e400', 'refused', 'refused', Infinity, 'overflow: k6 refuses, loadgate reads +Inf as it always did'],
    ['avg < -1e400', 'refused', 'refused', -Infinity, 'overflow, negative'],
    ['avg < 1e-400', 0, 0, 0, 'underflow is 0 for everyone'],
    ['avg<1__0', 'refused', 'refused', 'refused', 'doubled underscore'],
    ['avg < ', 'refused', 'refused', 'refused', 'no number'],
    ['p( 95 ) < 5', 'refused', 'refused', 5, 'white space inside p(): loadgate only'],
    ['\ufeffavg < 5', 'refused', 'refused', 5, 'a leading byte-order mark: loadgate only'],
    ['avg < 5\ufeff', 'refused', 'refused', 5, 'U+FEFF is white space to loadgate'],
    ['\u0085avg < 5', 5, 5, 5, 'U+0085 is white space to Go'],
    ['p (95) < 5', 'refused', 'refused', 'refused', 'no space between p and ('],
    ['p(101) < 5', 'refused', 5, 'refused', 'v0.49 took a percentile above 100'],
    ['p(-1) < 5', 'refused', 5, 'refused', 'v0.49 took a negative percentile'],
    ['p(x) < 5', 'refused', 'refused', 'refused', 'percentile not a number'],
    ['AVG < 5', 'refused', 'refused', 'refused', 'aggregations are lower case'],
    ['p95<500', 'refused', 'refused', 'refused', 'p without parentheses'],
    ['p(95)=500', 'refused', 'refused', 'refused', 'no operator token'],
    ['p(95) => 500', 'refused', 'refused', 'refused', '`>` splits first-found: `p(95) =` is no aggregation'],
    ['p(95)<500 && avg<3', 'refused', 'refused', 'refused', 'one expression per string'],
    ['value===5', 5, 5, 5, '=== is an operator'],
    ['rate < 0.01 ms', 'refused', 'refused', 'refused', 'no units'],
  ];
  const dialects: ThresholdDialect[] = ['k6', 'k6-v0.49', 'loadgate'];

  it.each(rows)('%j: k6 %s, k6-v0.49 %s, loadgate %s (%s)', (source, ...verdicts) => {
    dialects.forEach((dialect, i) => {
      const read = readThresholdExpression(source, dialect);
      expect([dialect, read.ok ? read.value.value : 'refused']).toEqual([dialect, verdicts[i]]);
    });
  });

  it.each([
    ['p(1e1) < 5', 10],
    ['p(0x1p4) < 5', 16],
    ['p(99.9) < 5', 99.9],
    ['p(-0) < 5', -0],
  ])('reads the percentile of %j as ParseFloat does: %s', (source, percentile) => {
    for (const dialect of dialects) {
      const read = readThresholdExpression(source, dialect);
      expect(read.ok && read.value.aggregation).toEqual({ kind: 'percentile', percentile });
    }
  });

  it('p(NaN): k6 v2 and loadgate refuse, v0.49 took it', () => {
    expect(readThresholdExpression('p(NaN)<5', 'k6').ok).toBe(false);
    expect(readThresholdExpression('p(NaN)<5', 'loadgate').ok).toBe(false);
    expect(readThresholdExpression('p(NaN)<5', 'k6-v0.49').ok).toBe(true);
    const nan = readThresholdExpression('avg < NaN', 'loadgate');
    expect(nan.ok && Number.isNaN(nan.value.value)).toBe(true);
  });

  it.each([
    ['p(95)=500', 'invalid threshold "p(95)=500": no comparison operator (<, <=, >, >=, ==, ===, !=); expected `<aggregation> <operator> <number>`'],
    ['mean<3', 'invalid threshold "mean<3": unknown aggregation "mean"; valid: count, rate, value, avg, min, max, med, p(N) with 0 <= N <= 100'],
    ['p(x)<3', 'invalid threshold "p(x)<3": percentile "x" is not a number; use p(N) with 0 <= N <= 100, e.g. p(95)'],
    ['p(101)<3', 'invalid threshold "p(101)<3": percentile 101 is above 100; use p(0) to p(100)'],
    ['p(-1)<3', 'invalid threshold "p(-1)<3": percentile -1 is not in 0..100; use p(0) to p(100)'],
    ['rate<abc', 'invalid threshold "rate<abc": "abc" after the operator is not a number; expected `<aggregation> <operator> <number>`'],
  ])('loadgate names %j and what would be valid', (source, message) => {
    expect(() => parseThresholdExpression(source)).toThrow(message);
  });
});

describe('statProblem (a stat on its own: gating, bisect --metric)', () => {
  it.each(['med', 'p(95)', ' p(99.9) ', 'p( 95 )', 'count', 'p(1e1)', 'p(100)', 'p(0)'])('accepts %j', (stat) => {
    expect(statProblem(stat)).toBeNull();
  });
  it.each([
    ['p(200)', 'percentile 200 is above 100; use p(0) to p(100)'],
    ['p95', 'unknown stat "p95"; valid: count, rate, value, avg, min, max, med, p(N) with 0 <= N <= 100'],
    ['p(x)', 'percentile "x" is not a number; use p(N) with 0 <= N <= 100, e.g. p(95)'],
    ['', 'unknown stat ""; valid: count, rate, value, avg, min, max, med, p(N) with 0 <= N <= 100'],
  ])('refuses %j: %s', (stat, message) => {
    expect(statProblem(stat)).toBe(message);
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
