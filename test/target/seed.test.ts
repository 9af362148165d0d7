import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTarget } from '../../src/target/index.js';
import { request, send } from './target-client.js';

describe('bulk seeding', () => {
  it('a large seed into an empty file DB stores every row, keeps the KPIs and rebuilds the query indexes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgate-seed-'));
    const file = join(dir, 'target.db');
    try {
      const target = await startTarget({ db: file });
      const result = await target.seed({ count: 120_000, orgs: 4, categories: 3, randomSeed: 7 });
      expect(result.inserted).toBe(120_000);
      expect(result.recordsTotal).toBe(120_000);
      const orgs = await Promise.all([1, 2, 3, 4].map((i) => request(target.url, `/orgs/org-00${i}/stats`)));
      expect(orgs.reduce((s, o) => s + o.body.record_count, 0)).toBe(120_000);
      const q = await request(target.url, '/records?org=org-002&category=storage&from=2024-06-01&to=2024-07-01&limit=5');
      expect(q.body.count).toBe(5);
      await target.close();

      const db = new Database(file, { readonly: true });
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' ORDER BY name").pluck().all();
      expect(indexes).toEqual(['records_category_occurred', 'records_occurred', 'records_org_category_occurred', 'records_org_occurred', 'records_sync']);
      const plan = db
        .prepare("EXPLAIN QUERY PLAN SELECT * FROM records WHERE org = 'a' AND category = 'b' AND occurred_at >= 1 ORDER BY occurred_at DESC LIMIT 5")
        .all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('; ')).toContain('USING INDEX records_org_category_occurred');
      const counts = db.prepare('SELECT (SELECT count(*) FROM records) AS rows, (SELECT sum(record_count) FROM org_stats) AS kpi').get();
      expect(counts).toEqual({ rows: 120_000, kpi: 120_000 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs one seed at a time: an overlapping one gets 409', async () => {
    const target = await startTarget();
    try {
      const [a, b] = await Promise.all([
        send(target.url, 'POST', '/admin/seed', { count: 150_000 }),
        send(target.url, 'POST', '/admin/seed', { count: 150_000 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((a.status === 409 ? a : b).body.error.code).toBe('E_SEED_RUNNING');
      expect(target.recordCount()).toBe(150_000);
      expect((await request(target.url, '/health')).status).toBe(200);
    } finally {
      await target.close();
    }
  });

  it('stops a running seed when the target closes, without throwing', async () => {
    const target = await startTarget();
    const seeding = target.seed({ count: 500_000 });
    await new Promise((resolve) => setImmediate(resolve));
    await target.close();
    const result = await seeding;
    expect(result.inserted).toBeGreaterThan(0);
    expect(result.inserted).toBeLessThan(500_000);
  });
});
