import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { newRecord, request, send } from './target-client.js';

/** Parses Prometheus text exposition; throws on any line that is neither a comment nor a sample. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+-]+|NaN|\+Inf)$/.exec(line);
    if (m === null) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(m[1] as string, Number(m[2]));
  }
  return samples;
}

async function scrape(base: string): Promise<Map<string, number>> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parseMetrics(await res.text());
}

const healthOk = 'loadgate_target_http_requests_total{route="/health",method="GET",status="200"}';

let target: RunningTarget;
let base: string;

beforeAll(async () => {
  target = await startTarget({ seed: 300 });
  base = target.url;
});
afterAll(() => target.close());

describe('GET /metrics', () => {
  it('counts requests by route, method and status, with durations', async () => {
    const before = await scrape(base);
    for (let i = 0; i < 7; i++) await fetch(`${base}/health`);
    await fetch(`${base}/records/abc`);
    const after = await scrape(base);
    expect((after.get(healthOk) ?? 0) - (before.get(healthOk) ?? 0)).toBe(7);
    expect(after.get('loadgate_target_http_request_duration_seconds_count{route="/health",method="GET",status="200"}')).toBe(after.get(healthOk));
    expect(after.get('loadgate_target_http_requests_total{route="/records/:id",method="GET",status="400"}')).toBe(1);
    expect(after.get('loadgate_target_http_request_duration_seconds_sum{route="/health",method="GET",status="200"}')).toBeGreaterThan(0);
  });

  it('counts cache hits and misses, rows written and records', async () => {
    const before = await scrape(base);
    await fetch(`${base}/records/77`);
    await fetch(`${base}/records/77`);
    await fetch(`${base}/records/77`);
    await send(base, 'POST', '/records', newRecord());
    await send(base, 'PATCH', '/records/77', { tax_cents: 1 });
    await send(base, 'POST', '/admin/seed', { count: 10 });
    const after = await scrape(base);
    const delta = (name: string): number => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(delta('loadgate_target_cache_misses_total')).toBe(1);
    expect(delta('loadgate_target_cache_hits_total')).toBe(2);
    expect(delta('loadgate_target_rows_written_total{operation="insert"}')).toBe(1);
    expect(delta('loadgate_target_rows_written_total{operation="update"}')).toBe(1);
    expect(delta('loadgate_target_rows_written_total{operation="seed"}')).toBe(10);
    expect(after.get('loadgate_target_records')).toBe(target.recordCount());
    expect(after.get('loadgate_target_records')).toBe(311);
  });

  it('exposes process CPU, memory and the faults in force', async () => {
    target.setFaults({ errorRate: 0.25 });
    const m = await scrape(base);
    target.setFaults({ errorRate: 0 });
    expect(m.get('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(m.get('process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(m.get('loadgate_target_fault_error_rate')).toBe(0.25);
    expect(m.get('loadgate_target_fault_slowdown')).toBe(1);
  });

  it('keeps the metrics of two targets in one process apart', async () => {
    const other = await startTarget();
    try {
      for (let i = 0; i < 3; i++) await fetch(`${other.url}/health`);
      const mine = await scrape(base);
      const theirs = await scrape(other.url);
      expect(theirs.get(healthOk)).toBe(3);
      expect(mine.get(healthOk)).not.toBe(3);
      expect(theirs.get('loadgate_target_records')).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('file database', () => {
  it('uses WAL and keeps records and KPIs across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-target-'));
    const file = join(dir, 'target.db');
    try {
      const first = await startTarget({ db: file, seed: 100 });
      const created = await send(first.url, 'POST', '/records', newRecord({ org: 'durable', cost_cents: 700 }));
      await first.close();

      const db = new Database(file, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect((db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n).toBe(101);
      db.close();

      const second = await startTarget({ db: file });
      try {
        expect(second.recordCount()).toBe(101);
        expect((await request(second.url, `/records/${created.body.id}`)).body.cost_cents).toBe(700);
        expect((await request(second.url, '/orgs/durable/stats')).body.cost_cents_total).toBe(700);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
