import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';
import type { K6Group, K6Summary } from '../../src/core/k6-summary.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';

const FIXTURES = K6_FIXTURES;
const k6Data = JSON.parse(readFileSync(`${FIXTURES}/handle-summary-data.json`, 'utf8')) as K6Summary;

function shape(g: K6Group): unknown {
  return { name: g.name, path: g.path, id: g.id, groups: g.groups.map(shape), checks: g.checks.map((c) => ({ name: c.name, path: c.path, id: c.id })).sort((a, b) => a.path.localeCompare(b.path)) };
}

// Both ways the engine runs a sync script: rewritten to await its calls on shared threads (the
// default, script/asyncify.ts), and a thread per VU blocking in each call (the fallback).
describe.each([
  { vuThreads: 'auto', syncCalls: 'awaited' },
  { vuThreads: 'per-vu', syncCalls: 'blocking' },
] as const)('fixture script.js, unchanged, against a local target (vuThreads $vuThreads)', ({ vuThreads, syncCalls }) => {
  let server: TargetServer;
  let result: EngineRunResult;
  const out = captureConsole();

  beforeAll(async () => {
    server = await startTargetServer();
    result = await runScript({ scriptPath: `${FIXTURES}/script.js`, env: { BASE_URL: server.url }, console: out.console, vuThreads });
  }, 60_000);
  afterAll(() => server.close());

  it(`runs its sync calls ${syncCalls}`, () => {
    expect(result.threading?.syncCalls).toBe(syncCalls);
    expect(result.threading?.vuThreads).toBe(vuThreads === 'auto' ? 'shared' : 'per-vu');
  });

  it('exits 99 because http_req_failed rate<0.01 is crossed (the 404s), like k6', () => {
    expect(result.errors.filter((e) => !e.startsWith('Request Failed'))).toEqual([]);
    expect(result.exitCode).toBe(99);
    expect(result.summary.metrics.http_req_failed?.thresholds).toEqual({ 'rate<0.01': { ok: false } });
  });

  it('reports the same metric names, types, contains and value keys as k6', () => {
    const ours = result.summary.metrics;
    const theirs = k6Data.metrics;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const [name, m] of Object.entries(theirs)) {
      expect({ name, type: ours[name]?.type, contains: ours[name]?.contains }).toEqual({ name, type: m.type, contains: m.contains });
      expect(Object.keys(ours[name]?.values ?? {}).sort()).toEqual(Object.keys(m.values).sort());
      expect(Object.keys(ours[name]?.thresholds ?? {}).sort()).toEqual(Object.keys(m.thresholds ?? {}).sort());
    }
  });

  it('gives the same threshold verdicts as k6', () => {
    for (const [name, m] of Object.entries(k6Data.metrics)) {
      if (m.thresholds) expect({ name, t: result.summary.metrics[name]?.thresholds }).toEqual({ name, t: m.thresholds });
    }
  });

  it('builds the same root_group (names, paths, md5 ids) as k6', () => {
    expect(shape(result.summary.root_group)).toEqual(shape(k6Data.root_group));
  });

  it('counts add up', () => {
    const m = result.summary.metrics;
    const hits = [...server.hits.values()].reduce((a, b) => a + b, 0);
    expect(m.http_reqs?.values.count).toBe(hits);
    const health = result.summary.root_group.groups.find((g) => g.name === 'health');
    const statusChecks = health?.checks.find((c) => c.name === 'status is 200');
    const asyncChecks = result.summary.root_group.checks.find((c) => c.name === 'async 200');
    // Every default iteration does /health and /missing; every arrivals iteration one /health.
    expect(server.hits.get('/missing')).toBe(statusChecks?.passes);
    expect(server.hits.get('/health')).toBe((statusChecks?.passes ?? 0) + (asyncChecks?.passes ?? 0) + 1);
    expect(m.iterations?.values.count).toBe((statusChecks?.passes ?? 0) + (asyncChecks?.passes ?? 0));
    expect(m.checks?.values.fails).toBe(0);
    expect(m.http_req_failed?.values.passes).toBe(server.hits.get('/missing'));
    expect(m.synced_records?.values.count).toBe(5 * (statusChecks?.passes ?? 0));
    // k6 v0.49 reported vus_max 10 for this script (5 + 5 pre-allocated). When iterations slow
    // down (a CPU-starved runner), the arrival-rate executor adds VUs up to maxVUs 10, as k6 does.
    expect(m.vus_max?.values.value).toBeGreaterThanOrEqual(10);
    expect(m.vus_max?.values.value).toBeLessThanOrEqual(15);
    // 50/s for 3 s: every scheduled arrival either ran or was dropped; 151 as k6 ran (one at t=0, one on the end).
    expect((asyncChecks?.passes ?? 0) + (m.dropped_iterations?.values.count ?? 0)).toBe(151);
  });

  it('passes setup data to teardown and runs handleSummary', () => {
    expect(out.lines).toContain('teardown healthy=true');
    expect(result.summary.setup_data).toMatchObject({ healthy: true });
    const written = result.handleSummaryOutput?.['handle-summary-data.json'];
    expect(JSON.parse(written as string).metrics.http_reqs.values.count).toBe(result.summary.metrics.http_reqs?.values.count);
  });

  it('returns histograms for every trend and sub-metric, and a time series', () => {
    const trends = Object.entries(result.summary.metrics).filter(([, m]) => m.type === 'trend').map(([n]) => n);
    expect(Object.keys(result.histograms).sort()).toEqual(trends.sort());
    expect(result.timeSeries.length).toBeGreaterThanOrEqual(3);
    expect(result.timeSeries.reduce((a, p) => a + p.requests, 0)).toBe(result.summary.metrics.http_reqs?.values.count);
  });
});
