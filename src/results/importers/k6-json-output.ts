/**
 * Streams k6's `--out json` file (NDJSON, plain or .gz) into what loadgate keeps per
 * repetition: HDR histograms of every Trend metric and sub-metric (same encoding as the
 * embedded engine: µs for time trends, ×1000 otherwise), the 1 s time series, and a
 * k6 handleSummary-shaped summary rebuilt from the points (counters summed, rates as
 * passes/fails, gauges last/min/max, trends from exact sum/min/max and the histogram,
 * checks and groups from the `checks` points' tags, thresholds of the Metric records
 * re-evaluated). Memory is bounded by the number of metrics, not of points.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { MetricType } from '../../core/threshold-expression.js';
import type { K6Summary, K6SummaryMetric, MetricContains } from '../../core/k6-summary.js';
import { GroupTree } from '../../engine/metrics/group-tree.js';
import { newSink, sinkValues, TrendSink, type AnySink } from '../../engine/metrics/sinks.js';
import { TimeSeries, type TimeSeriesPoint } from '../../engine/metrics/time-series.js';
import { evaluateSummaryThresholds } from './summary-thresholds.js';
import { withoutBom } from '../../core/input-text.js';

/** k6's default summaryTrendStats. */
export const K6_DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export interface K6JsonOutput {
  /** Metric or sub-metric name (`http_req_duration{scenario:arrivals}`) → base64 HDR histogram. Trends with samples only. */
  histograms: Record<string, string>;
  /** 1 s buckets from the first Point: http_reqs per second, http_req_duration p95, vus. */
  timeSeries: TimeSeriesPoint[];
  /** Point records per metric and sub-metric name (every type, not only trends). */
  pointCounts: Record<string, number>;
  /** Lines that could not be used, and read errors (a truncated .gz when k6 was killed), one line each. */
  problems: string[];
  /** The first problem's line number (1-based; for a read error, the last line read), null when none. */
  firstProblemLine: number | null;
  /**
   * The summary rebuilt from the points. testRunDurationMs is first to last point
   * (k6's own duration is slightly longer), so counter rates differ from k6's by that much.
   * Thresholds: only those k6 lists in the Metric records (k6 does not list sub-metric ones).
   */
  summary: K6Summary;
  /** ISO time of the first Point, null when there was none. */
  startedAt: string | null;
}

export interface K6JsonReadOptions {
  /** Trend stats of the rebuilt summary. @default K6_DEFAULT_TREND_STATS */
  summaryTrendStats?: string[];
  /** Whether the file is gzipped. @default the name ends with `.gz` */
  gzip?: boolean;
}

interface Submetric {
  name: string;
  tags: Record<string, string>;
}

interface TrackedMetric {
  name: string;
  type: MetricType;
  contains: MetricContains;
  submetrics: Submetric[];
  thresholds: string[];
}

interface MetricRecord {
  type: 'Metric';
  data: {
    name: string;
    type: MetricType;
    contains: MetricContains;
    thresholds?: string[] | null;
    submetrics: Array<{ name: string; tags: Record<string, string> | null }> | null;
  };
}

interface PointRecord {
  type: 'Point';
  metric: string;
  data: { time: string; value: number; tags: Record<string, string> | null };
}

const METRIC_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'rate', 'trend']);

/** Collects the output while lines stream in. */
class JsonOutputAccumulator {
  private readonly metrics = new Map<string, TrackedMetric>();
  /** Metric and sub-metric name → sink, with the definition it belongs to. */
  private readonly sinks = new Map<string, { sink: AnySink; def: TrackedMetric }>();
  private readonly groups = new GroupTree();
  readonly pointCounts: Record<string, number> = {};
  readonly problems: string[] = [];
  firstProblemLine: number | null = null;
  private series: TimeSeries | undefined;
  private badLines = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;

  line(text: string, lineNo: number): void {
    if (text === '') return;
    let record: MetricRecord | PointRecord;
    try {
      // A byte-order mark before the first record is not content.
      record = JSON.parse(lineNo === 1 ? withoutBom(text) : text) as MetricRecord | PointRecord;
    } catch {
      this.bad(lineNo, `not JSON: ${text.slice(0, 80)}`);
      return;
    }
    if (record?.type === 'Metric') this.metric(record, lineNo);
    else if (record?.type === 'Point') this.point(record, lineNo);
  }

  problem(lineNo: number, message: string): void {
    this.problems.push(message);
    this.firstProblemLine ??= lineNo;
  }

  private bad(lineNo: number, message: string): void {
    if (this.badLines++ === 0) this.problem(lineNo, `line ${lineNo}: ${message}`);
  }

  private metric(record: MetricRecord, lineNo: number): void {
    const d = record.data;
    if (typeof d?.name !== 'string' || !METRIC_TYPES.has(d.type)) {
      this.bad(lineNo, 'Metric record without a name or a type of counter, gauge, rate, trend');
      return;
    }
    const submetrics = (d.submetrics ?? []).map((s) => ({ name: s.name, tags: s.tags ?? {} }));
    this.metrics.set(d.name, { name: d.name, type: d.type, contains: d.contains ?? 'default', submetrics, thresholds: d.thresholds ?? [] });
  }

  private point(record: PointRecord, lineNo: number): void {
    const metric = this.metrics.get(record.metric);
    const timeMs = Date.parse(record.data?.time);
    const value = record.data?.value;
    if (!metric || !Number.isFinite(timeMs) || typeof value !== 'number') {
      this.bad(lineNo, 'Point without a preceding Metric record, time or value');
      return;
    }
    const tags = record.data.tags ?? {};
    this.count(metric.name, metric, value);
    for (const sub of metric.submetrics) {
      if (Object.entries(sub.tags).every(([k, v]) => tags[k] === v)) this.count(sub.name, metric, value);
    }
    if (timeMs < this.firstMs) this.firstMs = timeMs;
    if (timeMs > this.lastMs) this.lastMs = timeMs;
    if (tags.group) this.groups.group(tags.group);
    if (metric.name === 'checks' && tags.check !== undefined) this.groups.check(tags.group ?? '', tags.check, value !== 0);
    this.series ??= new TimeSeries(timeMs);
    this.series.observe(metric, tags, value, timeMs);
    if (metric.name === 'vus') this.series.vus(timeMs, value);
  }

  private count(name: string, def: TrackedMetric, value: number): void {
    this.pointCounts[name] = (this.pointCounts[name] ?? 0) + 1;
    let entry = this.sinks.get(name);
    if (!entry) this.sinks.set(name, (entry = { sink: newSink(def.type), def }));
    entry.sink.add(value);
  }

  private buildSummary(trendStats: string[]): K6Summary {
    const durationMs = Number.isFinite(this.firstMs) ? this.lastMs - this.firstMs : 0;
    const metrics: Record<string, K6SummaryMetric> = {};
    for (const [name, { sink, def }] of this.sinks) {
      metrics[name] = { type: def.type, contains: def.contains, values: sinkValues(sink, trendStats, durationMs / 1000) };
    }
    const thresholds: Array<{ metric: string; expression: string }> = [];
    const empty = new Set<string>();
    for (const m of this.metrics.values()) {
      for (const expression of m.thresholds) thresholds.push({ metric: m.name, expression });
      // k6 reports a metric with thresholds even when it got no samples.
      if (m.thresholds.length > 0 && !metrics[m.name]) {
        metrics[m.name] = { type: m.type, contains: m.contains, values: sinkValues(newSink(m.type), trendStats, durationMs / 1000) };
        empty.add(m.name);
      }
    }
    evaluateSummaryThresholds(metrics, thresholds, empty);
    return {
      root_group: this.groups.root,
      options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: false },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
      metrics,
    };
  }

  finish(trendStats: string[]): K6JsonOutput {
    if (this.badLines > 1) this.problems.push(`${this.badLines} unusable lines in all`);
    const histograms: Record<string, string> = {};
    const trends = [...this.sinks].filter((e): e is [string, { sink: TrendSink; def: TrackedMetric }] => e[1].sink instanceof TrendSink);
    for (const [name, { sink }] of trends.sort(([a], [b]) => a.localeCompare(b))) if (sink.samples > 0) histograms[name] = sink.encode();
    return {
      histograms,
      timeSeries: this.series?.points() ?? [],
      pointCounts: this.pointCounts,
      problems: this.problems,
      firstProblemLine: this.firstProblemLine,
      summary: this.buildSummary(trendStats),
      startedAt: Number.isFinite(this.firstMs) ? new Date(this.firstMs).toISOString() : null,
    };
  }
}

/**
 * Reads a k6 `--out json` file. Never rejects for damaged content: a truncated gzip or
 * bad lines end up in `problems` and everything read before them is kept.
 * @param file `.gz` files (or any with `options.gzip`) are gunzipped while streaming
 */
export async function readK6JsonOutput(file: string, options: K6JsonReadOptions = {}): Promise<K6JsonOutput> {
  const acc = new JsonOutputAccumulator();
  const source = createReadStream(file);
  const stream: Readable = (options.gzip ?? file.endsWith('.gz')) ? source.pipe(createGunzip()) : source;
  let streamError: Error | undefined;
  // pipe() does not forward the file's errors to gunzip: without this a missing file would hang.
  source.on('error', (e) => {
    streamError ??= e;
    if (stream !== source) stream.destroy(e);
  });
  stream.on('error', (e: Error) => (streamError ??= e));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const text of lines) acc.line(text, ++lineNo);
  } catch (e) {
    streamError ??= e as Error;
  } finally {
    source.destroy();
  }
  if (streamError) acc.problem(lineNo, `${file}: read stopped after line ${lineNo}: ${streamError.message}`);
  return acc.finish(options.summaryTrendStats ?? K6_DEFAULT_TREND_STATS);
}
