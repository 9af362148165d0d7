/**
 * Threshold expressions under `loadgate k6 run`, refused in k6's words, the ones users search
 * for (go.k6.io/k6/metrics/thresholds_parser.go and thresholds.go). What is accepted is decided
 * by the one parser, core/threshold-expression's `k6` dialect (`k6-v0.49` under --compat v0.49);
 * this file only words its problems as k6 prints them.
 */
import {
  AGGREGATIONS_BY_TYPE,
  aggregationFits,
  aggregationMethod,
  readThresholdExpression,
  type MetricType,
  type ThresholdExpression,
  type ThresholdProblem,
} from '../../core/threshold-expression.js';
import type { K6Compat } from '../k6-compat.js';
import { K6WordedOptionsError } from '../invalid-options-error.js';
import { goQuote } from '../../core/go-quote.js';

/** A threshold k6 refuses (exit 104), with k6's message. */
export class K6ThresholdError extends K6WordedOptionsError {
  constructor(
    selector: string,
    readonly expression: string,
    k6Message: string,
  ) {
    super(`thresholds.${selector}`, k6Message);
    this.name = 'K6ThresholdError';
  }
}

/**
 * Parses one expression written on `selector`. k6 v2 refuses a percentile outside 0..100;
 * v0.49 took it (and its Trend then indexed past its samples), so --compat v0.49 does too.
 */
export function parseK6ThresholdExpression(selector: string, source: string, compat: K6Compat): ThresholdExpression {
  const read = readThresholdExpression(source, compat === 'v0.49' ? 'k6-v0.49' : 'k6');
  if (!read.ok) throw new K6ThresholdError(selector, source, k6ProblemMessage(source, read.problem));
  return read.value;
}

/** k6's message for a problem of `source`, byte for byte. */
function k6ProblemMessage(source: string, problem: ThresholdProblem): string {
  const left = (reason: string) => `failed parsing threshold expression's ${goQuote(source)} left hand side; reason: ${reason}`;
  switch (problem.kind) {
    case 'no-operator':
      return `failed parsing threshold expression ${goQuote(source)}; reason: malformed threshold expression`;
    case 'unknown-aggregation':
      return left('failed parsing method from expression');
    case 'percentile-not-number':
      return left(`malformed percentile value; reason: ${problem.error}`);
    case 'percentile-out-of-range':
      return left('malformed percentile value, provide a number between 0 and 100');
    case 'value-not-number':
      // "expresion" (sic): k6's spelling in this one message.
      return `failed parsing threshold expresion's ${goQuote(source)} right hand side; reason: ${problem.error}`;
  }
}

/** k6's check that the aggregation exists for the metric's type, in k6's words. */
export function assertK6AggregationFits(expr: ThresholdExpression, selector: string, type: MetricType): void {
  if (aggregationFits(expr.aggregation, type)) return;
  throw new K6ThresholdError(
    selector,
    expr.source,
    `invalid threshold ${goQuote(expr.source)} applied on metric ${selector}; reason: unsupported aggregation method ${aggregationMethod(expr.aggregation)} on metric of type ${type}. supported aggregation methods for this metric are: ${AGGREGATIONS_BY_TYPE[type].join(', ')}`,
  );
}
