/**
 * The controller's metric registry: one sink per metric, plus sub-metrics (a tag
 * filter over a metric, e.g. `http_req_duration{scenario:peak}`) that receive the
 * matching samples. Samples arrive in batches from VU workers (see SampleBatch).
 */
import { parseMetricSelector } from '../../core/threshold-expression.js';
import { newSink, type AnySink, type TrendSinkOptions } from './sinks.js';
import { SAMPLE_STRIDE, BUILTIN_METRICS, type MetricDefinition, type SampleBatch } from './metric-types.js';

export interface SubMetric {
  /** Canonical name: `metric{tag:value,...}`. */
  name: string;
  tags: Array<[string, string]>;
  sink: AnySink;
}

export interface RegisteredMetric {
  def: MetricDefinition;
  sink: AnySink;
  submetrics: SubMetric[];
  /** Shown in the summary even without samples (it has thresholds, as k6 does). */
  forceObserved: boolean;
}

/** Observes every sample after aggregation (time series, JSON output). */
export type SampleObserver = (metric: MetricDefinition, tags: Record<string, string>, value: number, timeMs: number) => void;

/** A metric name redefined with another type. */
export class MetricConflictError extends Error {}

export class MetricRegistry {
  readonly metrics = new Map<string, RegisteredMetric>();
  private readonly observers: Array<{ fn: SampleObserver; metrics: ReadonlySet<string> | undefined }> = [];
  /** Bumped whenever sub-metrics change, invalidating ingestors' routing caches. */
  generation = 0;

  /** @param trend what each Trend and Trend sub-metric keeps: exact samples, a results histogram. */
  constructor(private readonly trend: TrendSinkOptions = {}) {
    for (const def of BUILTIN_METRICS) this.define(def);
  }

  define(def: MetricDefinition): RegisteredMetric {
    const existing = this.metrics.get(def.name);
    if (existing) {
      if (existing.def.type !== def.type) {
        throw new MetricConflictError(`metric "${def.name}" already exists as a ${existing.def.type}; it cannot be redefined as a ${def.type}`);
      }
      // A custom Trend declared with isTime upgrades `contains`.
      if (def.contains !== 'default') existing.def.contains = def.contains;
      return existing;
    }
    const metric: RegisteredMetric = { def: { ...def }, sink: newSink(def.type, this.trend), submetrics: [], forceObserved: false };
    this.metrics.set(def.name, metric);
    return metric;
  }

  /** Adds (or returns) the sub-metric for a selector like `http_req_duration{scenario:x}`. */
  submetric(selector: string): SubMetric {
    const parsed = parseMetricSelector(selector);
    const metric = this.metrics.get(parsed.metric);
    if (!metric) throw new Error(`no metric "${parsed.metric}"`);
    const name = `${parsed.metric}{${parsed.tags.map(([k, v]) => `${k}:${v}`).join(',')}}`;
    const found = metric.submetrics.find((s) => s.name === name);
    if (found) return found;
    const sub: SubMetric = { name, tags: parsed.tags, sink: newSink(metric.def.type, this.trend) };
    metric.submetrics.push(sub);
    this.generation++;
    return sub;
  }

  /** Calls `observer` for every sample, or only for samples of the metrics named in `metrics`. */
  observe(observer: SampleObserver, metrics?: readonly string[]): void {
    this.observers.push({ fn: observer, metrics: metrics ? new Set(metrics) : undefined });
    this.generation++;
  }

  private observersOf(name: string): SampleObserver[] {
    return this.observers.filter((o) => !o.metrics || o.metrics.has(name)).map((o) => o.fn);
  }

  /** Records one sample directly (controller-side metrics such as vus). */
  record(name: string, tags: Record<string, string>, value: number, timeMs: number = Date.now()): void {
    const metric = this.metrics.get(name);
    if (!metric) throw new Error(`no metric "${name}"`);
    for (const sink of this.route(metric, tags)) sink.add(value);
    for (const o of this.observersOf(name)) o(metric.def, tags, value, timeMs);
  }

  /** The sinks a sample with these tags lands in: the metric's and every matching sub-metric's (a hidden tag matches none). */
  route(metric: RegisteredMetric, tags: Record<string, string>): AnySink[] {
    const sinks: AnySink[] = [metric.sink];
    const hidden = this.hidden;
    for (const sub of metric.submetrics) {
      if (sub.tags.every(([k, v]) => tags[k] === v && !hidden.has(k))) sinks.push(sub.sink);
    }
    return sinks;
  }

  private hidden: ReadonlySet<string> = new Set();
  private readonly visible = new WeakMap<Record<string, string>, Record<string, string>>();

  /**
   * Tags the samples carry for the summary alone (check and group when options.systemTags
   * leaves them out): no sub-metric matches them and visibleTags() leaves them out. Set before
   * the first sample.
   */
  hideTags(names: readonly string[]): void {
    this.hidden = new Set(names);
  }

  /** A sample's tags as outputs show them: without the hidden ones (one object per tag set). */
  visibleTags(tags: Record<string, string>): Record<string, string> {
    if (this.hidden.size === 0) return tags;
    let v = this.visible.get(tags);
    if (!v) this.visible.set(tags, (v = Object.fromEntries(Object.entries(tags).filter(([k]) => !this.hidden.has(k)))));
    return v;
  }

  /** Ingestor for one worker's batches (worker-local ids → registry entries). */
  ingestor(onGroup?: (path: string) => void): (batch: SampleBatch) => void {
    const metrics: RegisteredMetric[] = [];
    const tagSets: Array<Record<string, string>> = [];
    /** Per (metric, tag set): the sinks and observers its samples go to, resolved once. */
    let routes = new Map<number, { sinks: AnySink[]; observers: SampleObserver[] }>();
    let generation = this.generation;
    return (batch) => {
      for (const m of batch.metrics) metrics[m.id] = this.define(m);
      for (const t of batch.tagSets) tagSets[t.id] = t.tags;
      if (onGroup) for (const g of batch.groups) onGroup(g);
      if (generation !== this.generation) {
        routes = new Map();
        generation = this.generation;
      }
      const s = batch.samples;
      for (let i = 0; i < s.length; i += SAMPLE_STRIDE) {
        const metricId = s[i] as number;
        const tagSetId = s[i + 1] as number;
        const key = metricId * 1_048_576 + tagSetId;
        const metric = metrics[metricId] as RegisteredMetric;
        let route = routes.get(key);
        if (!route) routes.set(key, (route = { sinks: this.route(metric, tagSets[tagSetId] as Record<string, string>), observers: this.observersOf(metric.def.name) }));
        const value = s[i + 2] as number;
        const sinks = route.sinks;
        for (let j = 0; j < sinks.length; j++) (sinks[j] as AnySink).add(value);
        const observers = route.observers;
        for (let j = 0; j < observers.length; j++) (observers[j] as SampleObserver)(metric.def, tagSets[tagSetId] as Record<string, string>, value, s[i + 3] as number);
      }
    };
  }
}
