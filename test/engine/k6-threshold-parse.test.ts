/**
 * Threshold expressions under `loadgate k6 run`: accepted and refused as k6 does, refused in
 * k6's words. Every message and verdict below was taken from k6 v2.2.0 and v0.49.0 (they agree
 * except on a percentile outside 0..100, which only v2 refuses). What is accepted is the core
 * parser's (test/core/threshold-expression.test.ts, per dialect); this checks k6's words.
 */
import { describe, expect, it } from 'vitest';
import { assertK6AggregationFits, K6ThresholdError, parseK6ThresholdExpression } from '../../src/engine/metrics/k6-threshold-parse.js';
import { parseThresholds } from '../../src/engine/metrics/thresholds.js';
import { MetricRegistry } from '../../src/engine/metrics/registry.js';
import { InvalidOptionsError } from '../../src/engine/invalid-options-error.js';

const refusal = (source: string, compat: 'v2' | 'v0.49' = 'v2'): string => {
  try {
    parseK6ThresholdExpression('http_req_duration', source, compat);
  } catch (err) {
    expect(err).toBeInstanceOf(K6ThresholdError);
    // exit 104 in the engine, as every option k6 refuses
    expect(err).toBeInstanceOf(InvalidOptionsError);
    return (err as Error).message;
  }
  return 'accepted';
};

describe("k6's threshold parser", () => {
  it.each([
    ['p(95) <<< 500', `failed parsing threshold expresion's "p(95) <<< 500" right hand side; reason: strconv.ParseFloat: parsing "<< 500": invalid syntax`],
    ['p(95) 500', 'failed parsing threshold expression "p(95) 500"; reason: malformed threshold expression'],
    ['p(95)=500', 'failed parsing threshold expression "p(95)=500"; reason: malformed threshold expression'],
    ['foo(95) < 500', `failed parsing threshold expression's "foo(95) < 500" left hand side; reason: failed parsing method from expression`],
    ['AVG < 5', `failed parsing threshold expression's "AVG < 5" left hand side; reason: failed parsing method from expression`],
    [' < 500', `failed parsing threshold expression's " < 500" left hand side; reason: failed parsing method from expression`],
    ['p(95) => 500', `failed parsing threshold expression's "p(95) => 500" left hand side; reason: failed parsing method from expression`],
    ['p( 95 ) < 500', `failed parsing threshold expression's "p( 95 ) < 500" left hand side; reason: malformed percentile value; reason: strconv.ParseFloat: parsing " 95 ": invalid syntax`],
    ['p(x) < 500', `failed parsing threshold expression's "p(x) < 500" left hand side; reason: malformed percentile value; reason: strconv.ParseFloat: parsing "x": invalid syntax`],
    ['p(101) < 500', `failed parsing threshold expression's "p(101) < 500" left hand side; reason: malformed percentile value, provide a number between 0 and 100`],
    ['avg < abc', `failed parsing threshold expresion's "avg < abc" right hand side; reason: strconv.ParseFloat: parsing "abc": invalid syntax`],
    ['avg < ', `failed parsing threshold expresion's "avg < " right hand side; reason: strconv.ParseFloat: parsing "": invalid syntax`],
    ['count < 0x10', `failed parsing threshold expresion's "count < 0x10" right hand side; reason: strconv.ParseFloat: parsing "0x10": invalid syntax`],
    ['count<1__0', `failed parsing threshold expresion's "count<1__0" right hand side; reason: strconv.ParseFloat: parsing "1__0": invalid syntax`],
    ['count<1e400', `failed parsing threshold expresion's "count<1e400" right hand side; reason: strconv.ParseFloat: parsing "1e400": value out of range`],
    ['\ufeffavg<5', `failed parsing threshold expression's "\\ufeffavg<5" left hand side; reason: failed parsing method from expression`],
    ['p(NaN)<5', `failed parsing threshold expression's "p(NaN)<5" left hand side; reason: malformed percentile value, provide a number between 0 and 100`],
    ['p( 95 )<5', `failed parsing threshold expression's "p( 95 )<5" left hand side; reason: malformed percentile value; reason: strconv.ParseFloat: parsing " 95 ": invalid syntax`],
    ['p(95)<500 && avg < 3', `failed parsing threshold expresion's "p(95)<500 && avg < 3" right hand side; reason: strconv.ParseFloat: parsing "500 && avg < 3": invalid syntax`],
  ])('refuses %j as k6 v2 does', (source, message) => {
    expect(refusal(source)).toBe(message);
  });

  it('takes a percentile outside 0..100 under --compat v0.49, as k6 v0.49 did', () => {
    expect(refusal('p(101) < 500', 'v0.49')).toBe('accepted');
    expect(refusal('p(-1) < 500', 'v0.49')).toBe('accepted');
    expect(refusal('p(x) < 500', 'v0.49')).toMatch(/malformed percentile value; reason/);
  });

  it.each([
    ['avg<1e3', 'avg', '<', 1000],
    ['avg < +5', 'avg', '<', 5],
    ['avg < Inf', 'avg', '<', Infinity],
    ['avg <= 1_000', 'avg', '<=', 1000],
    ['count<0x1p4', 'count', '<', 16],
    ['med != 3', 'med', '!=', 3],
    ['rate===0.5', 'rate', '===', 0.5],
    [' p(99.9) >= .5 ', 'percentile', '>=', 0.5],
    ['p(1e1) < 5', 'percentile', '<', 5],
    ['p(0x1p4) < 5', 'percentile', '<', 5],
  ])('accepts %j as k6 does', (source, kind, operator, value) => {
    const e = parseK6ThresholdExpression('m', source, 'v2');
    expect([e.aggregation.kind, e.operator, e.value, e.source]).toEqual([kind, operator, value, source]);
  });

  it("names an aggregation a metric type has not, in k6's words", () => {
    const check = (source: string, selector: string, type: 'counter' | 'gauge' | 'rate' | 'trend') => {
      try {
        assertK6AggregationFits(parseK6ThresholdExpression(selector, source, 'v2'), selector, type);
        return 'fits';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(check('rate < 0.1', 'http_req_duration{status:200}', 'trend')).toBe(
      'invalid threshold "rate < 0.1" applied on metric http_req_duration{status:200}; reason: unsupported aggregation method rate on metric of type trend. supported aggregation methods for this metric are: avg, min, max, med, p',
    );
    expect(check('p(95)<1', 'http_reqs', 'counter')).toBe(
      'invalid threshold "p(95)<1" applied on metric http_reqs; reason: unsupported aggregation method p on metric of type counter. supported aggregation methods for this metric are: count, rate',
    );
    expect(check('count<1', 'g', 'gauge')).toMatch(/method count on metric of type gauge\. supported aggregation methods for this metric are: value$/);
    expect(check('p(95)<1', 'r', 'rate')).toMatch(/method p on metric of type rate\. supported aggregation methods for this metric are: rate$/);
    expect(check('p(95)<1', 't', 'trend')).toBe('fits');
  });

  it('parses every expression before it looks at a metric, as k6 decodes them with the options', () => {
    const registry = new MetricRegistry();
    // k6: the bad expression is reported, not the unknown metric written before it.
    expect(() => parseThresholds({ nope: ['p(95)<1'], http_reqs: ['count <<< 1'] }, registry, 'v2')).toThrow(/^failed parsing threshold expresion's "count <<< 1" right hand side/);
    expect(() => parseThresholds({ nope: ['p(95)<1'] }, registry, 'v2')).toThrow('invalid threshold defined on nope; reason: no metric name "nope" found');
  });
});
