/**
 * Target thresholds (SLOs): judged on the current run alone, independent of any baseline.
 * The value judged is the median over repetitions of each repetition's aggregate, so
 * one noisy repetition does not decide the verdict.
 */
import type { Repetition, ScenarioResult, TargetThreshold } from '../results/results.js';
import { aggregationKey, parseThresholdExpression, thresholdHolds } from '../core/threshold-expression.js';
import type { ThresholdExpression } from '../core/threshold-expression.js';
import { medianOfSorted } from '../stats/median-ci.js';
import type { ThresholdVerdict } from './model.js';
import { repetitionValue, summaryMetric, unitOf } from '../results/metric-values.js';

/** Per-repetition values of an aggregation (repetitions without samples are left out). */
export function repetitionAggregates(reps: readonly Repetition[], selector: string, aggregation: string): number[] {
  return reps.flatMap((rep) => {
    const v = repetitionValue(rep, selector, aggregation);
    return v === undefined ? [] : [v];
  });
}

function judgeOne(scenario: ScenarioResult, threshold: TargetThreshold): ThresholdVerdict {
  const failing: ThresholdExpression = parseThresholdExpression(threshold.expression);
  const warning = threshold.warn !== undefined ? parseThresholdExpression(threshold.warn) : undefined;
  const key = aggregationKey(failing.aggregation);
  const values = repetitionAggregates(scenario.repetitions, threshold.metric, key).sort((a, b) => a - b);
  const sample = scenario.repetitions.map((r) => summaryMetric(r, threshold.metric)).find((m) => m !== undefined);
  const verdict: ThresholdVerdict = {
    metric: threshold.metric,
    expression: threshold.expression,
    measured: null,
    unit: unitOf(sample, key),
    verdict: 'no-data',
  };
  if (threshold.warn !== undefined) verdict.warn = threshold.warn;
  if (values.length === 0) return verdict;
  const measured = medianOfSorted(values);
  verdict.measured = measured;
  if (!thresholdHolds(failing, measured)) verdict.verdict = 'fail';
  else if (warning && !thresholdHolds(warning, repetitionMedian(scenario, threshold.metric, warning) ?? measured)) verdict.verdict = 'warn';
  else verdict.verdict = 'pass';
  return verdict;
}

/** The warn expression may use another aggregation (`p(99)` warn beside a `p(95)` fail). */
function repetitionMedian(scenario: ScenarioResult, selector: string, expr: ThresholdExpression): number | undefined {
  const values = repetitionAggregates(scenario.repetitions, selector, aggregationKey(expr.aggregation)).sort((a, b) => a - b);
  return values.length === 0 ? undefined : medianOfSorted(values);
}

/**
 * Judges every target threshold of a scenario: fail when the fail expression does not hold,
 * warn when it holds but the warn expression does not, pass, or no-data when the metric is
 * absent or had no samples. Throws ThresholdSyntaxError on an expression outside k6's grammar.
 */
export function judgeThresholds(scenario: ScenarioResult): ThresholdVerdict[] {
  return scenario.thresholds.map((t) => judgeOne(scenario, t));
}
