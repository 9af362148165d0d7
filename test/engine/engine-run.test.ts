import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';

const SCRIPTS = new URL('./scripts/', import.meta.url).pathname;
const FIXTURES = K6_FIXTURES;

describe('embedded engine', () => {
  let server: TargetServer;
  beforeAll(async () => {
    server = await startTargetServer((req, res) => {
      if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000).unref();
        return true;
      }
      return false;
    });
  });
  afterAll(() => server.close());

  it('per-vu-iterations runs exactly vus × iterations, with per-VU module state, __VU and __ITER', async () => {
    server.hits.clear();
    const seen: string[] = [];
    const s = await startTargetServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('{"status":"ok"}');
      return true;
    });
    const r = await runScript({ scriptPath: `${SCRIPTS}per-vu.js`, env: { BASE_URL: s.url }, console: captureConsole().console });
    await s.close();
    expect(r.summary.metrics.iterations?.values.count).toBe(12);
    expect(seen).toHaveLength(12);
    for (const vu of [1, 2, 3]) {
      const mine = seen.filter((u) => u.includes(`vu=${vu}&`)).map((u) => new URL(u, 'http://x').searchParams);
      expect(mine.map((p) => p.get('iter'))).toEqual(['0', '1', '2', '3']);
      expect(mine.map((p) => p.get('mine'))).toEqual(['1', '2', '3', '4']);
      expect(mine.every((p) => p.get('sc') === 'each')).toBe(true);
    }
    expect(r.summary.metrics['http_reqs{kind:pv}']?.thresholds).toEqual({ 'count==12': { ok: true } });
    expect(r.summary.metrics.iterations?.thresholds).toEqual({ 'count>100': { ok: false } });
    expect(r.exitCode).toBe(99);
  });

  it('runs async VUs multiplexed, shared-iterations exact, and flags no-data thresholds', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}async-shared.js`, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads: 'auto' });
    expect(r.errors).toEqual([]);
    expect(r.summary.metrics.iterations?.values.count).toBe(40);
    expect(r.summary.metrics.http_reqs?.values.count).toBe(80);
    expect(r.summary.metrics.checks?.values).toMatchObject({ passes: 80, fails: 0 });
    expect(r.summary.metrics.custom_wait?.contains).toBe('time');
    expect(r.exitCode).toBe(0);
    expect(r.noDataThresholds).toEqual([]);
  });

  it('without resultsData keeps no histograms or time series, and the same summary', async () => {
    const run = (resultsData: boolean) => runScript({ scriptPath: `${SCRIPTS}async-shared.js`, env: { BASE_URL: server.url }, console: captureConsole().console, resultsData });
    const [lean, full] = [await run(false), await run(true)];
    expect(lean.histograms).toEqual({});
    expect(lean.timeSeries).toEqual([]);
    expect(Object.keys(full.histograms)).toContain('http_req_duration');
    expect(full.timeSeries.length).toBeGreaterThan(0);
    // The summary is k6's either way: same metrics, same stats, same verdicts.
    expect(lean.exitCode).toBe(full.exitCode);
    for (const [name, m] of Object.entries(full.summary.metrics)) {
      expect({ name, keys: Object.keys(lean.summary.metrics[name]?.values ?? {}) }).toEqual({ name, keys: Object.keys(m.values) });
    }
    expect(lean.summary.metrics.http_req_duration?.values['p(95)']).toBeGreaterThan(0);
  });

  it('judges a threshold on a sub-metric without samples on its empty values, as k6 does, and lists it', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}per-vu.js`, env: { BASE_URL: server.url }, overrides: { vus: 1, iterations: 1 }, console: captureConsole().console });
    // The override replaces the scenario, so the kind:pv tag never appears: count 0, not 12.
    expect(r.summary.metrics['http_reqs{kind:pv}']?.values).toEqual({ count: 0, rate: 0 });
    expect(r.summary.metrics['http_reqs{kind:pv}']?.thresholds).toEqual({ 'count==12': { ok: false } });
    expect(r.noDataThresholds).toEqual(['http_reqs{kind:pv}: count==12']);
    expect(r.summary.metrics.iterations?.values.count).toBe(1);
  });

  it('turns an unreachable target into failed requests with k6 error codes, exit 0 (like k6)', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}unreachable.js`, console: captureConsole().console });
    expect(r.exitCode).toBe(0);
    expect(r.summary.metrics.http_reqs?.values.count).toBe(3);
    expect(r.summary.metrics.http_req_failed?.values).toMatchObject({ rate: 1, passes: 3, fails: 0 });
    expect(r.summary.metrics.http_req_duration?.values.max).toBe(0);
    expect(r.summary.metrics.iterations?.values.count).toBe(3);
    expect(r.errors.join('\n')).toContain('dial tcp 127.0.0.1:1: connect: connection refused');
  });

  it('runs the fixture unreachable.js unchanged', async () => {
    const r = await runScript({ scriptPath: `${FIXTURES}/unreachable.js`, console: captureConsole().console });
    expect(r.exitCode).toBe(0);
    expect(r.summary.metrics.http_req_failed?.values.passes).toBe(3);
  });

  it('times requests out after params.timeout with error_code 1050', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}timeout.js`, env: { BASE_URL: server.url }, console: captureConsole().console });
    expect(r.errors.filter((e) => !e.startsWith('Request Failed'))).toEqual([]);
    expect(r.summary.metrics.http_req_failed?.values.passes).toBe(1);
  });

  it('reports a syntax error as exit 107 naming the file, line and column as k6 v2.2 does (goja: 1-based column)', async () => {
    const r = await runScript({ scriptPath: `${FIXTURES}/syntax-error.js`, console: captureConsole().console });
    expect(r.exitCode).toBe(107);
    // k6 v2.2.0 adds " (and 5 more errors)": the count of goja's error recovery, not reproduced.
    expect(r.errors[0]).toMatch(/^could not initialize '.*syntax-error\.js': could not load JS test 'file:\/\/\/.*syntax-error\.js': file:\/\/\/.*syntax-error\.js: Line 2:33 Unexpected token \.$/);
  });

  it('reports an exception in the init context as exit 107 with its position', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}init-error.js`, console: captureConsole().console });
    expect(r.exitCode).toBe(107);
    expect(r.errors[0]).toMatch(/missing-config\.json/);
    expect(r.errors[0]).toMatch(/init-error\.js:2:\d+/);
  });

  it('reports an invalid threshold as exit 104 naming the expression', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}bad-threshold.js`, console: captureConsole().console });
    expect(r.exitCode).toBe(104);
    expect(r.errors[0]).toContain('p95 < 500');
  });

  it('maps iteration exceptions through an inline source map to the TypeScript source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-engine-'));
    const bundle = join(dir, 'runtime-error.js');
    await build({ entryPoints: [`${SCRIPTS}runtime-error.ts`], bundle: true, format: 'esm', platform: 'neutral', external: ['k6', 'k6/*'], sourcemap: 'inline', outfile: bundle });
    const r = await runScript({ scriptPath: bundle, env: { BASE_URL: server.url }, console: captureConsole().console });
    expect(r.exitCode).toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^Error: no item undefined at .*runtime-error\.ts:8:9 \(×2\)$/);
    expect(r.summary.metrics.http_reqs?.values.count).toBe(2);
  });

  it('test.abort() stops the run with exit 108 and still returns a summary', async () => {
    const t0 = Date.now();
    const r = await runScript({ scriptPath: `${SCRIPTS}abort.js`, console: captureConsole().console });
    expect(r.exitCode).toBe(108);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.summary.metrics.iterations?.values.count).toBeGreaterThanOrEqual(2);
  });

  it('stops on an AbortSignal and still summarizes', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1500);
    const progress: number[] = [];
    const r = await runScript({ scriptPath: `${FIXTURES}/script.js`, env: { BASE_URL: server.url }, overrides: { vus: 2, duration: '30s' }, signal: ac.signal, onProgress: (p) => progress.push(p.iterations), console: captureConsole().console });
    expect(r.summary.metrics.iterations?.values.count).toBeGreaterThan(0);
    expect(r.summary.state.testRunDurationMs).toBeLessThan(10_000);
    expect(progress.length).toBeGreaterThanOrEqual(1);
  });
});
