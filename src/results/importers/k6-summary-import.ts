/**
 * k6's two end-of-test JSON files: the `handleSummary(data)` object (the shape loadgate
 * keeps as is) and the legacy `--summary-export` file, which is lossy: no metric types,
 * no duration, groups and checks keyed by name, and threshold flags where `true` means
 * the threshold FAILED (k6 docs, "Results output: summary export"). Both become one
 * repetition; no histograms (the summary's own percentiles are used).
 */
import { InputFileError } from '../../core/errors.js';
import { summaryGroupProblem, summaryThresholdsProblem } from '../results-schema.js';
import type { K6Check, K6Group, K6Summary, K6SummaryMetric, MetricContains } from '../../core/k6-summary.js';
import type { MetricType } from '../../core/threshold-expression.js';
import { checkValues, emptyRootGroup, importedRepetition, thresholdsOfSummary, IMPORTED_SCENARIO, type ImportedFile } from './imported.js';

const METRIC_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'rate', 'trend']);
const CONTAINS: ReadonlySet<string> = new Set(['default', 'time', 'data']);

type Fail = (key: string, msg: string) => never;
const failer = (file: string): Fail => (key, msg) => {
  throw new InputFileError(file, key, msg);
};

/** Turns a `key: message` problem into the importer's error. */
function failOn(problem: string | null, fail: Fail): void {
  if (!problem) return;
  const at = problem.indexOf(': ');
  fail(problem.slice(0, at), problem.slice(at + 2));
}

function asObject(value: unknown, key: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(key, 'expected an object');
  return value as Record<string, unknown>;
}

function imported(file: string, summary: K6Summary, startedAt: string): ImportedFile {
  const rep = importedRepetition(summary, {}, startedAt);
  return {
    file,
    kind: 'k6-handle-summary',
    engine: { name: 'k6', version: 'unknown (imported summary)' },
    scenarios: [{ name: IMPORTED_SCENARIO, repetitions: [rep], thresholds: thresholdsOfSummary(summary), gating: [] }],
  };
}

/**
 * Imports the `data` object k6 passes to handleSummary (e.g. written with
 * `JSON.stringify(data)`), checking each metric's type and values.
 * @param endedAt when the run ended (the file's mtime); startedAt = endedAt − duration
 */
export function importHandleSummary(file: string, data: unknown, endedAt: Date): ImportedFile {
  const fail = failer(file);
  const root = asObject(data, '', fail);
  const metrics = asObject(root.metrics, 'metrics', fail);
  const state = asObject(root.state ?? {}, 'state', fail);
  for (const [name, raw] of Object.entries(metrics)) {
    const m = asObject(raw, `metrics["${name}"]`, fail);
    if (!METRIC_TYPES.has(m.type as string)) fail(`metrics["${name}"].type`, `expected counter, gauge, rate or trend, found ${JSON.stringify(m.type)}`);
    if (!CONTAINS.has(m.contains as string)) fail(`metrics["${name}"].contains`, `expected default, time or data, found ${JSON.stringify(m.contains)}`);
    checkValues(m.values, `metrics["${name}"].values`, fail);
    if (m.thresholds !== undefined) failOn(summaryThresholdsProblem(m.thresholds, `metrics["${name}"].thresholds`), fail);
  }
  if (root.root_group !== undefined) {
    const g = asObject(root.root_group, 'root_group', fail);
    if (!Array.isArray(g.groups) || !Array.isArray(g.checks)) fail('root_group', 'expected groups and checks arrays (k6 handleSummary data)');
    failOn(summaryGroupProblem(g, 'root_group'), fail);
  }
  const durationMs = typeof state.testRunDurationMs === 'number' ? state.testRunDurationMs : 0;
  const options = (root.options ?? {}) as Partial<K6Summary['options']>;
  const summary: K6Summary = {
    root_group: (root.root_group as K6Group | undefined) ?? emptyRootGroup(),
    options: { summaryTrendStats: options.summaryTrendStats ?? [], summaryTimeUnit: options.summaryTimeUnit ?? '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    metrics: metrics as Record<string, K6SummaryMetric>,
  };
  return imported(file, summary, new Date(endedAt.getTime() - durationMs).toISOString());
}

const TIME_TRENDS = /^(http_req_(duration|blocked|connecting|tls_handshaking|sending|waiting|receiving)|iteration_duration|group_duration)(\{|$)/;
const DATA_COUNTERS = /^data_(sent|received)(\{|$)/;

/** A summary-export metric's type, from its keys (the file does not say). */
function exportedType(values: Record<string, number>): MetricType | undefined {
  if ('passes' in values && 'fails' in values) return 'rate';
  if ('count' in values && 'rate' in values) return 'counter';
  if ('value' in values && 'min' in values && 'max' in values) return 'gauge';
  if (Object.keys(values).some((k) => k === 'avg' || k === 'med' || /^p\(/.test(k))) return 'trend';
  return undefined;
}

function exportedContains(name: string, type: MetricType): MetricContains {
  if (type === 'trend' && TIME_TRENDS.test(name)) return 'time';
  if (type === 'counter' && DATA_COUNTERS.test(name)) return 'data';
  return 'default';
}

function exportedMetric(name: string, raw: unknown, fail: Fail): K6SummaryMetric {
  const obj = asObject(raw, `metrics["${name}"]`, fail);
  const { thresholds, ...rest } = obj;
  const values = { ...checkValues(rest, `metrics["${name}"]`, fail) };
  const type = exportedType(values);
  if (!type) fail(`metrics["${name}"]`, 'cannot tell the metric type: expected count+rate, value+min+max, passes+fails, or trend stats (avg, med, p(95)…)');
  if (type === 'rate') {
    values.rate = values.value ?? 0;
    delete values.value;
  }
  const metric: K6SummaryMetric = { type, contains: exportedContains(name, type), values };
  if (thresholds !== undefined) {
    metric.thresholds = {};
    for (const [expr, crossed] of Object.entries(asObject(thresholds, `metrics["${name}"].thresholds`, fail))) {
      if (typeof crossed !== 'boolean') fail(`metrics["${name}"].thresholds["${expr}"]`, 'expected true (failed) or false (passed)');
      // summary-export's flag is "threshold crossed": true means FAILED.
      metric.thresholds[expr] = { ok: !crossed };
    }
  }
  return metric;
}

/** summary-export groups and checks are objects keyed by name; handleSummary's are arrays. */
function exportedGroup(raw: unknown, key: string, fail: Fail): K6Group {
  const g = asObject(raw, key, fail);
  const groups = Object.entries(asObject(g.groups ?? {}, `${key}.groups`, fail)).map(([n, sub]) => exportedGroup(sub, `${key}.groups["${n}"]`, fail));
  const checks = Object.entries(asObject(g.checks ?? {}, `${key}.checks`, fail)).map(([n, c]) => {
    const check = asObject(c, `${key}.checks["${n}"]`, fail);
    if (typeof check.passes !== 'number' || typeof check.fails !== 'number') fail(`${key}.checks["${n}"]`, 'expected passes and fails counts');
    return check as unknown as K6Check;
  });
  return { name: String(g.name ?? ''), path: String(g.path ?? ''), id: String(g.id ?? ''), groups, checks };
}

/** Run duration from a counter's count / rate (the file has no duration); iterations first. */
function exportedDurationMs(metrics: Record<string, K6SummaryMetric>): number {
  const counters = Object.entries(metrics).filter(([, m]) => m.type === 'counter' && (m.values.rate ?? 0) > 0);
  counters.sort(([a], [b]) => Number(b === 'iterations') - Number(a === 'iterations'));
  const c = counters[0]?.[1];
  return c ? ((c.values.count as number) / (c.values.rate as number)) * 1000 : 0;
}

/** Imports k6's `--summary-export` file. @param endedAt the file's mtime */
export function importSummaryExport(file: string, data: unknown, endedAt: Date): ImportedFile {
  const fail = failer(file);
  const root = asObject(data, '', fail);
  const metrics: Record<string, K6SummaryMetric> = {};
  for (const [name, raw] of Object.entries(asObject(root.metrics, 'metrics', fail))) metrics[name] = exportedMetric(name, raw, fail);
  const firstTrend = Object.values(metrics).find((m) => m.type === 'trend');
  const durationMs = exportedDurationMs(metrics);
  const summary: K6Summary = {
    root_group: root.root_group === undefined ? emptyRootGroup() : exportedGroup(root.root_group, 'root_group', fail),
    options: { summaryTrendStats: firstTrend ? Object.keys(firstTrend.values) : [], summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    metrics,
  };
  return { ...imported(file, summary, new Date(endedAt.getTime() - durationMs).toISOString()), kind: 'k6-summary-export' };
}
