/**
 * Threshold expressions read the way k6 reads them (go.k6.io/k6/metrics/thresholds_parser.go
 * and thresholds.go), for the engine: `loadgate k6 run` must accept what k6 accepts and refuse
 * the rest in k6's words, the ones users search for. k6 has no grammar: it splits the text at
 * the first operator token it finds (`<=` tried before `<`, and so on), trims both sides,
 * looks the left one up as an aggregation and gives the right one to Go's strconv.ParseFloat.
 * So `avg < 1_000` and `avg < Inf` pass, `p( 95 ) < 5` and `count < 0x10` do not.
 *
 * loadgate's own configuration (gating thresholds, results files) keeps
 * core/threshold-expression's stricter grammar and its hints; this is only the engine's door.
 */
import type { Aggregation, MetricType, ThresholdExpression, ThresholdOperator } from '../../core/threshold-expression.js';
import type { K6Compat } from '../k6-compat.js';
import { K6WordedOptionsError } from '../options/invalid-options-error.js';
import { goQuote } from '../output/k6-log.js';
import { goParseFloat } from '../../core/go-parse-float.js';

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

/** k6's operatorTokens, in its scan order: a longer token before the shorter one it contains. */
const OPERATORS: readonly ThresholdOperator[] = ['<=', '<', '>=', '>', '===', '==', '!='];

const METHODS = new Set(['count', 'rate', 'value', 'avg', 'min', 'max', 'med']);

/** What each metric type can be aggregated by, named and ordered as k6 lists them. */
const SUPPORTED: Record<MetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

/**
 * Parses one expression written on `selector`. k6 v2 refuses a percentile outside 0..100;
 * v0.49 took it (and its Trend then indexed past its samples), so --compat v0.49 does too.
 */
export function parseK6ThresholdExpression(selector: string, source: string, compat: K6Compat): ThresholdExpression {
  const fail = (message: string) => new K6ThresholdError(selector, source, message);
  const scanned = scan(source);
  if (!scanned) throw fail(`failed parsing threshold expression ${goQuote(source)}; reason: malformed threshold expression`);
  const [left, operator, right] = scanned;
  const aggregation = parseAggregation(left, compat);
  if (typeof aggregation === 'string') throw fail(`failed parsing threshold expression's ${goQuote(source)} left hand side; reason: ${aggregation}`);
  const value = goParseFloat(right);
  // "expresion" (sic): k6's spelling in this one message.
  if (!value.ok) throw fail(`failed parsing threshold expresion's ${goQuote(source)} right hand side; reason: ${value.error}`);
  return { source, aggregation, operator, value: value.value };
}

/** k6's check that the aggregation exists for the metric's type, in k6's words. */
export function assertK6AggregationFits(expr: ThresholdExpression, selector: string, type: MetricType): void {
  const method = expr.aggregation.kind === 'percentile' ? 'p' : expr.aggregation.kind;
  const supported = SUPPORTED[type];
  if (supported.includes(method)) return;
  throw new K6ThresholdError(
    selector,
    expr.source,
    `invalid threshold ${goQuote(expr.source)} applied on metric ${selector}; reason: unsupported aggregation method ${method} on metric of type ${type}. supported aggregation methods for this metric are: ${supported.join(', ')}`,
  );
}

/** k6's scanThresholdExpression: the first operator token found splits the text in two. */
function scan(source: string): [string, ThresholdOperator, string] | undefined {
  for (const op of OPERATORS) {
    const at = source.indexOf(op);
    if (at >= 0) return [goTrimSpace(source.slice(0, at)), op, goTrimSpace(source.slice(at + op.length))];
  }
  return undefined;
}

/** k6's parseThresholdAggregationMethod: the aggregation, or why it is not one. */
function parseAggregation(text: string, compat: K6Compat): Aggregation | string {
  if (METHODS.has(text)) return { kind: text as 'count' };
  if (text.startsWith('p(') && text.endsWith(')')) {
    const percentile = goParseFloat(text.slice(2, -1));
    if (!percentile.ok) return `malformed percentile value; reason: ${percentile.error}`;
    if (compat !== 'v0.49' && !(percentile.value >= 0 && percentile.value <= 100)) return 'malformed percentile value, provide a number between 0 and 100';
    return { kind: 'percentile', percentile: percentile.value };
  }
  return 'failed parsing method from expression';
}

/** Go's unicode.IsSpace set, which strings.TrimSpace trims (JavaScript's \s differs at U+0085 and U+FEFF). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}
