import { goParseFloat } from './go-parse-float.js';
import { ThresholdSyntaxError } from './errors.js';

/**
 * The one reader of threshold expressions (`p(95)<500`) and aggregations (`p(95)`, `avg`), in
 * k6's own order (go.k6.io/k6/metrics/thresholds_parser.go, k6 v2.2.0). k6 has no grammar: it
 * splits the text at the first operator token it finds (`<=` tried before `<`, and so on),
 * trims both sides (Go's strings.TrimSpace), looks the left one up as an aggregation and gives
 * the right one, and a percentile's N, to Go's strconv.ParseFloat. So `avg < 1_000`,
 * `avg < Inf`, `count < 0x1p4`, `avg < .5` and `p(1e1) < 5` are read, `p( 95 ) < 5` and
 * `count < 0x10` are not.
 *
 * Dialects:
 * - `k6`: k6 v2 exactly. The engine words its problems in k6's words (engine/metrics/k6-threshold-parse.ts).
 * - `k6-v0.49`: k6 v0.49, which took a percentile outside 0..100 (`p(101)`, `p(-1)`).
 * - `loadgate`: k6 v2 plus what loadgate's configuration accepted before it followed k6:
 *   white space inside `p( 95 )`, U+FEFF as white space (a byte-order mark pasted in front),
 *   and a number beyond float64 read as ±Inf (`1e400`) instead of refused.
 *
 * A metric selector `name{tag:value,...}` names a sub-metric (parseMetricSelector).
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

export type Aggregation =
  | { kind: 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' }
  | { kind: 'percentile'; percentile: number };

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface ThresholdExpression {
  /** The expression exactly as written. */
  source: string;
  aggregation: Aggregation;
  operator: ThresholdOperator;
  value: number;
}

export interface MetricSelector {
  /** Selector as written, e.g. `http_req_duration{scenario:peak}`. */
  source: string;
  metric: string;
  /** Tag filters in the order written. */
  tags: Array<[string, string]>;
}

export type ThresholdDialect = 'k6' | 'k6-v0.49' | 'loadgate';

/** Why an expression or aggregation was not read; each reader words it (loadgate's hints, k6's words). */
export type ThresholdProblem =
  /** No operator token in the expression. */
  | { kind: 'no-operator' }
  /** The left side is not an aggregation name nor `p(...)`. */
  | { kind: 'unknown-aggregation'; text: string }
  /** `p(N)` whose N ParseFloat refuses; `error` is Go's message. */
  | { kind: 'percentile-not-number'; text: string; error: string }
  /** `p(N)` with N outside 0..100 (k6 v2 and loadgate). */
  | { kind: 'percentile-out-of-range'; text: string; percentile: number }
  /** The right side ParseFloat refuses; `error` is Go's message. */
  | { kind: 'value-not-number'; text: string; error: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ThresholdProblem };

/** k6's operatorTokens, in its scan order: a longer token before the shorter one it contains. */
const OPERATORS: readonly ThresholdOperator[] = ['<=', '<', '>=', '>', '===', '==', '!='];

const METHODS: ReadonlySet<string> = new Set(['count', 'rate', 'value', 'avg', 'min', 'max', 'med']);

/** Go's unicode.IsSpace set, which strings.TrimSpace trims (JavaScript's \s differs at U+0085 and U+FEFF). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');
/** loadgate's legacy trim: Go's set and U+FEFF. */
const LOADGATE_TRIM = new RegExp(`^[${GO_SPACE}\\ufeff]+|[${GO_SPACE}\\ufeff]+$`, 'g');

function trim(s: string, dialect: ThresholdDialect): string {
  return s.replace(dialect === 'loadgate' ? LOADGATE_TRIM : GO_TRIM, '');
}

/** Reads one expression in `dialect`; never throws. */
export function readThresholdExpression(source: string, dialect: ThresholdDialect): Parsed<ThresholdExpression> {
  const split = OPERATORS.map((op) => [op, source.indexOf(op)] as const).find(([, at]) => at >= 0);
  if (!split) return { ok: false, problem: { kind: 'no-operator' } };
  const [operator, at] = split;
  const aggregation = readAggregation(source.slice(0, at), dialect);
  if (!aggregation.ok) return aggregation;
  const right = trim(source.slice(at + operator.length), dialect);
  const number = goParseFloat(right);
  let value: number;
  if (number.ok) value = number.value;
  else if (dialect === 'loadgate' && number.outOfRange !== undefined) value = number.outOfRange;
  else return { ok: false, problem: { kind: 'value-not-number', text: right, error: number.error } };
  return { ok: true, value: { source, aggregation: aggregation.value, operator, value } };
}

/** Reads an aggregation on its own (`p(95)`, `avg`; white space around it is trimmed); never throws. */
export function readAggregation(text: string, dialect: ThresholdDialect): Parsed<Aggregation> {
  const name = trim(text, dialect);
  if (METHODS.has(name)) return { ok: true, value: { kind: name as 'count' } };
  if (!(name.startsWith('p(') && name.endsWith(')'))) return { ok: false, problem: { kind: 'unknown-aggregation', text: name } };
  const inner = name.slice(2, -1);
  const number = goParseFloat(dialect === 'loadgate' ? trim(inner, dialect) : inner);
  if (!number.ok) return { ok: false, problem: { kind: 'percentile-not-number', text: inner, error: number.error } };
  const percentile = number.value;
  if (dialect !== 'k6-v0.49' && !(percentile >= 0 && percentile <= 100)) {
    return { ok: false, problem: { kind: 'percentile-out-of-range', text: inner, percentile } };
  }
  return { ok: true, value: { kind: 'percentile', percentile } };
}

const AGGREGATIONS_HINT = 'count, rate, value, avg, min, max, med, p(N) with 0 <= N <= 100';
const EXPRESSION_HINT = 'expected `<aggregation> <operator> <number>` like `p(95)<500`, `rate<0.01`, `count>10`, `avg<=200`';

/** A problem in loadgate's words: what is wrong and what would be valid. */
export function loadgateProblemMessage(problem: ThresholdProblem): string {
  switch (problem.kind) {
    case 'no-operator':
      return `no comparison operator (<, <=, >, >=, ==, ===, !=); ${EXPRESSION_HINT}`;
    case 'unknown-aggregation':
      return `unknown aggregation "${problem.text}"; valid: ${AGGREGATIONS_HINT}; ${EXPRESSION_HINT}`;
    case 'percentile-not-number':
      return `percentile "${problem.text}" is not a number; use p(N) with 0 <= N <= 100, e.g. p(95)`;
    case 'percentile-out-of-range':
      return `percentile ${problem.text.trim()} is ${problem.percentile > 100 ? 'above 100' : 'not in 0..100'}; use p(0) to p(100)`;
    case 'value-not-number':
      return `"${problem.text}" after the operator is not a number; ${EXPRESSION_HINT} (numbers as k6 reads them: 500, 0.5, 1e3, 1_000, Inf)`;
  }
}

/** Parses one threshold expression (default: loadgate's dialect); throws ThresholdSyntaxError naming it and what would be valid. */
export function parseThresholdExpression(source: string, dialect: ThresholdDialect = 'loadgate'): ThresholdExpression {
  const read = readThresholdExpression(source, dialect);
  if (!read.ok) throw new ThresholdSyntaxError(source, loadgateProblemMessage(read.problem));
  return read.value;
}

/**
 * Checks a summary stat named on its own (a gating metric's `stat`, `bisect --metric name:stat`):
 * an aggregation of k6's threshold grammar, in loadgate's dialect. Returns why it is invalid, or null.
 */
export function statProblem(stat: string): string | null {
  const read = readAggregation(stat, 'loadgate');
  if (read.ok) return null;
  if (read.problem.kind === 'unknown-aggregation') return `unknown stat "${stat}"; valid: ${AGGREGATIONS_HINT}`;
  return loadgateProblemMessage(read.problem);
}

/** The key a valid stat is reported under in summaries (`p( 95 )` → `p(95)`, `p(1e1)` → `p(10)`); null when invalid. */
export function statKey(stat: string): string | null {
  const read = readAggregation(stat, 'loadgate');
  return read.ok ? aggregationKey(read.value) : null;
}

/**
 * The percentile a summary stat names (`med` → 50, `p(99.9)` → 99.9, `p( 95 )` → 95), read by the
 * one aggregation parser; undefined for any other stat or an invalid one.
 */
export function statPercentile(stat: string): number | undefined {
  if (stat === 'med') return 50;
  const read = readAggregation(stat, 'loadgate');
  return read.ok && read.value.kind === 'percentile' ? read.value.percentile : undefined;
}

/** An aggregation's method as k6 names it in its table: `p` for any percentile. */
export type AggregationMethod = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' | 'p';

/** The aggregations each metric type accepts, named and ordered as k6 lists them (k6 metrics/thresholds.go). */
export const AGGREGATIONS_BY_TYPE: Readonly<Record<MetricType, readonly AggregationMethod[]>> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

export function aggregationMethod(agg: Aggregation): AggregationMethod {
  return agg.kind === 'percentile' ? 'p' : agg.kind;
}

/** Whether a metric of `type` has the aggregation (k6 refuses a threshold on one it has not). */
export function aggregationFits(agg: Aggregation, type: MetricType): boolean {
  return AGGREGATIONS_BY_TYPE[type].includes(aggregationMethod(agg));
}

/** In loadgate's words, why `metric` (of `type`) has not the aggregation, or null when it has. */
export function aggregationMisfit(agg: Aggregation, metric: string, type: MetricType): string | null {
  if (aggregationFits(agg, type)) return null;
  const valid = AGGREGATIONS_BY_TYPE[type].map((m) => (m === 'p' ? 'p(N)' : m)).join(', ');
  return `\`${aggregationKey(agg)}\` does not apply to ${metric}, a ${type} metric; use ${valid}`;
}

/** The key under which k6 reports an aggregation in summary `values` (`p(95)`, `avg`…). */
export function aggregationKey(agg: Aggregation): string {
  return agg.kind === 'percentile' ? `p(${agg.percentile})` : agg.kind;
}

/** Whether `actual` satisfies the expression (k6: the threshold passes). */
export function thresholdHolds(expr: ThresholdExpression, actual: number): boolean {
  switch (expr.operator) {
    case '<':
      return actual < expr.value;
    case '<=':
      return actual <= expr.value;
    case '>':
      return actual > expr.value;
    case '>=':
      return actual >= expr.value;
    case '==':
    case '===':
      return actual === expr.value;
    case '!=':
      return actual !== expr.value;
  }
}

const SELECTOR = /^\s*([A-Za-z0-9_.\-]+)\s*(?:\{(.*)\})?\s*$/;

/** Parses `name` or `name{tag:value,tag2:value2}` (k6's sub-metric syntax). */
export function parseMetricSelector(source: string): MetricSelector {
  const m = SELECTOR.exec(source);
  if (!m) {
    throw new ThresholdSyntaxError(source, 'expected a metric name like `http_req_duration` or `http_req_duration{scenario:peak}`');
  }
  const metric = m[1] as string;
  const tags: Array<[string, string]> = [];
  if (m[2] !== undefined) {
    for (const part of m[2].split(',')) {
      const idx = part.indexOf(':');
      if (idx <= 0) throw new ThresholdSyntaxError(source, `tag filter "${part.trim()}" must be \`key:value\``);
      tags.push([part.slice(0, idx).trim(), part.slice(idx + 1).trim()]);
    }
    if (tags.length === 0) throw new ThresholdSyntaxError(source, 'empty tag filter `{}`');
  }
  return { source, metric, tags };
}
