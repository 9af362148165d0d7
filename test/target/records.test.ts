import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { newRecord, request, send } from './target-client.js';

let target: RunningTarget;
let base: string;

beforeAll(async () => {
  target = await startTarget({ seed: 500 });
  base = target.url;
});
afterAll(() => target.close());

describe('GET /health', () => {
  it('answers ok as JSON', async () => {
    const res = await request(base, '/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: 'ok', cache: 'lru' });
  });
});

describe('records', () => {
  it('creates a record and reads it back with ISO dates and the payload', async () => {
    const created = await send(base, 'POST', '/records', newRecord({ org: 'create-org' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/records/${created.body.id}`);
    expect(created.body).toMatchObject({
      org: 'create-org',
      category: 'compute',
      occurred_at: '2024-05-01T12:00:00.000Z',
      cost_cents: 1000,
      tax_cents: 200,
      payload: { invoice: 'INV-1', lines: [1, 2] },
    });
    expect(Date.parse(created.body.created_at)).not.toBeNaN();
    const read = await request(base, `/records/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('answers through the cache: MISS, then HIT with the same body', async () => {
    const first = await request(base, '/records/42');
    const second = await request(base, '/records/42');
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(first.body.id).toBe(42);
  });

  it('PATCH changes the record, drops its cache entry and keeps the org KPIs current', async () => {
    const { body: created } = await send(base, 'POST', '/records', newRecord({ org: 'patch-org', cost_cents: 1000, tax_cents: 100 }));
    await request(base, `/records/${created.id}`);
    expect((await request(base, `/records/${created.id}`)).headers.get('x-cache')).toBe('HIT');

    const patched = await send(base, 'PATCH', `/records/${created.id}`, { cost_cents: 2500, category: 'storage', occurred_at: '2024-01-02T00:00:00Z' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: created.id, org: 'patch-org', cost_cents: 2500, category: 'storage', tax_cents: 100 });

    const after = await request(base, `/records/${created.id}`);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.body.cost_cents).toBe(2500);
    expect((await request(base, `/records/${created.id}`)).headers.get('x-cache')).toBe('HIT');

    const stats = await request(base, '/orgs/patch-org/stats');
    expect(stats.body).toMatchObject({
      record_count: 1,
      cost_cents_total: 2500,
      tax_cents_total: 100,
      first_occurred_at: '2024-01-02T00:00:00.000Z',
      last_occurred_at: '2024-01-02T00:00:00.000Z',
      by_category: [{ category: 'storage', record_count: 1, cost_cents_total: 2500, tax_cents_total: 100 }],
    });
  });

  it('answers 404 for an id that does not exist, and for PATCH of one', async () => {
    const missing = await request(base, '/records/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('E_NOT_FOUND');
    expect((await send(base, 'PATCH', '/records/999999', { cost_cents: 1 })).status).toBe(404);
  });
});

describe('GET /orgs/:org/stats', () => {
  it('sums every write of the org, by category', async () => {
    const org = 'stats-org';
    const rows = [
      { category: 'a', cost_cents: 100, tax_cents: 10, occurred_at: '2024-03-01T00:00:00Z' },
      { category: 'b', cost_cents: 250, tax_cents: 25, occurred_at: '2024-01-15T00:00:00Z' },
      { category: 'a', cost_cents: 50, tax_cents: 5, occurred_at: '2024-06-30T23:59:59Z' },
    ];
    for (const row of rows) expect((await send(base, 'POST', '/records', newRecord({ org, ...row }))).status).toBe(201);
    const stats = await request(base, `/orgs/${org}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      org,
      record_count: 3,
      cost_cents_total: 400,
      tax_cents_total: 40,
      first_occurred_at: '2024-01-15T00:00:00.000Z',
      last_occurred_at: '2024-06-30T23:59:59.000Z',
      by_category: [
        { category: 'a', record_count: 2, cost_cents_total: 150, tax_cents_total: 15 },
        { category: 'b', record_count: 1, cost_cents_total: 250, tax_cents_total: 25 },
      ],
    });
    expect(stats.body.cost_cents_avg).toBeCloseTo(400 / 3, 10);
  });

  it('agrees with the seeded records of an org', async () => {
    const stats = await request(base, '/orgs/org-001/stats');
    const all = await request(base, '/records?org=org-001&limit=1000');
    expect(stats.body.record_count).toBe(all.body.count);
    const sum = all.body.records.reduce((s: number, r: { cost_cents: number }) => s + r.cost_cents, 0);
    expect(stats.body.cost_cents_total).toBe(sum);
  });

  it('answers 404 for an org without records', async () => {
    const res = await request(base, '/orgs/nobody/stats');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('org "nobody" has no records');
  });
});

describe('GET /records filters', () => {
  it('filters by org, category and a date range, newest first', async () => {
    const org = 'query-org';
    const dates = ['2024-02-01T00:00:00Z', '2024-02-10T00:00:00Z', '2024-02-20T00:00:00Z', '2024-03-01T00:00:00Z'];
    for (const [i, occurred_at] of dates.entries()) {
      await send(base, 'POST', '/records', newRecord({ org, occurred_at, category: i % 2 === 0 ? 'even' : 'odd' }));
    }
    const ranged = await request(base, `/records?org=${org}&from=2024-02-05&to=2024-03-01`);
    expect(ranged.status).toBe(200);
    expect(ranged.body.records.map((r: { occurred_at: string }) => r.occurred_at)).toEqual([
      '2024-02-20T00:00:00.000Z',
      '2024-02-10T00:00:00.000Z',
    ]);
    const even = await request(base, `/records?org=${org}&category=even`);
    expect(even.body.count).toBe(2);
    expect(even.body.records.every((r: { category: string; org: string }) => r.category === 'even' && r.org === org)).toBe(true);
    const limited = await request(base, `/records?org=${org}&limit=1`);
    expect(limited.body.records).toHaveLength(1);
    expect(limited.body.records[0].occurred_at).toBe('2024-03-01T00:00:00.000Z');
  });

  it('caps limit at 1000 and defaults it to 100', async () => {
    const capped = await request(base, '/records?limit=5000');
    expect(capped.status).toBe(200);
    expect(capped.body.limit).toBe(1000);
    const plain = await request(base, '/records');
    expect(plain.body.limit).toBe(100);
    expect(plain.body.count).toBe(100);
  });

  it('filters seeded data by category across orgs', async () => {
    const res = await request(base, '/records?category=storage&limit=1000');
    expect(res.body.count).toBeGreaterThan(0);
    expect(res.body.records.every((r: { category: string }) => r.category === 'storage')).toBe(true);
  });
});

describe('seeding', () => {
  it('start-up seed and POST /admin/seed give exactly the requested rows', async () => {
    const fresh = await startTarget({ seed: 1234 });
    try {
      expect(fresh.recordCount()).toBe(1234);
      const seeded = await send(fresh.url, 'POST', '/admin/seed', { count: 2000, orgs: 3, categories: 2 });
      expect(seeded.status).toBe(201);
      expect(seeded.body).toMatchObject({ inserted: 2000, recordsTotal: 3234 });
      expect(seeded.body.recordsPerSecond).toBeGreaterThan(0);
      const orgs = await Promise.all(['org-001', 'org-002', 'org-003'].map((o) => request(fresh.url, `/orgs/${o}/stats`)));
      const seededInThreeOrgs = orgs.reduce((s, r) => s + r.body.record_count, 0);
      expect(seededInThreeOrgs).toBeGreaterThanOrEqual(2000);
      expect((await request(fresh.url, '/records/3234')).status).toBe(200);
      expect((await request(fresh.url, '/records/3235')).status).toBe(404);
    } finally {
      await fresh.close();
    }
  });

  it('is deterministic for equal seeds', async () => {
    const a = await startTarget({ seed: 50 });
    const b = await startTarget({ seed: 50 });
    try {
      const [ra, rb] = await Promise.all([request(a.url, '/records/37'), request(b.url, '/records/37')]);
      const strip = (r: Record<string, unknown>) => ({ ...r, created_at: undefined, updated_at: undefined });
      expect(strip(ra.body)).toEqual(strip(rb.body));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
