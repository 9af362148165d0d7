import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openTargetSide } from '../../src/runner/target-side.js';
import { parsePrometheusText, scrapePrometheus, scrapePrometheusOrWhy, serverMetricsDelta } from '../../src/runner/server-metrics.js';
import { runSuite } from '../../src/runner/run-suite.js';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('parsePrometheusText', () => {
  it('sums families across label sets and skips comments and junk', () => {
    const snap = parsePrometheusText(
      [
        '# HELP rows_written_total Rows.',
        '# TYPE rows_written_total counter',
        'rows_written_total{operation="insert"} 5',
        'rows_written_total{operation="odd } label, with spaces"} 2 1700000000000',
        'process_resident_memory_bytes 1.5e8',
        'broken_line',
        'nan_metric NaN',
        '',
      ].join('\n'),
    );
    expect(snap.get('rows_written_total')).toBe(7);
    expect(snap.get('process_resident_memory_bytes')).toBe(1.5e8);
    expect(snap.has('broken_line')).toBe(false);
    expect(snap.has('nan_metric')).toBe(false);
  });

  it('turns two snapshots into k6-shaped counters, gauges and a hit rate', () => {
    const before = new Map([
      ['loadgate_target_cache_hits_total', 10],
      ['loadgate_target_cache_misses_total', 5],
      ['process_cpu_seconds_total', 1],
      ['process_resident_memory_bytes', 100],
    ]);
    const after = new Map([
      ['loadgate_target_cache_hits_total', 40],
      ['loadgate_target_cache_misses_total', 15],
      ['process_cpu_seconds_total', 1.5],
      ['process_resident_memory_bytes', 120],
    ]);
    const m = serverMetricsDelta(before, after, 2000);
    expect(m.server_cache_hits).toEqual({ type: 'counter', contains: 'default', values: { count: 30, rate: 15 } });
    expect(m.server_cache_misses?.values.count).toBe(10);
    expect(m.server_cpu_seconds?.values.count).toBeCloseTo(0.5, 10);
    expect(m.server_resident_memory_bytes?.values).toEqual({ value: 120, min: 100, max: 120 });
    expect(m.server_cache_hit_rate?.values).toEqual({ rate: 0.75, passes: 30, fails: 10 });
    // No request counter: no CPU per request (never a division by a guess).
    expect(m.server_cpu_per_request).toBeUndefined();
  });

  it('divides the CPU the service burned by the requests it answered, over every http_requests_total family', () => {
    const before = new Map([
      ['process_cpu_seconds_total', 2],
      ['loadgate_target_http_requests_total', 1000],
      ['http_requests_total', 0],
    ]);
    const after = new Map([
      ['process_cpu_seconds_total', 2.3],
      ['loadgate_target_http_requests_total', 2500],
      ['http_requests_total', 500],
    ]);
    const m = serverMetricsDelta(before, after, 1000);
    // 0.3 s of CPU over 2000 requests = 0.15 ms each, a time-valued gauge like k6's.
    expect(m.server_cpu_per_request?.type).toBe('gauge');
    expect(m.server_cpu_per_request?.contains).toBe('time');
    expect(m.server_cpu_per_request?.values.value).toBeCloseTo(0.15, 10);
  });

  it('turns handler and request duration histograms into the mean ms per request of the repetition', () => {
    const before = new Map([
      ['loadgate_target_handler_duration_seconds_sum', 1],
      ['loadgate_target_handler_duration_seconds_count', 100],
      ['http_request_duration_seconds_sum', 5],
      ['http_request_duration_seconds_count', 10],
    ]);
    const after = new Map([
      ['loadgate_target_handler_duration_seconds_sum', 1.3],
      ['loadgate_target_handler_duration_seconds_count', 1100],
      ['http_request_duration_seconds_sum', 5],
      ['http_request_duration_seconds_count', 10],
    ]);
    const m = serverMetricsDelta(before, after, 1000);
    // 0.3 s over 1000 requests: 0.3 ms each.
    expect(m.server_handler_duration?.type).toBe('gauge');
    expect(m.server_handler_duration?.contains).toBe('time');
    expect(m.server_handler_duration?.values.value).toBeCloseTo(0.3, 10);
    // No request observed in this repetition: no mean (not 0/0).
    expect(m.server_request_duration).toBeUndefined();
  });
});

describe('server-side view of a run', () => {
  let target: RunningTarget;
  beforeAll(async () => {
    target = await startTarget({ seed: 100 });
  });
  afterAll(async () => {
    await target.close();
  });

  it('counts exactly the cache hits and misses the requests caused', async () => {
    const before = (await scrapePrometheus(`${target.url}/metrics`))!;
    for (let i = 0; i < 3; i++) await (await fetch(`${target.url}/records/7`)).arrayBuffer();
    await (await fetch(`${target.url}/records/8`)).arrayBuffer();
    const after = (await scrapePrometheus(`${target.url}/metrics`))!;
    const m = serverMetricsDelta(before, after, 1000);
    // records/7: miss then 2 hits; records/8: miss (unless an earlier test in this file read them).
    expect(m.server_cache_hits?.values.count).toBe(2);
    expect(m.server_cache_misses?.values.count).toBe(2);
  });

  it('records server_* metrics in every repetition of a run against a target with /metrics', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-server-metrics-'));
    const config = await loadConfig({ root: project });
    config.target.metricsUrl = `${target.url}/metrics`;
    // One short repetition holds every server_* metric (smoke's baseline runs 2 s); the drift guard's canary is not what this is about.
    config.profiles.smoke!.env.baseline = { ...config.profiles.smoke!.env.baseline, DURATION: '1s' };
    const { results } = await runSuite({ config, profile: 'smoke', scenarios: ['baseline'], count: 1, target: target.url, engine: 'embedded', canary: false });
    const metrics = results.scenarios[0]!.repetitions[0]!.summary.metrics;
    expect(metrics.server_cpu_seconds?.values.count).toBeGreaterThan(0);
    expect(metrics.server_resident_memory_bytes?.values.value).toBeGreaterThan(0);
    expect(metrics.server_cpu_per_request?.values.value).toBeGreaterThan(0);
    expect(metrics.server_handler_duration?.values.value).toBeGreaterThan(0);
    // Every record read goes through the cache: the server's hits + misses equal the client's reads
    // of this repetition (one check per read), not counting the warm-up's.
    const check = results.scenarios[0]!.repetitions[0]!.summary.root_group.checks.find((c) => c.name === 'record is 200')!;
    const rate = metrics.server_cache_hit_rate!.values;
    expect(rate.passes! + rate.fails!).toBe(check.passes + check.fails);
    expect(check.passes).toBeGreaterThan(0);
  });

  it('warns once, and runs on, when the metrics endpoint does not answer', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-server-metrics-'));
    const config = await loadConfig({ root: project });
    config.target.metricsUrl = `${target.url}/no-such-metrics`;
    // Two short repetitions are all a warning needs (smoke's baseline runs 2 s).
    config.profiles.smoke!.env.baseline = { ...config.profiles.smoke!.env.baseline, DURATION: '1s' };
    const warnings: string[] = [];
    const { results } = await runSuite({
      config,
      profile: 'smoke',
      scenarios: ['baseline'],
      count: 2,
      target: target.url,
      engine: 'embedded',
      canary: false,
      onEvent: (e) => e.kind === 'warning' && warnings.push(e.text),
    });
    expect(warnings).toEqual([`metrics endpoint ${target.url}/no-such-metrics answered HTTP 404; no server_* metrics from it`]);
    expect(results.scenarios[0]!.repetitions).toHaveLength(2);
    expect(results.scenarios[0]!.repetitions[0]!.summary.metrics.server_cpu_seconds).toBeUndefined();
  });

  it('answers null, not a failure, when the endpoint is missing', async () => {
    expect(await scrapePrometheus(`${target.url}/no-such-metrics`)).toBeNull();
    expect(await scrapePrometheus('http://127.0.0.1:9/metrics', 500)).toBeNull();
  });

  it('says why an endpoint gave no snapshot: a JSON answer is not Prometheus text', async () => {
    expect(await scrapePrometheusOrWhy(`${target.url}/health`)).toEqual({ snapshot: null, problem: 'answered application/json that is not Prometheus text' });
    expect((await scrapePrometheusOrWhy('http://127.0.0.1:9/metrics', 500)).problem).toMatch(/^did not answer \(/);
    expect((await scrapePrometheusOrWhy(`${target.url}/metrics`)).snapshot?.size).toBeGreaterThan(0);
  });

  it('honours --metrics-url with the reference target it starts, instead of ignoring it', async () => {
    const side = await openTargetSide('embedded', { seed: 1, metricsUrl: '/health' });
    try {
      expect(side.metricsUrl).toBe(`${side.url}/health`);
    } finally {
      await side.stop();
    }
    const plain = await openTargetSide('embedded', { seed: 1 });
    await plain.stop();
    expect(plain.metricsUrl).toBe(`${plain.url}/metrics`);
  });
});
