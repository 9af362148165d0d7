import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { busyWaitMs } from '../../src/target/faults.js';
import { request, send } from './target-client.js';

let target: RunningTarget;
let base: string;

beforeAll(async () => {
  target = await startTarget({ seed: 2000 });
  base = target.url;
});
afterAll(() => target.close());

async function timed(path: string): Promise<{ ms: number; status: number; timing: Record<string, number> }> {
  const started = performance.now();
  const res = await fetch(base + path);
  await res.arrayBuffer();
  const ms = performance.now() - started;
  const timing: Record<string, number> = {};
  for (const part of (res.headers.get('server-timing') ?? '').split(',')) {
    const m = /^\s*(\w+);dur=([\d.]+)/.exec(part);
    if (m) timing[m[1] as string] = Number(m[2]);
  }
  return { ms, status: res.status, timing };
}

describe('latencyMs', () => {
  it('holds every response back at least that long', async () => {
    target.setFaults({ latencyMs: 30 });
    try {
      for (const path of ['/health', '/records/1', '/records/1', '/records?limit=5', '/nope']) {
        const { ms, timing } = await timed(path);
        expect(ms, path).toBeGreaterThanOrEqual(30);
        expect(timing.latency, path).toBeGreaterThanOrEqual(30);
      }
    } finally {
      target.setFaults({ latencyMs: 0 });
    }
  });

  it('can be set at run time through POST /admin/faults', async () => {
    const set = await send(base, 'POST', '/admin/faults', { latencyMs: 25 });
    expect(set.body).toEqual({ latencyMs: 25, slowdown: 1, errorRate: 0 });
    try {
      expect((await timed('/health')).ms).toBeGreaterThanOrEqual(25);
    } finally {
      await send(base, 'POST', '/admin/faults', { latencyMs: 0 });
    }
    expect((await timed('/health')).timing.latency).toBeUndefined();
  });
});

describe('slowdown', () => {
  it('busy-waits (F - 1) times the handler time before answering', async () => {
    const factor = 20;
    target.setFaults({ slowdown: factor });
    try {
      for (let i = 0; i < 5; i++) {
        const { ms, timing } = await timed('/records?limit=500');
        const handler = timing.handler as number;
        expect(handler).toBeGreaterThan(0);
        // Server-Timing values are rounded down, so these lower bounds hold exactly.
        expect(timing.slowdown).toBeGreaterThanOrEqual(Math.floor((factor - 1) * handler * 1000) / 1000 - 0.001);
        expect(ms).toBeGreaterThanOrEqual(handler + (timing.slowdown as number));
      }
    } finally {
      target.setFaults({ slowdown: 1 });
    }
  });

  it('busyWaitMs burns at least the time asked, below timer granularity', () => {
    const started = performance.now();
    const burned = busyWaitMs(0.3);
    expect(burned).toBeGreaterThanOrEqual(0.3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(0.3);
  });
});

describe('errorRate', () => {
  it('1 answers every non-admin request with a 503 JSON error', async () => {
    target.setFaults({ errorRate: 1 });
    try {
      for (const path of ['/health', '/records/1', '/records', '/orgs/org-001/stats', '/sync/x']) {
        const res = await request(base, path);
        expect(res.status, path).toBe(503);
        expect(res.body.error.code).toBe('E_INJECTED_FAULT');
      }
      const write = await send(base, 'POST', '/records', { org: 'x' });
      expect(write.status).toBe(503);
      // Faults never apply to /admin/* and /metrics: that is how a test turns them off again.
      expect((await request(base, '/admin/faults')).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
    } finally {
      expect((await send(base, 'POST', '/admin/faults', { errorRate: 0 })).status).toBe(200);
    }
  });

  it('0 answers none with 503', async () => {
    const statuses = await Promise.all(Array.from({ length: 50 }, () => request(base, '/health').then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('0.5 fails some and serves some (each side misses with probability 2^-300)', async () => {
    target.setFaults({ errorRate: 0.5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++) statuses.push((await request(base, '/health')).status);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    } finally {
      target.setFaults({ errorRate: 0 });
    }
  });
});
