/**
 * options.thresholds: parsing (k6's own way, k6-threshold-parse.ts) into sub-metrics of the
 * registry, and evaluation against the aggregated sinks.
 */
import { aggregationKey, parseMetricSelector, thresholdHolds, type ThresholdExpression } from '../../core/threshold-expression.js';
import { ThresholdSyntaxError } from '../../core/errors.js';
import { parseDurationMs } from '../options/duration.js';
import { K6WordedOptionsError } from '../invalid-options-error.js';
import type { K6Compat } from '../k6-compat.js';
import { assertK6AggregationFits, parseK6ThresholdExpression } from './k6-threshold-parse.js';
import type { AnySink } from './sinks.js';
import type { MetricRegistry } from './registry.js';

export interface ThresholdRule {
  expression: ThresholdExpression;
  abortOnFail: boolean;
  /** @default 0 */
  delayAbortEvalMs: number;
}

export interface ThresholdGroup {
  /** Summary key: metric name or canonical sub-metric name. */
  summaryName: string;
  metricName: string;
  sink: AnySink;
  rules: ThresholdRule[];
}

export interface ThresholdOutcome {
  summaryName: string;
  source: string;
  ok: boolean;
  /** The metric had no samples: reported ok (as k6 does) but flagged. */
  noData: boolean;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

/**
 * Parses options.thresholds the way k6 does: every expression first, in the order written
 * (k6 decodes them with the options, so a bad one is reported before an unknown metric or a
 * scenario's configuration error), then each selector against the registry. Throws
 * K6ThresholdError / K6WordedOptionsError in k6's words (exit 104), ThresholdSyntaxError for
 * shapes k6's decoder would refuse (not an object, an entry neither string nor object).
 */
export function parseThresholds(raw: unknown, registry: MetricRegistry, compat: K6Compat): ThresholdGroup[] {
  const parsed = parseThresholdExpressions(raw, compat);
  const groups: ThresholdGroup[] = [];
  for (const { selector, rules } of parsed) {
    const selected = parseMetricSelector(selector);
    const metric = registry.metrics.get(selected.metric);
    if (!metric) {
      // k6's words (exit 104): the metric must be built in or made in the init context.
      throw new K6WordedOptionsError(`thresholds.${selector}`, `invalid threshold defined on ${selector}; reason: no metric name "${selected.metric}" found`);
    }
    metric.forceObserved = true;
    const sub = selected.tags.length ? registry.submetric(selector) : undefined;
    for (const r of rules) assertK6AggregationFits(r.expression, selector, metric.def.type);
    groups.push({ summaryName: sub ? sub.name : selected.metric, metricName: selected.metric, sink: sub ? sub.sink : metric.sink, rules });
  }
  return groups;
}

/** Every expression of options.thresholds parsed (k6's first step), by selector in the order written. */
export function parseThresholdExpressions(raw: unknown, compat: K6Compat): Array<{ selector: string; rules: ThresholdRule[] }> {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ThresholdSyntaxError('thresholds', 'options.thresholds must be an object of metric name → array of expressions');
  }
  return Object.entries(raw as Record<string, unknown>).map(([selector, value]) => ({
    selector,
    rules: (Array.isArray(value) ? value : [value]).map((entry) => parseRule(selector, entry, compat)),
  }));
}

function parseRule(selector: string, entry: unknown, compat: K6Compat): ThresholdRule {
  if (typeof entry === 'string') return { expression: parseK6ThresholdExpression(selector, entry, compat), abortOnFail: false, delayAbortEvalMs: 0 };
  if (entry && typeof entry === 'object' && typeof (entry as { threshold?: unknown }).threshold === 'string') {
    const e = entry as { threshold: string; abortOnFail?: unknown; delayAbortEval?: unknown };
    const delay = e.delayAbortEval === undefined ? 0 : parseDurationMs(e.delayAbortEval, `thresholds.${selector}.delayAbortEval`);
    return { expression: parseK6ThresholdExpression(selector, e.threshold, compat), abortOnFail: e.abortOnFail === true, delayAbortEvalMs: delay };
  }
  throw new ThresholdSyntaxError(String(JSON.stringify(entry)), `in thresholds.${selector}: expected a string like "p(95)<500" or { threshold, abortOnFail, delayAbortEval }`);
}

/**
 * The aggregated value an expression looks at, as k6's Thresholds.Run computes it; undefined
 * for a Rate without samples, which k6 cannot evaluate (no `rate` key) and so never fails.
 */
export function thresholdActual(sink: AnySink, expr: ThresholdExpression, durationSec: number): number | undefined {
  switch (sink.type) {
    case 'counter':
      // k6 divides by the test run duration without a guard.
      return aggregationKey(expr.aggregation) === 'rate' ? sink.count / durationSec : sink.count;
    case 'gauge':
      return sink.value;
    case 'rate':
      return sink.samples ? sink.passes / sink.samples : undefined;
    case 'trend':
      return expr.aggregation.kind === 'percentile' ? sink.percentile(expr.aggregation.percentile) : sink.stat(aggregationKey(expr.aggregation));
  }
}

/**
 * Evaluates every threshold now, as k6's final evaluation does: metrics without samples
 * are judged on their empty values (count 0, trend stats 0, gauge 0), except a Rate, which
 * passes. `noData` flags them either way.
 */
export function evaluateThresholds(groups: readonly ThresholdGroup[], durationSec: number): ThresholdOutcome[] {
  const out: ThresholdOutcome[] = [];
  for (const g of groups) {
    for (const r of g.rules) {
      const noData = g.sink.samples === 0;
      const actual = thresholdActual(g.sink, r.expression, durationSec);
      const ok = actual === undefined || thresholdHolds(r.expression, actual);
      out.push({ summaryName: g.summaryName, source: r.expression.source, ok, noData, abortOnFail: r.abortOnFail, delayAbortEvalMs: r.delayAbortEvalMs });
    }
  }
  return out;
}
