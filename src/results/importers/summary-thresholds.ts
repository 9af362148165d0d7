/**
 * Evaluating k6 thresholds on a summary's own values: for summaries rebuilt from raw
 * points (`--out json`) or merged from several load generators, where the per-instance
 * verdicts no longer say anything about the whole.
 */
import type { K6SummaryMetric } from '../../core/k6-summary.js';
import { ThresholdSyntaxError } from '../../core/errors.js';
import { aggregationKey, aggregationMisfit, parseThresholdExpression, thresholdHolds } from '../../core/threshold-expression.js';
import { canonicalSelector } from '../metric-values.js';

/** One threshold: metric selector and expression in k6's grammar. */
export interface SummaryThreshold {
  metric: string;
  expression: string;
}

function hasSamples(m: K6SummaryMetric): boolean {
  if (m.type === 'trend') return m.values.count !== 0;
  if (m.type === 'rate') return (m.values.passes ?? 0) + (m.values.fails ?? 0) > 0;
  return true;
}

/**
 * Sets `metrics[selector].thresholds[expression] = { ok }` for each threshold. A metric
 * without samples (a trend with `count: 0`, a rate with no passes or fails, or one in
 * `empty`) passes, as in k6 (loadgate's own judgement calls that no-data).
 * Throws ThresholdSyntaxError on an expression outside k6's grammar or with an aggregation the
 * metric's type has not (`p(95)` on a counter), as k6 refuses both.
 * @returns the thresholds that failed, as `selector: expression`
 */
export function evaluateSummaryThresholds(
  metrics: Record<string, K6SummaryMetric>,
  thresholds: readonly SummaryThreshold[],
  empty: ReadonlySet<string> = new Set(),
): string[] {
  const failed: string[] = [];
  for (const t of thresholds) {
    const expr = parseThresholdExpression(t.expression);
    const key = metrics[t.metric] ? t.metric : canonicalSelector(t.metric);
    const metric = metrics[key];
    if (!metric) continue;
    const misfit = aggregationMisfit(expr.aggregation, t.metric, metric.type);
    if (misfit) throw new ThresholdSyntaxError(t.expression, misfit);
    const value = metric.values[aggregationKey(expr.aggregation)];
    const ok = empty.has(key) || !hasSamples(metric) || value === undefined || thresholdHolds(expr, value);
    metric.thresholds ??= {};
    metric.thresholds[t.expression] = { ok };
    if (!ok) failed.push(`${t.metric}: ${t.expression}`);
  }
  return failed;
}

/** Every threshold a summary carries, as selector + expression. */
export function summaryThresholds(metrics: Record<string, K6SummaryMetric>): SummaryThreshold[] {
  return Object.entries(metrics).flatMap(([metric, m]) => Object.keys(m.thresholds ?? {}).map((expression) => ({ metric, expression })));
}
