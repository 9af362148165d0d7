/** Builds k6's handleSummary(data) object and the per-metric HDR histograms from the registry. */
import type { K6Summary, K6SummaryMetric } from '../../core/k6-summary.js';
import { sinkValues, TrendSink, type AnySink } from './sinks.js';
import type { MetricRegistry } from './registry.js';
import type { GroupTree } from './group-tree.js';
import type { ThresholdOutcome } from './thresholds.js';

export interface SummaryInput {
  registry: MetricRegistry;
  groups: GroupTree;
  thresholds: readonly ThresholdOutcome[];
  summaryTrendStats: string[];
  /** options.summaryTimeUnit ('', 's', 'ms', 'us'). @default '' */
  summaryTimeUnit?: string;
  testRunDurationMs: number;
  setupData: unknown;
}

export function buildSummary(input: SummaryInput): K6Summary {
  const durationSec = input.testRunDurationMs / 1000;
  const metrics: Record<string, K6SummaryMetric> = {};
  const withThresholds = new Set(input.thresholds.map((t) => t.summaryName));
  const entry = (sink: AnySink, m: { type: K6SummaryMetric['type']; contains: K6SummaryMetric['contains'] }): K6SummaryMetric => ({
    type: m.type,
    contains: m.contains,
    values: sinkValues(sink, input.summaryTrendStats, durationSec),
  });
  for (const [name, metric] of input.registry.metrics) {
    if (metric.sink.samples > 0 || metric.forceObserved) metrics[name] = entry(metric.sink, metric.def);
    for (const sub of metric.submetrics) {
      if (sub.sink.samples > 0 || withThresholds.has(sub.name)) metrics[sub.name] = entry(sub.sink, metric.def);
    }
  }
  for (const t of input.thresholds) {
    const m = metrics[t.summaryName];
    if (!m) continue;
    m.thresholds ??= {};
    m.thresholds[t.source] = { ok: t.ok };
  }
  const summary: K6Summary = {
    root_group: input.groups.root,
    options: { summaryTrendStats: input.summaryTrendStats, summaryTimeUnit: input.summaryTimeUnit ?? '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: input.testRunDurationMs },
    metrics,
  };
  if (input.setupData !== undefined) summary.setup_data = input.setupData;
  return summary;
}

/** Base64 HDR histograms (values in µs for time trends) of every trend metric and sub-metric with samples. */
export function encodeHistograms(registry: MetricRegistry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, metric] of registry.metrics) {
    if (metric.sink instanceof TrendSink && metric.sink.samples > 0) out[name] = metric.sink.encode();
    for (const sub of metric.submetrics) {
      if (sub.sink instanceof TrendSink && sub.sink.samples > 0) out[sub.name] = sub.sink.encode();
    }
  }
  return out;
}
