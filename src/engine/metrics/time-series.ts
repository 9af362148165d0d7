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
   * covers only part of its second, is scaled to a per-second rate, or folded into the
   * previous point when under half a second: a raw count there would draw a false dip
   * at every run's end. `requests` always sums to the run's http_reqs.
   */
  points(endMs?: number): TimeSeriesPoint[] {
    let lastVus = 0;
    const out = this.buckets.map((b, i) => {
      if (b.vus >= 0) lastVus = b.vus;
      return { t: i + 1, requests: b.requests, rps: b.requests, p95Ms: b.histogram ? histogramPercentile(b.histogram.histogram, 95) : 0, vus: lastVus };
    });
    const last = out[out.length - 1];
    if (endMs === undefined || !last) return out;
    const covered = (endMs - this.startMs) / 1000 - (out.length - 1);
    if (covered >= 1) return out;
    if (covered < 0.5) {
      // Too short for a rate: fold its requests into the previous point's count.
      const previous = out[out.length - 2];
      if (!previous) return out;
      previous.requests += last.requests;
      return out.slice(0, -1);
    }
    last.rps /= covered;
    last.t = out.length - 1 + covered;
    return out;
  }
}
