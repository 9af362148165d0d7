/**
 * Aggregation sinks per k6 metric type, computing what k6's sinks compute. Trends keep
 * their samples for k6's exact percentiles up to a cap, then a bounded-error histogram
 * (trend-samples.ts), so memory stays flat however long the test runs; and an HDR
 * histogram (microsecond resolution for time metrics, 1/1000 units otherwise) for results files.
 */
import { encodeHistogram, HISTOGRAM_SCALE, newHistogram, type Histogram } from '../../core/hdr-histogram.js';
import type { MetricType } from '../../core/threshold-expression.js';
import { statPercentile } from '../../core/threshold-expression.js';
import { k6Percentile, percentileFraction } from './k6-percentile.js';
import { DEFAULT_EXACT_TREND_SAMPLES, ExactSamples, OrderStatHistogram } from './trend-samples.js';


export interface Sink {
  readonly type: MetricType;
  add(value: number): void;
  /** Number of samples seen. */
  readonly samples: number;
}

export class CounterSink implements Sink {
  readonly type = 'counter' as const;
  count = 0;
  samples = 0;
  add(value: number): void {
    this.count += value;
    this.samples++;
  }
  values(durationSec: number): Record<string, number> {
    return { count: this.count, rate: durationSec > 0 ? this.count / durationSec : 0 };
  }
}

export class GaugeSink implements Sink {
  readonly type = 'gauge' as const;
  value = 0;
  min = Infinity;
  max = -Infinity;
  samples = 0;
  add(value: number): void {
    this.value = value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.samples++;
  }
  values(): Record<string, number> {
    return { value: this.value, min: this.samples ? this.min : 0, max: this.samples ? this.max : 0 };
  }
}

export class RateSink implements Sink {
  readonly type = 'rate' as const;
  passes = 0;
  samples = 0;
  add(value: number): void {
    if (value !== 0) this.passes++;
    this.samples++;
  }
  values(): Record<string, number> {
    return { rate: this.samples ? this.passes / this.samples : 0, passes: this.passes, fails: this.samples - this.passes };
  }
}

/**
 * Values below this (in histogram units, µs for time trends) land in the HDR histogram's
 * first bucket at exactly their own index (3 significant digits → 2048 unit sub-buckets),
 * so they can be counted in a plain array and folded in later with an identical result.
 * hdr-histogram-js spends log2 + 2 pow per recordValue; most latencies are below 2 ms.
 */
const DIRECT_VALUES = 2048;

/** An HDR histogram with a fast path for small values; read it through `histogram`. */
export class RecordingHistogram {
  /** Created on first need, so that a run's metrics exist before hdr-histogram-js is loaded. */
  private hist: Histogram | undefined;
  private direct: Uint32Array | undefined;
  private pending = false;

  /** Records a non-negative integer. */
  record(v: number): void {
    if (v < DIRECT_VALUES) {
      const direct = (this.direct ??= new Uint32Array(DIRECT_VALUES));
      direct[v] = (direct[v] as number) + 1;
      this.pending = true;
    } else (this.hist ??= newHistogram()).recordValue(v);
  }

  /** The complete histogram (small values folded in first). */
  get histogram(): Histogram {
    this.hist ??= newHistogram();
    const direct = this.direct;
    if (this.pending && direct) {
      for (let v = 0; v < DIRECT_VALUES; v++) {
        const n = direct[v] as number;
        if (n !== 0) {
          this.hist.recordValueWithCount(v, n);
          direct[v] = 0;
        }
      }
      this.pending = false;
    }
    return this.hist;
  }
}

/** What a TrendSink keeps besides count/sum/min/max. */
export interface TrendSinkOptions {
  /** Samples kept for k6's exact percentiles before a histogram takes over. @default DEFAULT_EXACT_TREND_SAMPLES */
  exactSamples?: number;
  /** Also record the results file's HDR histogram (`histogram`, `encode()`). @default true */
  resultsHistogram?: boolean;
}

/**
 * A Trend: exact count/sum/min/max; every sample until `exactSamples` of them, for k6's exact
 * percentiles (k6-percentile.ts), then an order-statistics histogram with a bounded error
 * (trend-samples.ts); and, when asked, the results file's HDR histogram (×1000, 3 digits).
 */
export class TrendSink implements Sink {
  readonly type = 'trend' as const;
  samples = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Only where a results file needs it: recording it costs per sample, and encoding loads hdr-histogram-js. */
  private readonly recorder: RecordingHistogram | undefined;
  private exact: ExactSamples | undefined;
  private fallback: OrderStatHistogram | undefined;

  constructor(opts: TrendSinkOptions = {}) {
    this.exact = new ExactSamples(opts.exactSamples ?? DEFAULT_EXACT_TREND_SAMPLES);
    this.recorder = opts.resultsHistogram === false ? undefined : new RecordingHistogram();
  }

  /** The results file's HDR histogram; only for a sink made with `resultsHistogram`. */
  get histogram(): Histogram {
    if (!this.recorder) throw new Error('this trend was made without its results histogram (TrendSinkOptions.resultsHistogram: false)');
    return this.recorder.histogram;
  }

  /** True while every sample is kept, so percentiles are k6's to the bit. */
  get isExact(): boolean {
    return this.exact !== undefined;
  }

  add(value: number): void {
    this.samples++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    // HDR cannot hold negatives; they still count in min/avg/max and the percentiles exactly.
    this.recorder?.record(value > 0 ? Math.min(Number.MAX_SAFE_INTEGER, Math.round(value * HISTOGRAM_SCALE)) : 0);
    if (this.exact) {
      if (this.exact.push(value)) return;
      // The cap is reached: the histogram takes every sample so far, and all later ones.
      const fallback = new OrderStatHistogram();
      for (const v of this.exact.values()) fallback.add(v);
      this.exact = undefined;
      this.fallback = fallback;
    }
    (this.fallback as OrderStatHistogram).add(value);
  }

  /** Value of one summary stat: avg, min, med, max, count, p(N). */
  stat(name: string): number {
    switch (name) {
      case 'avg':
        return this.samples ? this.sum / this.samples : 0;
      case 'min':
        return this.samples ? this.min : 0;
      case 'max':
        return this.samples ? this.max : 0;
      case 'count':
        return this.samples;
    }
    const p = statPercentile(name);
    if (p === undefined) throw new Error(`unknown trend stat "${name}"`);
    return this.percentile(p);
  }

  /** k6's percentile (0–100): exact while every sample is kept, else within the fallback's bound. */
  percentile(p: number): number {
    const fraction = percentileFraction(p);
    if (this.exact) return k6Percentile(this.exact.sorted(), this.exact.length, fraction);
    return (this.fallback as OrderStatHistogram).percentile(fraction, this.min, this.max);
  }

  values(stats: readonly string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of stats) out[s] = this.stat(s);
    return out;
  }

  encode(): string {
    return encodeHistogram(this.histogram);
  }
}

export type AnySink = CounterSink | GaugeSink | RateSink | TrendSink;

/** `trend`: what a Trend keeps (TrendSinkOptions); the other types keep only their running values. */
export function newSink(type: MetricType, trend?: TrendSinkOptions): AnySink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink(trend);
  }
}

/** Summary `values` for a sink, per k6's type rules. */
export function sinkValues(sink: AnySink, trendStats: readonly string[], durationSec: number): Record<string, number> {
  switch (sink.type) {
    case 'counter':
      return sink.values(durationSec);
    case 'gauge':
    case 'rate':
      return sink.values();
    case 'trend':
      return sink.values(trendStats);
  }
}
