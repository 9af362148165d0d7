/**
 * Reading one number per repetition out of a results file: a k6 summary value
 * (`metrics[selector].values[stat]`), or a percentile the summary does not carry,
 * decoded from the repetition's HDR histogram.
 */
import { decodeHistogram, histogramPercentile } from '../core/hdr-histogram.js';
import type { Repetition } from './results.js';
import type { K6SummaryMetric } from '../core/k6-summary.js';
import { parseMetricSelector, readAggregation, statKey } from '../core/threshold-expression.js';

export { decodeHistogram, HISTOGRAM_SCALE } from '../core/hdr-histogram.js';

/** `http_req_duration{name:health}` normalized the way summaries key sub-metrics. */
export function canonicalSelector(selector: string): string {
  const parsed = parseMetricSelector(selector);
  return parsed.tags.length === 0 ? parsed.metric : `${parsed.metric}{${parsed.tags.map(([k, v]) => `${k}:${v}`).join(',')}}`;
}

/** Own keys only: a metric named `constructor` or `__proto__` must not find Object's prototype. */
function lookup<T>(record: Record<string, T> | undefined, selector: string): T | undefined {
  if (!record) return undefined;
  const own = (key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
  return own(selector) ?? own(canonicalSelector(selector));
}

/** The summary metric for a selector in one repetition, if present. */
export function summaryMetric(rep: Repetition, selector: string): K6SummaryMetric | undefined {
  return lookup(rep.summary.metrics, selector);
}

/** Whether the metric exists but received no samples (a trend with count 0, a rate with no events). */
export function hasNoSamples(rep: Repetition, selector: string): boolean {
  const m = summaryMetric(rep, selector);
  if (!m) return true;
  const v = m.values;
  // A counter that was created but never incremented really is 0; a trend or rate without samples has no value.
  if (m.type === 'trend' && v.count === 0) return true;
  if (m.type === 'rate' && v.passes !== undefined && v.fails !== undefined && v.passes + v.fails === 0) return true;
  const encoded = lookup(rep.histograms, selector);
  if (m.type === 'trend' && encoded !== undefined && decodeHistogram(encoded).totalCount === 0) return true;
  return false;
}

/**
 * One repetition's value of `stat` for a metric: from the summary, else (percentiles only)
 * from the HDR histogram, in the metric's unit (ms for time trends). undefined when absent
 * or when the metric had no samples.
 */
export function repetitionValue(rep: Repetition, selector: string, stat: string): number | undefined {
  const metric = summaryMetric(rep, selector);
  if (!metric || hasNoSamples(rep, selector)) return undefined;
  const direct = metric.values[stat] ?? metric.values[statKey(stat) ?? stat];
  if (direct !== undefined && Number.isFinite(direct)) return direct;
  const aggregation = readAggregation(stat, 'loadgate');
  const encoded = lookup(rep.histograms, selector);
  if (!aggregation.ok || aggregation.value.kind !== 'percentile' || encoded === undefined) return undefined;
  const histogram = decodeHistogram(encoded);
  if (histogram.totalCount === 0) return undefined;
  return histogramPercentile(histogram, aggregation.value.percentile);
}

/** Display unit of a metric's stat: `ms` for time trends, `B` for data, `/s` for counter rates, else ''. */
export function unitOf(metric: K6SummaryMetric | undefined, stat: string): string {
  if (!metric) return '';
  if (metric.type === 'counter') return stat === 'rate' ? (metric.contains === 'data' ? 'B/s' : '/s') : metric.contains === 'data' ? 'B' : '';
  if (metric.type === 'rate') return '';
  if (metric.contains === 'time') return 'ms';
  if (metric.contains === 'data') return 'B';
  return '';
}
