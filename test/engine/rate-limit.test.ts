/**
 * options.rps (state/rate-limiter.ts): one limit for the whole test, shared by all VUs and
 * threads, as k6's rate limiter with a burst of 1. What is checked is the limiter's promise,
 * not speed: the k-th request cannot reach the server before k intervals after the first.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';
import { SharedRateLimiter } from '../../src/engine/state/rate-limiter.js';

const arrivals: number[] = [];
let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer((req, res) => {
    if (req.url !== '/limited') return false;
    arrivals.push(performance.now());
    res.end('ok');
    return true;
  });
});
afterAll(() => server.close());

const dir = mkdtempSync(join(tmpdir(), 'lg-rps-'));

/**
 * The k-th arrival comes no earlier than k intervals after the first, less half an interval:
 * the first request may reach the server later than its slot (a new connection, a busy
 * machine), the others not earlier than theirs. Unlimited, they would all come within a few ms.
 */
function expectSpaced(times: number[], intervalMs: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  const first = sorted[0] as number;
  sorted.forEach((t, k) => expect(t - first, `request ${k}`).toBeGreaterThanOrEqual(k * intervalMs - intervalMs / 2));
}

describe('options.rps', () => {
  it.each(['auto', 'per-vu'] as const)('spaces the requests of all VUs (%s threads), batches included', async (vuThreads) => {
    arrivals.length = 0;
    const scriptPath = join(dir, `rps-${vuThreads}.js`);
    writeFileSync(
      scriptPath,
      `import http from 'k6/http';
export const options = { rps: 10, scenarios: { a: { executor: 'shared-iterations', vus: 3, iterations: 6 } } };
export default function () {
  http.get(__ENV.BASE_URL + '/limited');
  if (__ITER === 0) http.batch([__ENV.BASE_URL + '/limited', __ENV.BASE_URL + '/limited']);
}
`,
    );
    const r = await runScript({ scriptPath, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads });
    expect(r.exitCode).toBe(0);
    expect(r.warnings.join('\n')).not.toContain('rps');
    expect(arrivals).toHaveLength(6 + 3 * 2);
    expectSpaced(arrivals, 100);
  });

  it('reserves slots 1/rps apart across limiters sharing one buffer, and saves no burst', () => {
    const buffer = SharedRateLimiter.newBuffer();
    const a = new SharedRateLimiter(buffer, 10);
    const b = new SharedRateLimiter(buffer, 10);
    const waits = [a.reserve(), b.reserve(), a.reserve(), b.reserve()];
    expect(waits[0]).toBe(0);
    // 100 ms apart (less the few µs between the calls).
    waits.slice(1).forEach((w, i) => expect(w).toBeGreaterThan((i + 1) * 100 - 5));
  });
});
