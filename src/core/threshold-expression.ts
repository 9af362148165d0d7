import { ThresholdSyntaxError } from './errors.js';

/**
 * k6's threshold grammar (k6 docs, "Thresholds"; go.k6.io/k6/metrics/thresholds.go):
 *   <aggregation> <operator> <number>
 * aggregation: count | rate | value | avg | min | max | med | p(N) with 0 <= N <= 100
 * operator:    < | <= | > | >= | == | === | !=
 * and a metric selector `name{tag:value,...}` for sub-metrics.
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

const EXPRESSION = /^\s*(count|rate|value|avg|min|max|med|p\(\s*([0-9]+(?:\.[0-9]+)?)\s*\))\s*(===|==|!=|<=|>=|<|>)\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*$/;

const VALID_HINT = 'expected `<aggregation> <operator> <number>` like `p(95)<500`, `rate<0.01`, `count>10`, `avg<=200`';

/** Parses one threshold expression; throws ThresholdSyntaxError naming it. */
export function parseThresholdExpression(source: string): ThresholdExpression {
  const m = EXPRESSION.exec(source);
  if (!m) throw new ThresholdSyntaxError(source, VALID_HINT);
  const [, agg, pct, op, num] = m as unknown as [string, string, string | undefined, ThresholdOperator, string];
  let aggregation: Aggregation;
  if (pct !== undefined) {
    const percentile = Number(pct);
    if (percentile > 100) throw new ThresholdSyntaxError(source, `percentile ${pct} is above 100; use p(0) to p(100)`);
    aggregation = { kind: 'percentile', percentile };
  } else {
    aggregation = { kind: agg as 'count' };
  }
  return { source, aggregation, operator: op, value: Number(num) };
}

const STAT = /^\s*(count|rate|value|avg|min|max|med|p\(\s*([0-9]+(?:\.[0-9]+)?)\s*\))\s*$/;

/**
 * Checks a summary stat named on its own (a gating metric's `stat`): the aggregations of k6's
 * threshold grammar. Returns why it is invalid, or null.
 */
export function statProblem(stat: string): string | null {
  const m = STAT.exec(stat);
  if (!m) return `unknown stat "${stat}"; valid: count, rate, value, avg, min, max, med, p(N) with 0 <= N <= 100`;
  if (m[2] !== undefined && Number(m[2]) > 100) return `percentile ${m[2]} is above 100; use p(0) to p(100)`;
  return null;
}

/** The aggregations k6 accepts per metric type. */
export const AGGREGATIONS_BY_TYPE: Record<MetricType, ReadonlyArray<string>> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};

/** Throws when the expression's aggregation does not exist for the metric's type. */
export function assertAggregationFits(expr: ThresholdExpression, metric: string, type: MetricType): void {
  const allowed = AGGREGATIONS_BY_TYPE[type];
  const name = aggregationKey(expr.aggregation);
  const ok = expr.aggregation.kind === 'percentile' ? allowed.includes('p(N)') : allowed.includes(name);
  if (!ok) {
    throw new ThresholdSyntaxError(
      expr.source,
      `\`${name}\` does not apply to ${metric}, a ${type} metric; use ${allowed.join(', ')}`,
    );
  }
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
