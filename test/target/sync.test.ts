import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { batchRecord, request, send } from './target-client.js';

let target: RunningTarget;
let base: string;

beforeAll(async () => {
  target = await startTarget();
  base = target.url;
});
afterAll(() => target.close());

function batch(syncId: string, batchId: string, count: number, org = 'sync-org'): Record<string, unknown> {
  return { syncId, org, batchId, records: Array.from({ length: count }, (_, i) => batchRecord(i)) };
}

describe('POST /sync/batches', () => {
  it('stores a batch once: 201 first, 200 duplicate on every retry', async () => {
    const body = batch('sync-retry', 'b-1', 25);
    const first = await send(base, 'POST', '/sync/batches', body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ syncId: 'sync-retry', batchId: 'b-1', org: 'sync-org', duplicate: false, stored: 25 });
    const retries = await Promise.all([1, 2, 3].map(() => send(base, 'POST', '/sync/batches', body)));
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ duplicate: true, stored: 0, records: 25 });
    }
    const summary = await request(base, '/sync/sync-retry');
    expect(summary.body).toMatchObject({ syncId: 'sync-retry', batchCount: 1, recordCount: 25 });
    expect((await request(base, '/orgs/sync-org/stats')).body.record_count).toBe(25);
  });

  it('reports every batch and record of a sync', async () => {
    for (const [i, n] of [3, 5, 7].entries()) {
      expect((await send(base, 'POST', '/sync/batches', batch('sync-multi', `b-${i}`, n, 'multi-org'))).status).toBe(201);
    }
    const summary = await request(base, '/sync/sync-multi');
    expect(summary.status).toBe(200);
    expect(summary.body.batchCount).toBe(3);
    expect(summary.body.recordCount).toBe(15);
    expect(summary.body.batches.map((b: { batchId: string; recordCount: number; org: string }) => [b.batchId, b.recordCount, b.org])).toEqual([
      ['b-0', 3, 'multi-org'],
      ['b-1', 5, 'multi-org'],
      ['b-2', 7, 'multi-org'],
    ]);
    const stats = await request(base, '/orgs/multi-org/stats');
    expect(stats.body.record_count).toBe(15);
    const stored = await request(base, '/records?org=multi-org&limit=1000');
    expect(stored.body.records.every((r: { sync_id: string }) => r.sync_id === 'sync-multi')).toBe(true);
  });

  it('stores nothing of a batch with one invalid record, naming the record and field', async () => {
    const body = batch('sync-invalid', 'b-1', 10, 'invalid-org');
    (body.records as Array<Record<string, unknown>>)[7] = batchRecord(7, { cost_cents: 'twelve' });
    const res = await send(base, 'POST', '/sync/batches', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'E_VALIDATION', message: 'records[7].cost_cents must be an integer', field: 'records[7].cost_cents' });
    expect((await request(base, '/sync/sync-invalid')).status).toBe(404);
    expect((await request(base, '/orgs/invalid-org/stats')).status).toBe(404);
    expect((await request(base, '/records?org=invalid-org')).body.count).toBe(0);
    // The same ids are still free for the corrected batch.
    const fixed = await send(base, 'POST', '/sync/batches', batch('sync-invalid', 'b-1', 10, 'invalid-org'));
    expect(fixed.status).toBe(201);
    expect((await request(base, '/sync/sync-invalid')).body.recordCount).toBe(10);
  });

  it('knows a retry by its content, whatever the order of its keys', async () => {
    const body = batch('sync-reordered', 'b-1', 4);
    (body.records as Array<Record<string, unknown>>)[0]!.payload = { line: 0, nested: { z: 1, a: [{ y: 2, b: 3 }] } };
    expect((await send(base, 'POST', '/sync/batches', body)).status).toBe(201);
    // What a client that re-serialises sends: every object's keys reversed, values untouched.
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
    };
    const retry = await send(base, 'POST', '/sync/batches', reversed(body));
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ duplicate: true, stored: 0, records: 4 });
    // Order inside arrays is content: the same records in another order are a different batch.
    const shuffled = { ...body, records: [...(body.records as unknown[])].reverse() };
    expect((await send(base, 'POST', '/sync/batches', shuffled)).status).toBe(409);
    expect((await request(base, '/sync/sync-reordered')).body.recordCount).toBe(4);
  });

  it('refuses different content under used ids with 409 and keeps the first batch', async () => {
    expect((await send(base, 'POST', '/sync/batches', batch('sync-conflict', 'b-1', 2))).status).toBe(201);
    const other = await send(base, 'POST', '/sync/batches', batch('sync-conflict', 'b-1', 3));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('E_BATCH_CONFLICT');
    expect((await request(base, '/sync/sync-conflict')).body.recordCount).toBe(2);
  });

  it('validates the envelope', async () => {
    const cases: Array<[unknown, string]> = [
      [{ org: 'o', batchId: 'b', records: [batchRecord(0)] }, 'syncId is required'],
      [{ syncId: 's', org: 'o', batchId: 'b', records: [] }, 'records must NOT have fewer than 1 items'],
      [{ syncId: 's', org: 'o', batchId: 'b', records: {} }, 'records must be an array'],
      [{ syncId: 's', org: 'o', batchId: 'b', records: [batchRecord(0, { org: 'x' })] }, 'records[0].org is not a known field'],
      [{ syncId: 's', org: 'bad org', batchId: 'b', records: [batchRecord(0)] }, 'org must start with a letter or digit'],
    ];
    for (const [body, message] of cases) {
      const res = await send(base, 'POST', '/sync/batches', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    expect((await request(base, '/sync/s')).status).toBe(404);
  });

  it('refuses ids with a lone surrogate (SQLite would give them back as U+FFFD), naming the field', async () => {
    for (const [field, ids] of [['syncId', { syncId: 'lone-\ud800', batchId: 'b' }], ['batchId', { syncId: 'lone', batchId: '\udc00' }]] as const) {
      const res = await send(base, 'POST', '/sync/batches', { ...batch('x', 'x', 1), ...ids });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'E_VALIDATION', field });
      expect(res.body.error.message).toContain(`${field} must be well-formed Unicode text`);
    }
    // Characters outside the BMP (surrogate pairs) are fine, and come back as sent.
    expect((await send(base, 'POST', '/sync/batches', batch('emoji-😀', 'b-😀', 1))).status).toBe(201);
    expect((await request(base, `/sync/${encodeURIComponent('emoji-😀')}`)).body.batches[0].batchId).toBe('b-😀');
  });

  it('answers 404 for a sync with no batch', async () => {
    const res = await request(base, '/sync/never-sent');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('E_NOT_FOUND');
  });
});
