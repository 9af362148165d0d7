/**
 * Merging the outputs of one repetition measured by several load generators at once
 * (k6-operator pods, parallel engines) into the summary of the whole: counters summed
 * (rate = total count / longest duration), HDR histograms added and trend stats
 * recomputed from the merged histogram by k6's percentile rule (min, max, avg exact from
 * the parts; percentiles within MERGED_PERCENTILE_RELATIVE_ERROR of k6's), rates as
 * summed passes/fails, gauges as the largest value, checks and groups summed by path,
 * and the thresholds evaluated again on the merged numbers — an instance's verdict says
 * nothing about the whole (`count>100` fails on each of three pods doing 40 and passes
 * on the 120 they did together).
 */
import { UsageError } from '../core/errors.js';
import type { K6Check, K6Group, K6Summary, K6SummaryMetric } from '../core/k6-summary.js';
import { statPercentile } from '../core/threshold-expression.js';
import { percentileFraction } from '../engine/metrics/k6-percentile.js';
import { histogramValueAtRank, k6PercentileOfEstimates } from '../engine/metrics/trend-samples.js';
import { evaluateSummaryThresholds, summaryThresholds, type SummaryThreshold } from './importers/summary-thresholds.js';
import { decodeHistogram, encodeHistogram, HISTOGRAM_SCALE, histogramPercentile, newHistogram, type Histogram } from '../core/hdr-histogram.js';

/** One instance's output for one repetition. */
export interface InstancePart {
  /** Names the part in errors, e.g. a file name or pod name. */
  label: string;
  summary: K6Summary;
  /** Selector → base64 HDR histogram (µs for time trends), as in results files. */
  histograms: Record<string, string>;
}

export interface MergedSummary {
  summary: K6Summary;
  histograms: Record<string, string>;
  /** Thresholds that fail on the merged numbers, as `selector: expression`. */
  failedThresholds: string[];
}

/**
 * How far a merged percentile can be from k6's on the union of the instances' samples.
 * Results files keep each trend as an HDR histogram of 3 significant digits over values
 * rounded to 1/1000 (µs for times), not the samples, so a merge cannot reproduce k6's
 * rule exactly. It applies the rule (rank = fraction × (count − 1), interpolation between
 * the samples at its floor and ceil) to estimates: each sample is read as the centre of its
 * bucket (buckets of 2^b units hold values ≥ 1024 × 2^b units), the first and last rank as
 * the exact min and max. Each estimate is within `|v| × 2^-11 + 0.0005 × (1 + 2^-11)` of
 * its sample v (half a bucket, plus the rounding on recording), and so is the interpolation
 * with v the larger of the two samples k6 interpolates between: 0.05 % plus 0.5 µs for
 * times. Count, min, max and avg are exact. Samples ≤ 0 are recorded as 0 in results-file
 * histograms, so for a trend with negative samples the percentiles below 0 are not bounded.
 */
export const MERGED_PERCENTILE_RELATIVE_ERROR = 1 / 2048;
/** Absolute part of that bound (value units): rounding to 1/1000 on recording, widened by the relative part. */
export const MERGED_PERCENTILE_ABSOLUTE_ERROR = (0.5 / HISTOGRAM_SCALE) * (1 + MERGED_PERCENTILE_RELATIVE_ERROR);


interface TrendPart {
  label: string;
  metric: K6SummaryMetric;
  histogram: Histogram | undefined;
}

/** A trend without a histogram is only mergeable when it had no samples (all stats 0). */
function isEmptyTrend(m: K6SummaryMetric): boolean {
  return m.values.count === 0 || Object.values(m.values).every((v) => v === 0);
}

function trendStat(stat: string, h: Histogram, min: number, max: number, avg: number): number | undefined {
  if (stat === 'min') return min;
  if (stat === 'max') return max;
  if (stat === 'avg') return avg;
  if (stat === 'count') return h.totalCount;
  const p = statPercentile(stat);
  if (p === undefined) return undefined;
  if (p <= 0) return min;
  if (p >= 100) return max;
  // k6's rank and interpolation over the merged histogram's order statistics (see MERGED_PERCENTILE_RELATIVE_ERROR).
  return k6PercentileOfEstimates(h.totalCount, percentileFraction(p), min, max, (rank) => histogramValueAtRank(h, rank));
}

function mergeTrend(name: string, parts: TrendPart[]): { metric: K6SummaryMetric; histogram: string | undefined } {
  const withSamples = parts.filter((p) => !(p.histogram === undefined && isEmptyTrend(p.metric)));
  const missing = withSamples.find((p) => p.histogram === undefined);
  if (missing) {
    throw new UsageError(
      `${missing.label}: trend ${name} has values but no HDR histogram, so its percentiles cannot be merged; give each instance's k6 --out json file or loadgate results file, not its end-of-test summary`,
    );
  }
  const first = parts[0] as TrendPart;
  const stats = [...new Set(parts.flatMap((p) => Object.keys(p.metric.values)))];
  if (withSamples.length === 0) return { metric: { type: 'trend', contains: first.metric.contains, values: { ...first.metric.values } }, histogram: undefined };
  const merged = newHistogram();
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const p of withSamples) {
    const h = p.histogram as Histogram;
    merged.add(h);
    count += h.totalCount;
    sum += (p.metric.values.avg ?? h.mean / HISTOGRAM_SCALE) * h.totalCount;
    min = Math.min(min, p.metric.values.min ?? h.minNonZeroValue / HISTOGRAM_SCALE);
    max = Math.max(max, p.metric.values.max ?? h.maxValue / HISTOGRAM_SCALE);
  }
  const values: Record<string, number> = {};
  for (const stat of stats) {
    const v = trendStat(stat, merged, min, max, count > 0 ? sum / count : 0);
    if (v !== undefined) values[stat] = v;
  }
  return { metric: { type: 'trend', contains: first.metric.contains, values }, histogram: encodeHistogram(merged) };
}

function mergeScalar(parts: K6SummaryMetric[], durationSec: number): K6SummaryMetric {
  const first = parts[0] as K6SummaryMetric;
  const sum = (key: string) => parts.reduce((acc, p) => acc + (p.values[key] ?? 0), 0);
  if (first.type === 'counter') {
    const count = sum('count');
    return { type: 'counter', contains: first.contains, values: { count, rate: durationSec > 0 ? count / durationSec : 0 } };
  }
  if (first.type === 'rate') {
    const passes = sum('passes');
    const fails = sum('fails');
    return { type: 'rate', contains: first.contains, values: { rate: passes + fails > 0 ? passes / (passes + fails) : 0, passes, fails } };
  }
  const pick = (key: string, f: (...v: number[]) => number) => f(...parts.map((p) => p.values[key] ?? 0));
  // Gauges (VUs, queue depth) of simultaneous instances: the largest current value is the one a threshold guards.
  return { type: 'gauge', contains: first.contains, values: { value: pick('value', Math.max), min: pick('min', Math.min), max: pick('max', Math.max) } };
}

function mergeChecks(into: K6Check[], from: readonly K6Check[]): void {
  for (const c of from) {
    const found = into.find((x) => x.path === c.path);
    if (found) {
      found.passes += c.passes;
      found.fails += c.fails;
    } else into.push({ ...c });
  }
}

/** Groups and checks summed by path; order of first appearance. */
function mergeGroup(into: K6Group, from: K6Group): void {
  mergeChecks(into.checks, from.checks);
  for (const g of from.groups) {
    const found = into.groups.find((x) => x.path === g.path);
    if (found) mergeGroup(found, g);
    else {
      const copy: K6Group = { ...g, groups: [], checks: [] };
      into.groups.push(copy);
      mergeGroup(copy, g);
    }
  }
}

function metricNames(parts: readonly InstancePart[]): string[] {
  return [...new Set(parts.flatMap((p) => Object.keys(p.summary.metrics)))];
}

/**
 * Merges one repetition's per-instance outputs. Thresholds: those any part carries plus
 * `extraThresholds`, evaluated on the merged values (a metric without samples passes, as in k6).
 * Throws UsageError when parts disagree on a metric's type, or a trend with samples has no histogram.
 */
export function mergeSummaries(parts: readonly InstancePart[], extraThresholds: readonly SummaryThreshold[] = []): MergedSummary {
  const first = parts[0];
  if (!first) throw new UsageError('nothing to merge: no instance outputs given');
  const durationMs = Math.max(...parts.map((p) => p.summary.state.testRunDurationMs));
  const metrics: Record<string, K6SummaryMetric> = {};
  const histograms: Record<string, string> = {};
  for (const name of metricNames(parts)) {
    const having = parts.filter((p) => p.summary.metrics[name] !== undefined);
    const type = having[0]?.summary.metrics[name]?.type;
    const other = having.find((p) => p.summary.metrics[name]?.type !== type);
    if (other) throw new UsageError(`${other.label}: metric ${name} is a ${other.summary.metrics[name]?.type} there but a ${type} in ${having[0]?.label}`);
    if (type === 'trend') {
      const trendParts = having.map((p) => ({ label: p.label, metric: p.summary.metrics[name] as K6SummaryMetric, histogram: p.histograms[name] === undefined ? undefined : decodeHistogram(p.histograms[name]) }));
      const merged = mergeTrend(name, trendParts);
      metrics[name] = merged.metric;
      if (merged.histogram !== undefined) histograms[name] = merged.histogram;
    } else {
      metrics[name] = mergeScalar(having.map((p) => p.summary.metrics[name] as K6SummaryMetric), durationMs / 1000);
    }
  }
  const thresholds = dedupe([...parts.flatMap((p) => summaryThresholds(p.summary.metrics)), ...extraThresholds]);
  for (const m of Object.values(metrics)) delete m.thresholds;
  const failedThresholds = evaluateSummaryThresholds(metrics, thresholds);
  const root_group: K6Group = { ...first.summary.root_group, groups: [], checks: [] };
  for (const p of parts) mergeGroup(root_group, p.summary.root_group);
  const summary: K6Summary = { ...first.summary, root_group, state: { ...first.summary.state, testRunDurationMs: durationMs }, metrics };
  return { summary, histograms, failedThresholds };
}

function dedupe(list: SummaryThreshold[]): SummaryThreshold[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const key = `${t.metric}\u0000${t.expression}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
