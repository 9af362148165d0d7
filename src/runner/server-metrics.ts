import type { K6SummaryMetric } from '../core/k6-summary.js';

/**
 * The server-side view of a repetition: the service's Prometheus metrics scraped
 * before and after, turned into k6-shaped summary metrics (`server_*`) so reports
 * show them and thresholds can gate them like any k6 metric.
 */

/** Prometheus family → summary metric name, for counters (delta over the repetition). */
const COUNTERS: Array<[RegExp, string]> = [
  [/^process_cpu_seconds_total$/, 'server_cpu_seconds'],
  [/(^|_)cache_hits_total$/, 'server_cache_hits'],
  [/(^|_)cache_misses_total$/, 'server_cache_misses'],
  [/(^|_)rows_written_total$/, 'server_rows_written'],
];
/** Request counters of the service (standard `http_requests_total` naming), for CPU per request. */
const REQUESTS = /(^|_)http_requests_total$/;
/**
 * Prometheus histograms (`_sum` / `_count` in seconds) → mean per observation over the
 * repetition, in ms: the service's own timing of its work, free of the client's and the
 * kernel's share of a round trip.
 */
const MEAN_DURATIONS: Array<[RegExp, string]> = [
  [/(^|_)handler_duration_seconds$/, 'server_handler_duration'],
  [/(^|_)http_request_duration_seconds$/, 'server_request_duration'],
];
/** Gauges: the value after the repetition. */
const GAUGES: Array<[RegExp, string]> = [[/^process_resident_memory_bytes$/, 'server_resident_memory_bytes']];

/** Family name → sum over its label sets (the text exposition format, version 0.0.4). */
export type PrometheusSnapshot = Map<string, number>;

/** Parses Prometheus text format, summing samples of a family across labels. */
export function parsePrometheusText(text: string): PrometheusSnapshot {
  const out: PrometheusSnapshot = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // name{labels} value [timestamp]; label values may hold spaces, so cut at the closing brace.
    const brace = line.indexOf('{');
    const nameEnd = brace >= 0 ? brace : line.search(/\s/);
    if (nameEnd <= 0) continue;
    const name = line.slice(0, nameEnd);
    const rest = brace >= 0 ? line.slice(line.lastIndexOf('}') + 1) : line.slice(nameEnd);
    const value = Number(rest.trim().split(/\s+/)[0]);
    if (!Number.isFinite(value)) continue;
    out.set(name, (out.get(name) ?? 0) + value);
  }
  return out;
}

/** A scrape: the snapshot, or why the endpoint gave none (for the one warning a run prints). */
export type PrometheusScrape = { snapshot: PrometheusSnapshot; problem?: undefined } | { snapshot: null; problem: string };

/**
 * Fetches a snapshot, or says why there is none: no answer, an HTTP error, or a body that is not
 * Prometheus text (JSON, HTML, nothing parseable). A missing view is not a failed run.
 */
export async function scrapePrometheusOrWhy(url: string, timeoutMs = 5000): Promise<PrometheusScrape> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { snapshot: null, problem: `did not answer (${cause})` };
  }
  if (!res.ok) return { snapshot: null, problem: `answered HTTP ${res.status}` };
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = await res.text().catch(() => '');
  const head = text.trimStart()[0];
  if (/json|html|xml/.test(type) || head === '{' || head === '[' || head === '<') {
    return { snapshot: null, problem: `answered ${type || 'a body'} that is not Prometheus text` };
  }
  const snapshot = parsePrometheusText(text);
  if (snapshot.size === 0) return { snapshot: null, problem: 'answered no Prometheus samples' };
  return { snapshot };
}

/** Fetches a snapshot; null when the endpoint does not answer with Prometheus text. */
export async function scrapePrometheus(url: string, timeoutMs = 5000): Promise<PrometheusSnapshot | null> {
  return (await scrapePrometheusOrWhy(url, timeoutMs)).snapshot;
}

/**
 * Summary metrics for the difference between two snapshots over `durationMs`:
 * counters as k6 counters (count, rate per second), gauges as k6 gauges, and the
 * cache hit rate as a k6 rate when hits or misses moved.
 */
export function serverMetricsDelta(before: PrometheusSnapshot, after: PrometheusSnapshot, durationMs: number): Record<string, K6SummaryMetric> {
  const metrics: Record<string, K6SummaryMetric> = {};
  const seconds = Math.max(durationMs / 1000, 1e-9);
  for (const [family, value] of after) {
    const counter = COUNTERS.find(([re]) => re.test(family));
    if (counter) {
      const delta = Math.max(0, value - (before.get(family) ?? 0));
      const existing = metrics[counter[1]]?.values.count ?? 0;
      const count = existing + delta;
      metrics[counter[1]] = { type: 'counter', contains: 'default', values: { count, rate: count / seconds } };
      continue;
    }
    const gauge = GAUGES.find(([re]) => re.test(family));
    if (gauge) {
      metrics[gauge[1]] = { type: 'gauge', contains: 'data', values: { value, min: Math.min(value, before.get(family) ?? value), max: Math.max(value, before.get(family) ?? value) } };
    }
  }
  // CPU time per request is what a slower build changes first: on loopback, the client's and the
  // kernel's share of a request's latency can hide a handler that got 1.5x slower, CPU cannot.
  const cpu = metrics.server_cpu_seconds?.values.count;
  const requests = requestsDelta(before, after);
  if (cpu !== undefined && requests > 0) {
    const ms = (cpu * 1000) / requests;
    metrics.server_cpu_per_request = { type: 'gauge', contains: 'time', values: { value: ms, min: ms, max: ms } };
  }
  for (const [name, value] of meanDurations(before, after)) {
    metrics[name] = { type: 'gauge', contains: 'time', values: { value, min: value, max: value } };
  }
  const hits = metrics.server_cache_hits?.values.count ?? 0;
  const misses = metrics.server_cache_misses?.values.count ?? 0;
  if (hits + misses > 0) {
    metrics.server_cache_hit_rate = { type: 'rate', contains: 'default', values: { rate: hits / (hits + misses), passes: hits, fails: misses } };
  }
  return metrics;
}

/** Requests the service answered between the snapshots, over every `*http_requests_total` family. */
function requestsDelta(before: PrometheusSnapshot, after: PrometheusSnapshot): number {
  let total = 0;
  for (const [family, value] of after) {
    if (REQUESTS.test(family)) total += Math.max(0, value - (before.get(family) ?? 0));
  }
  return total;
}

/** Mean ms per observation of each histogram family in MEAN_DURATIONS that moved. */
function meanDurations(before: PrometheusSnapshot, after: PrometheusSnapshot): Array<[string, number]> {
  const totals = new Map<string, { sum: number; count: number }>();
  for (const [family, value] of after) {
    if (!family.endsWith('_count')) continue;
    const base = family.slice(0, -'_count'.length);
    const target = MEAN_DURATIONS.find(([re]) => re.test(base));
    if (!target) continue;
    const count = value - (before.get(family) ?? 0);
    const sum = (after.get(`${base}_sum`) ?? 0) - (before.get(`${base}_sum`) ?? 0);
    if (count <= 0 || sum < 0) continue;
    const t = totals.get(target[1]) ?? { sum: 0, count: 0 };
    totals.set(target[1], { sum: t.sum + sum, count: t.count + count });
  }
  return [...totals].map(([name, t]) => [name, (t.sum * 1000) / t.count]);
}
