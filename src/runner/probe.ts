import autocannon from 'autocannon';
import { UsageError } from '../core/errors.js';
import { captureEnvironment } from '../results/environment.js';
import type { K6Summary, K6SummaryMetric } from '../core/k6-summary.js';
import { RESULTS_SCHEMA, type Repetition, type ResultsFile } from '../results/results.js';
import { newRunId, writeResultsFile } from '../results/results-store.js';
import { defaultGatingMetrics } from '../compare/index.js';
import { RateSink, TrendSink } from '../engine/metrics/sinks.js';
import { DENSE_TREND_STATS } from './k6-binary/index.js';

export interface ProbeOptions {
  url: string;
  /** Concurrent connections. @default 10 */
  connections?: number;
  /** Seconds per repetition. @default 10 */
  durationS?: number;
  /** Repetitions (samples for the comparison). @default 1 */
  count?: number;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Where the results file goes. */
  outDir: string;
  /** Called after each repetition with autocannon's own printable table. */
  onRepetition?: (index: number, table: string) => void;
  signal?: AbortSignal;
}

/** Scenario name of probe results, so two probes of the same endpoint compare. */
export const PROBE_SCENARIO = 'probe';

/**
 * `loadgate probe`: the quick "ab"-style check of one endpoint, driven by autocannon
 * (its HTTP client, connection handling and table), measured into the same shape as
 * a scenario run — latency trend with HDR histogram, http_reqs, http_req_failed —
 * so a probe's results file compares like any other.
 */
export async function runProbe(options: ProbeOptions): Promise<{ results: ResultsFile; file: string }> {
  validateProbe(options);
  const count = options.count ?? 1;
  const repetitions: Repetition[] = [];
  let complete = true;
  for (let i = 0; i < count; i++) {
    if (options.signal?.aborted) {
      complete = false;
      break;
    }
    repetitions.push(await probeOnce(options, i));
  }
  const results: ResultsFile = {
    schema: RESULTS_SCHEMA,
    runId: newRunId('probe'),
    createdAt: new Date().toISOString(),
    profile: 'probe',
    complete,
    engine: { name: 'autocannon', version: 'autocannon (loadgate probe)' },
    environment: await captureEnvironment(),
    target: { url: options.url, kind: 'external', options: { connections: options.connections ?? 10, durationS: options.durationS ?? 10, method: options.method ?? 'GET' } },
    scenarios: [{ name: PROBE_SCENARIO, file: options.url, thresholds: [], gating: probeGating(), repetitions }],
  };
  return { results, file: await writeResultsFile(options.outDir, results) };
}

/** The scenario defaults without the ones a probe has no data for (checks, iterations). */
function probeGating() {
  return defaultGatingMetrics().filter((g) => g.metric.startsWith('http_'));
}

async function probeOnce(options: ProbeOptions, index: number): Promise<Repetition> {
  const latency = new TrendSink();
  const failed = new RateSink();
  const startedAt = new Date();
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections ?? 10,
        duration: options.durationS ?? 10,
        method: (options.method ?? 'GET') as autocannon.Request['method'],
        body: options.body,
        headers: options.headers,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance!.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    latency.add(responseTimeMs);
    failed.add(statusCode >= 400 ? 1 : 0);
  });
  // Connection errors and timeouts are failed requests too, like k6 counts them.
  instance!.on('reqError', () => failed.add(1));
  const stop = (): void => instance!.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const result = await done.finally(() => options.signal?.removeEventListener('abort', stop));
  options.onRepetition?.(index, autocannon.printResult(result));
  const durationMs = result.duration * 1000;
  const metrics: Record<string, K6SummaryMetric> = {
    http_req_duration: { type: 'trend', contains: 'time', values: latency.values(DENSE_TREND_STATS) },
    http_reqs: { type: 'counter', contains: 'default', values: { count: latency.samples, rate: latency.samples / Math.max(result.duration, 1e-9) } },
    http_req_failed: { type: 'rate', contains: 'default', values: failed.values() },
    data_received: { type: 'counter', contains: 'data', values: { count: result.throughput.total, rate: result.throughput.average } },
  };
  const summary: K6Summary = {
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: DENSE_TREND_STATS, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    metrics,
  };
  const errors = result.errors > 0 ? [`${result.errors} connection errors (${result.timeouts} timeouts)`] : [];
  return { index, startedAt: startedAt.toISOString(), durationMs, exitCode: 0, errors, summary, histograms: { http_req_duration: latency.encode() } };
}

function validateProbe(o: ProbeOptions): void {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new UsageError(`probe URL must be an absolute http(s) URL, got "${o.url}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`probe URL must be http(s), got "${o.url}"`);
  if (o.connections !== undefined && (!Number.isInteger(o.connections) || o.connections < 1)) {
    throw new UsageError(`-c/--connections must be a whole number >= 1, got ${o.connections}`);
  }
  if (o.durationS !== undefined && !(o.durationS > 0 && o.durationS <= 3600)) {
    throw new UsageError(`-d/--duration must be seconds in (0, 3600], got ${o.durationS}`);
  }
}
