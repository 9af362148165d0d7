/** 1-second snapshots for charts: requests per second, p95 latency, active VUs. */
import { HISTOGRAM_SCALE, histogramPercentile } from '../../core/hdr-histogram.js';
import { RecordingHistogram } from './sinks.js';
import type { MetricDefinition } from './metric-types.js';

export interface TimeSeriesPoint {
  /** Seconds since the test started (the end of the 1 s bucket). */
  t: number;
  /** Requests completed in this bucket (sums to http_reqs). */
  requests: number;
  /** Requests per second: `requests` over the part of the second the run covered. */
  rps: number;
  p95Ms: number;
  vus: number;
}

interface Bucket {
  requests: number;
  histogram: RecordingHistogram | undefined;
  vus: number;
}

export class TimeSeries {
  private readonly buckets: Bucket[] = [];

  constructor(private readonly startMs: number) {}

  private bucket(timeMs: number): Bucket {
    const i = Math.max(0, Math.floor((timeMs - this.startMs) / 1000));
    for (let j = this.buckets.length; j <= i; j++) this.buckets.push({ requests: 0, histogram: undefined, vus: -1 });
    return this.buckets[i] as Bucket;
  }

  /** Registry observer: counts http_reqs and records http_req_duration per second. */
  readonly observe = (metric: MetricDefinition, _tags: Record<string, string>, value: number, timeMs: number): void => {
    if (metric.name === 'http_reqs') this.bucket(timeMs).requests += value;
    else if (metric.name === 'http_req_duration') {
      const b = this.bucket(timeMs);
      b.histogram ??= new RecordingHistogram();
      b.histogram.record(Math.max(0, Math.round(value * HISTOGRAM_SCALE)));
    }
  };

  vus(timeMs: number, active: number): void {
    const b = this.bucket(timeMs);
    b.vus = Math.max(b.vus, active);
  }

  /**
   * One point per second. With `endMs` (when the run ended), the last bucket, which
   * covers only part of its second, is closed by closeLastSecond(). `requests` always
   * sums to the run's http_reqs.
   */
  points(endMs?: number): TimeSeriesPoint[] {
    let lastVus = 0;
    const out = this.buckets.map((b, i) => {
      if (b.vus >= 0) lastVus = b.vus;
      return { t: i + 1, requests: b.requests, rps: b.requests, p95Ms: b.histogram ? histogramPercentile(b.histogram.histogram, 95) : 0, vus: lastVus };
    });
    return endMs === undefined ? out : closeLastSecond(out, (endMs - this.startMs) / 1000);
  }
}

/** A point of a 1 s series as results files keep it (`requests` is absent in older files). */
type SeriesPoint = Omit<TimeSeriesPoint, 'requests'> & { requests?: number };

/**
 * The last 1 s bucket of a run covers only the part of its second before the run ended;
 * its raw count would draw a false dip at every run's end. Given the seconds the run
 * covered (`coveredSeconds`, from the series' start), a last point counted over a partial
 * second is scaled to a per-second rate over the part it covered (its `t` becomes that
 * end), or, when that part is under half a second, too short for a rate, folded into the
 * previous point's `requests` and left out. Points that already end on their real end
 * (a fractional `t`) or a run that filled its last second are returned as they are.
 */
export function closeLastSecond<P extends SeriesPoint>(points: P[], coveredSeconds: number): P[] {
  const last = points[points.length - 1];
  if (!last || !Number.isInteger(last.t) || last.t !== points.length) return points;
  const covered = coveredSeconds - (points.length - 1);
  if (!(covered < 1) || covered < 0) return points;
  if (covered < 0.5) {
    const previous = points[points.length - 2];
    if (!previous) return points;
    const folded = { ...previous };
    if (folded.requests !== undefined || last.requests !== undefined) folded.requests = (folded.requests ?? 0) + (last.requests ?? 0);
    return [...points.slice(0, -2), folded];
  }
  return [...points.slice(0, -1), { ...last, rps: last.rps / covered, t: points.length - 1 + covered }];
}
