import { describe, expect, it } from 'vitest';
import type { MetricDefinition } from '../../src/engine/metrics/metric-types.js';
import { closeLastSecond, TimeSeries } from '../../src/engine/metrics/time-series.js';

const reqs = { name: 'http_reqs' } as MetricDefinition;
const duration = { name: 'http_req_duration' } as MetricDefinition;

function seriesWith(counts: number[]): TimeSeries {
  const series = new TimeSeries(0);
  counts.forEach((n, second) => {
    for (let i = 0; i < n; i++) {
      series.observe(reqs, {}, 1, second * 1000 + 10 + i);
      series.observe(duration, {}, 2 + (i % 3), second * 1000 + 10 + i);
    }
  });
  return series;
}

describe('TimeSeries', () => {
  it('counts requests per second and the p95 of each second', () => {
    const points = seriesWith([100, 80]).points();
    expect(points.map((p) => [p.t, p.rps])).toEqual([
      [1, 100],
      [2, 80],
    ]);
    expect(points[0]!.p95Ms).toBeCloseTo(4, 2);
  });

  it('scales a last partial second to a rate, and drops one too short to say anything', () => {
    // 30 requests in the 0.6 s before the end are 50 req/s, not a dip to 30.
    const scaled = seriesWith([100, 100, 30]).points(2600);
    expect(scaled[2]!.rps).toBeCloseTo(50, 9);
    expect(scaled[2]!.t).toBeCloseTo(2.6, 9);
    const folded = seriesWith([100, 100, 30]).points(2300);
    expect(folded.map((p) => p.t)).toEqual([1, 2]);
    expect(folded.reduce((n, p) => n + p.requests, 0)).toBe(230);
    // A run that ends on a whole second keeps every point as counted.
    expect(seriesWith([100, 100]).points(2000).map((p) => p.rps)).toEqual([100, 100]);
  });

  it('closes a results file series the same way, and leaves one already closed as it is', () => {
    // Older files: no `requests`, the last point a raw count over a partial second.
    const older = [{ t: 1, rps: 100, p95Ms: 3, vus: 2 }, { t: 2, rps: 30, p95Ms: 3, vus: 2 }];
    expect(closeLastSecond(older, 1.5)).toEqual([older[0], { t: 1.5, rps: 60, p95Ms: 3, vus: 2 }]);
    expect(closeLastSecond(older, 1.2)).toEqual([older[0]]);
    expect(closeLastSecond(older, 2)).toBe(older);
    const closed = seriesWith([100, 100, 30]).points(2600);
    expect(closeLastSecond(closed, 2.6)).toBe(closed);
    const folded = seriesWith([100, 100, 30]).points(2300);
    expect(closeLastSecond(folded, 2.3)).toBe(folded);
  });
});
