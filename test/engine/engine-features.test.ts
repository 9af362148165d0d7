import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';

const SCRIPTS = new URL('./scripts/', import.meta.url).pathname;

describe('engine features', () => {
  let server: TargetServer;
  beforeAll(async () => {
    server = await startTargetServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: '/health' }).end();
        return true;
      }
      return false;
    });
  });
  afterAll(() => server.close());

  it('batch, redirects, form bodies, SharedArray, setResponseCallback, unknown-option warning, JSON output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-json-'));
    // As with k6, the output's folder must exist.
    mkdirSync(join(dir, 'out'));
    const jsonFile = join(dir, 'out', 'points.ndjson.gz');
    const r = await runScript({ scriptPath: `${SCRIPTS}features.js`, env: { BASE_URL: server.url }, console: captureConsole().console, jsonOutputFile: jsonFile });
    expect(r.errors).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.warnings.join('\n')).toContain('"vuz"');
    const checks = r.summary.root_group.groups.find((g) => g.name === 'batch')?.checks ?? [];
    expect(checks.map((c) => [c.name, c.passes, c.fails])).toEqual([['batch a', 2, 0], ['batch b form-encoded', 2, 0]]);
    expect(r.summary.metrics['checks{check:redirected}']?.values).toMatchObject({ passes: 2, fails: 0 });
    expect(r.summary.root_group.checks.find((c) => c.name === 'instance numbers')).toMatchObject({ passes: 2, fails: 0 });
    expect(r.summary.metrics['http_req_duration{name:batch}']?.values).toBeDefined();
    // 2 iterations × (2 batch + redirect hop + target + missing) = 10 requests. The response callback
    // (only 404 expected) stays set on the VU, so the 4 non-404 requests of iteration 2 count as failed.
    expect(r.summary.metrics.http_reqs?.values.count).toBe(10);
    expect(r.summary.metrics.http_req_failed?.values).toMatchObject({ passes: 4, fails: 6 });
    const lines = gunzipSync(readFileSync(jsonFile)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; metric: string; data: Record<string, unknown> });
    const points = lines.filter((l) => l.type === 'Point' && l.metric === 'http_reqs');
    expect(points).toHaveLength(10);
    const meta = lines.find((l) => l.type === 'Metric' && l.metric === 'http_req_duration');
    expect(meta?.data).toMatchObject({ name: 'http_req_duration', type: 'trend', contains: 'time', thresholds: [] });
    expect((meta?.data.submetrics as Array<{ name: string }>).map((s) => s.name).sort()).toEqual(['http_req_duration{expected_response:true}', 'http_req_duration{name:batch}']);
  });

  it('arrival-rate executors: dropped_iterations when VUs run out; ramping rate integrates the stages', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}arrivals.js`, console: captureConsole().console });
    expect(r.errors).toEqual([]);
    const m = r.summary.metrics;
    const count = (name: string) => m[name]?.values.count ?? 0;
    // starved: 40 due in 1 s, one VU busy 0.5 s per iteration → at most 2 run, the rest drop.
    expect(count('dropped_iterations{scenario:starved}')).toBeGreaterThanOrEqual(38);
    // ramp: 0→20/s over 1 s (10) + 20/s for 0.5 s (10) = 20 arrivals, each run or dropped.
    expect(count('iterations{scenario:ramp}') + count('dropped_iterations{scenario:ramp}')).toBe(20);
    expect(count('dropped_iterations')).toBe(count('dropped_iterations{scenario:starved}') + count('dropped_iterations{scenario:ramp}'));
  });
});
