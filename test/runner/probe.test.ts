import { createServer, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { readResultsFile } from '../../src/results/results-store.js';
import { runProbe } from '../../src/runner/probe.js';
import { runCli } from '../helpers/cli.js';

/** Answers every 10th request with 500, counts what it answered. */
let served = 0;
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    served++;
    res.statusCode = served % 10 === 0 ? 500 : 200;
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/health`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('loadgate probe', () => {
  it('measures every response into a results file that compares like a scenario', async () => {
    const out = await mkdtemp(join(tmpdir(), 'loadgate-probe-'));
    const tables: string[] = [];
    served = 0;
    const { results, file } = await runProbe({ url, connections: 2, durationS: 1, count: 2, outDir: out, onRepetition: (_i, t) => tables.push(t) });
    expect(tables).toHaveLength(2);
    expect(tables[0]).toMatch(/Latency/);
    const reps = results.scenarios[0]!.repetitions;
    expect(reps).toHaveLength(2);
    const total = reps.reduce((n, r) => n + r.summary.metrics.http_reqs!.values.count!, 0);
    // Every measured request was served; at most one in flight per connection per repetition
    // was answered after autocannon stopped listening.
    expect(total).toBeGreaterThan(0);
    expect(served).toBeGreaterThanOrEqual(total);
    expect(served - total).toBeLessThanOrEqual(2 * 2);
    // Every 10th response was a 500: the failure rate is 1/10 within those few unmeasured responses.
    const failed = reps.reduce((n, r) => n + r.summary.metrics.http_req_failed!.values.passes!, 0);
    expect(Math.abs(failed - total / 10)).toBeLessThanOrEqual(2 * 2 + 1);
    expect(reps[0]!.histograms.http_req_duration).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(reps[0]!.summary.metrics.http_req_duration!.values['p(95)']).toBeGreaterThan(0);
    const again = await readResultsFile(file);
    const cmp = compareRuns(again, again);
    expect(cmp.scenarios[0]!.metrics.map((m) => m.metric)).toContain('http_req_duration');
  });

  it('rejects a bad URL and bad numbers by flag name (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-probe-'));
    const bad = await runCli(['probe', 'not a url'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/probe URL must be an absolute http\(s\) URL/);
    const conns = await runCli(['probe', url, '-c', '0'], { cwd: dir });
    expect(conns.code).toBe(2);
    expect(conns.stderr).toMatch(/--connections must be a whole number >= 1/);
  });
});
