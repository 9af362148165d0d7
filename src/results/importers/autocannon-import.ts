/**
 * `autocannon --json` output as one repetition: latency percentiles → an
 * http_req_duration trend (ms, exactly autocannon's percentiles: p(50), p(90), p(97.5),
 * p(99)… — there is no p(95), so autocannon scenarios gate on p(97.5) and the median),
 * requests → http_reqs, errors + non-2xx → http_req_failed, throughput → data_received.
 */
import { InputFileError } from '../../core/errors.js';
import type { K6Summary, K6SummaryMetric } from '../../core/k6-summary.js';
import type { GatingMetric } from '../results.js';
import { defaultGatingMetrics } from '../default-gating.js';
import { emptyRootGroup, importedRepetition, IMPORTED_SCENARIO, type ImportedFile } from './imported.js';

/** autocannon's percentile keys: `p97_5` → `p(97.5)`. */
const PERCENTILE_KEY = /^p(\d+)(?:_(\d+))?$/;

/**
 * What loadgate gates an autocannon run on: the scenario defaults that autocannon has
 * data for (no checks, no iterations), with p(97.5) in place of the p(95) it lacks.
 */
export function autocannonGating(): GatingMetric[] {
  return defaultGatingMetrics()
    .filter((g) => g.metric.startsWith('http_'))
    .map((g) => (g.stat === 'p(95)' ? { ...g, stat: 'p(97.5)' } : g));
}

function numberAt(obj: Record<string, unknown>, key: string, path: string, file: string, fallback?: number): number {
  const v = obj[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputFileError(file, path, `expected a number, found ${JSON.stringify(v)}`);
  return v;
}

function section(data: Record<string, unknown>, key: string, file: string): Record<string, unknown> {
  const v = data[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputFileError(file, key, 'expected an object (autocannon --json output)');
  return v as Record<string, unknown>;
}

function latencyTrend(latency: Record<string, unknown>, file: string): K6SummaryMetric {
  const at = (k: string) => numberAt(latency, k, `latency.${k}`, file);
  const values: Record<string, number> = { avg: at('average'), min: at('min'), med: at('p50'), max: at('max') };
  for (const key of Object.keys(latency)) {
    const m = PERCENTILE_KEY.exec(key);
    if (m) values[`p(${m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`})`] = at(key);
  }
  values.count = numberAt(latency, 'totalCount', 'latency.totalCount', file, 0);
  return { type: 'trend', contains: 'time', values };
}

/** Imports one autocannon result object (already JSON-parsed). */
export function importAutocannon(file: string, data: Record<string, unknown>): ImportedFile {
  const latency = section(data, 'latency', file);
  const requests = section(data, 'requests', file);
  const throughput = data.throughput === undefined ? {} : section(data, 'throughput', file);
  const durationS = numberAt(data, 'duration', 'duration', file);
  const total = numberAt(requests, 'total', 'requests.total', file);
  const errors = numberAt(data, 'errors', 'errors', file, 0);
  const non2xx = numberAt(data, 'non2xx', 'non2xx', file, 0);
  // errors (timeouts included) got no response, so they are not in requests.total.
  const attempts = total + errors;
  const failed = non2xx + errors;
  const trend = latencyTrend(latency, file);
  if (trend.values.count === 0) trend.values.count = total;
  const metrics: Record<string, K6SummaryMetric> = {
    http_req_duration: trend,
    http_reqs: { type: 'counter', contains: 'default', values: { count: total, rate: numberAt(requests, 'average', 'requests.average', file) } },
    http_req_failed: { type: 'rate', contains: 'default', values: { rate: attempts > 0 ? failed / attempts : 0, passes: failed, fails: attempts - failed } },
  };
  if (throughput.total !== undefined) {
    metrics.data_received = { type: 'counter', contains: 'data', values: { count: numberAt(throughput, 'total', 'throughput.total', file), rate: numberAt(throughput, 'average', 'throughput.average', file) } };
  }
  const summary: K6Summary = {
    root_group: emptyRootGroup(),
    options: { summaryTrendStats: Object.keys(trend.values).filter((k) => k !== 'count'), summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationS * 1000 },
    metrics,
  };
  const started = typeof data.start === 'string' && Number.isFinite(Date.parse(data.start)) ? new Date(data.start).toISOString() : new Date(0).toISOString();
  const imported: ImportedFile = {
    file,
    kind: 'autocannon',
    engine: { name: 'autocannon', version: 'unknown (imported --json)' },
    scenarios: [{ name: IMPORTED_SCENARIO, repetitions: [importedRepetition(summary, {}, started)], thresholds: [], gating: autocannonGating() }],
  };
  if (typeof data.url === 'string') imported.targetUrl = data.url;
  return imported;
}
