import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { judgeThresholds } from '../../src/compare/thresholds.js';
import { ThresholdSyntaxError } from '../../src/core/errors.js';
import type { TargetThreshold } from '../../src/results/results.js';
import { repetition, repsOf, scenario } from './results-builder.js';

const withThresholds = (reps: ReturnType<typeof repsOf>, thresholds: TargetThreshold[]) => scenario('api', reps, { thresholds });

describe('judgeThresholds', () => {
  it('judges the median over repetitions: one bad repetition does not decide', () => {
    // p(95) per repetition 100, 900, 120 → median 120.
    const [v] = judgeThresholds(withThresholds(repsOf('http_req_duration', 'p(95)', [100, 900, 120]), [{ metric: 'http_req_duration', expression: 'p(95)<500' }]));
    expect(v).toMatchObject({ measured: 120, unit: 'ms', verdict: 'pass' });
  });
  it('pass / warn / fail', () => {
    const reps = repsOf('http_req_duration', 'p(95)', [300, 310, 290]);
    const t = (expression: string, warn?: string): TargetThreshold => ({ metric: 'http_req_duration', expression, ...(warn ? { warn } : {}) });
    const verdicts = judgeThresholds(withThresholds(reps, [t('p(95)<500', 'p(95)<400'), t('p(95)<500', 'p(95)<250'), t('p(95)<250', 'p(95)<200')]));
    expect(verdicts.map((v) => v.verdict)).toEqual(['pass', 'warn', 'fail']);
    expect(verdicts[1]).toMatchObject({ warn: 'p(95)<250', measured: 300 });
  });
  it('rates and checks: higher-is-better thresholds', () => {
    const reps = [0.9, 0.95, 0.85].map((rate) => ({ checks: { values: { rate, passes: 90, fails: 10 } } }));
    const [v] = judgeThresholds(withThresholds(reps, [{ metric: 'checks', expression: 'rate>0.8', warn: 'rate>0.95' }]));
    expect(v).toMatchObject({ measured: 0.9, verdict: 'warn' });
  });
  it('no-data: metric absent, or a rate/trend with zero samples', () => {
    const reps = [
      { http_req_failed: { values: { rate: 0, passes: 0, fails: 0 } }, custom_trend: { type: 'trend' as const, values: { count: 0, 'p(95)': 0 } } },
    ];
    const verdicts = judgeThresholds(
      withThresholds(reps, [
        { metric: 'http_req_failed', expression: 'rate<0.01' },
        { metric: 'custom_trend', expression: 'p(95)<10' },
        { metric: 'http_req_duration{name:health}', expression: 'p(95)<10' },
      ]),
    );
    expect(verdicts.map((v) => [v.verdict, v.measured])).toEqual([
      ['no-data', null],
      ['no-data', null],
      ['no-data', null],
    ]);
  });
  it('a percentile missing from the summary is read from the HDR histogram (µs → ms)', () => {
    const histogram = hdr.build({ bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2, numberOfSignificantValueDigits: 3 });
    for (let ms = 1; ms <= 100; ms++) histogram.recordValue(ms * 1000);
    const encoded = hdr.encodeIntoCompressedBase64(histogram);
    const sc = scenario('api', [], { thresholds: [{ metric: 'http_req_duration{name:health}', expression: 'p(99)<50' }] });
    sc.repetitions = [0, 1, 2].map((i) =>
      repetition(i, { 'http_req_duration{name:health}': { values: { 'p(95)': 95 } } }, { 'http_req_duration{name:health}': encoded }),
    );
    const [v] = judgeThresholds(sc);
    expect(v?.verdict).toBe('fail');
    // 99th of 1..100 ms at 3 significant digits.
    expect(v?.measured).toBeCloseTo(99, 0);
  });
  it('an invalid expression throws a ThresholdSyntaxError naming it', () => {
    const sc = withThresholds(repsOf('http_req_duration', 'p(95)', [1]), [{ metric: 'http_req_duration', expression: 'p95 < 500' }]);
    expect(() => judgeThresholds(sc)).toThrow(ThresholdSyntaxError);
    expect(() => judgeThresholds(sc)).toThrow(/"p95 < 500"/);
  });
});
