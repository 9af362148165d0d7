import { it, expect } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole } from './helpers/target-server.js';

it.each(['auto', 'per-vu'] as const)('an abort while VUs wait on a target that never answers still ends promptly with a summary (vuThreads %s)', async (vuThreads) => {
  // The target accepts the request and never responds.
  const server = await startTargetServer((req) => req.url === '/hang');
  try {
    const ac = new AbortController();
    // Abort once both VUs' requests are hanging at the target (a slow runner may take longer
    // than any fixed delay to start the VU threads); the 8 s cap keeps a broken engine bounded.
    const t = setInterval(() => (server.hits.get('/hang') ?? 0) >= 2 && ac.abort(), 20);
    setTimeout(() => ac.abort(), 8_000);
    ac.signal.addEventListener('abort', () => clearInterval(t));
    const t0 = Date.now();
    let vusMax: number | undefined;
    const r = await runScript({ scriptPath: new URL('./scripts/hang.js', import.meta.url).pathname, env: { BASE_URL: server.url }, signal: ac.signal, console: captureConsole().console, vuThreads, onProgress: (p) => (vusMax = p.vusMax) });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(vusMax).toBe(2);
    // No request completed: the in-flight ones were abandoned, not counted.
    expect(r.summary.metrics.http_reqs).toBeUndefined();
    expect(server.hits.get('/hang')).toBe(2);
  } finally {
    await server.close();
  }
});

it('a VU that never yields the thread it shares with the lifecycle VU: teardown() and handleSummary() still run, each on a VU initialized for it, as in k6', async () => {
  const out = captureConsole();
  const r = await runScript({ scriptPath: new URL('./scripts/stuck-vu.js', import.meta.url).pathname, env: {}, console: out.console, vuThreads: 'auto', threads: 1 });
  expect(r.exitCode).toBe(0);
  expect(out.lines.filter((l) => /^(init VU|teardown|handleSummary)/.test(l))).toEqual([
    // The options' VU, the two VUs, then setup(), teardown() and the summary each on a fresh VU.
    'init VU 0', 'init VU 1', 'init VU 2', 'init VU 0', 'init VU 0', 'teardown() got {"from":"setup"}', 'init VU 0', 'handleSummary() ran',
  ]);
});
