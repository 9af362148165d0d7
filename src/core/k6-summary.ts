/**
 * The shape of the `data` object k6 passes to `handleSummary(data)` (k6 v0.49,
 * see test/fixtures/k6-v0.49/handle-summary-data.json). The embedded engine
 * produces exactly this shape; importers read it from real k6.
 */
import type { MetricType } from './threshold-expression.js';

export type MetricContains = 'default' | 'time' | 'data';

export interface K6SummaryMetric {
  type: MetricType;
  contains: MetricContains;
  /**
   * counter: count, rate · gauge: value, min, max · rate: rate, passes, fails ·
   * trend: the summaryTrendStats (avg, min, med, max, p(90), p(95) by default).
   * Time values are in milliseconds.
   */
  values: Record<string, number>;
  /** Threshold expression → `{ ok }` (ok: true means the threshold passed). */
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6Check {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

export interface K6Group {
  name: string;
  path: string;
  id: string;
  groups: K6Group[];
  checks: K6Check[];
}

export interface K6Summary {
  root_group: K6Group;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  /** Metric name (or sub-metric `name{tag:value}`) → its summary. */
  metrics: Record<string, K6SummaryMetric>;
  setup_data?: unknown;
}
