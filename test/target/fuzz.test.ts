import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { batchRecord, newRecord } from './target-client.js';

let target: RunningTarget;

beforeAll(async () => {
  target = await startTarget({ seed: 50, maxBodyBytes: 4096 });
});
afterAll(() => target.close());

/** Deterministic generator so a failure reproduces. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

const paths = [
  '/health', '/records', '/records/1', '/records/0', '/records/x', '/records/%E0%A4%A', '/records?limit=-1', '/records?from=2024-01-01&to=2023-01-01',
  '/records?org=org-001&category=storage&limit=3', '/orgs/org-001/stats', '/orgs/%00/stats', '/sync/batches', '/sync/abc', '/admin/seed',
  '/admin/faults', '/metrics', '/', '//records', '/records/1/extra', '/records?org=' + 'a'.repeat(100),
];
const methods = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'];

function mutate(value: unknown, random: () => number): unknown {
  const pick = random();
  if (pick < 0.15) return null;
  if (pick < 0.3) return 'x'.repeat(Math.floor(random() * 50));
  if (pick < 0.45) return Math.floor(random() * 2e9) - 1e9;
  if (pick < 0.55) return [value];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys[Math.floor(random() * keys.length)] ?? 'k';
    copy[key] = mutate(copy[key], random);
    return copy;
  }
  return value;
}

function body(random: () => number): string | undefined {
  const bases = [newRecord(), { cost_cents: 5 }, { syncId: 's', org: 'o', batchId: 'b', records: [batchRecord(0), batchRecord(1)] }, { count: 3 }, { latencyMs: 0 }];
  const pick = random();
  if (pick < 0.1) return undefined;
  if (pick < 0.2) return '{"truncated": ';
  if (pick < 0.25) return 'x'.repeat(5000);
  const text = JSON.stringify(mutate(bases[Math.floor(random() * bases.length)], random));
  return pick < 0.3 ? text.slice(0, Math.floor(text.length / 2)) : text;
}

describe('random bad requests', () => {
  it('get a JSON answer below 500 every time, and the server keeps serving', async () => {
    const random = generator(20240501);
    for (let i = 0; i < 400; i++) {
      const method = methods[Math.floor(random() * methods.length)] as string;
      const path = paths[Math.floor(random() * paths.length)] as string;
      const init: RequestInit = { method };
      if (method !== 'GET' && method !== 'OPTIONS') init.body = body(random);
      const res = await fetch(target.url + path, init);
      const text = await res.text();
      const where = `#${i} ${method} ${path} ${String(init.body).slice(0, 80)} → ${res.status} ${text.slice(0, 200)}`;
      expect(res.status, where).toBeLessThan(500);
      if (path !== '/metrics' || method !== 'GET') expect(() => JSON.parse(text), where).not.toThrow();
      // Any fault set at random is reset so the next request is judged on its own.
      if (path === '/admin/faults' && res.status === 200) target.setFaults({ latencyMs: 0, slowdown: 1, errorRate: 0 });
    }
    expect((await fetch(`${target.url}/health`)).status).toBe(200);
  });
});
